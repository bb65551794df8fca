import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from onderstroom.tenancy import SchoolOwned


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None, full_name: str = "", **extra: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), full_name=full_name, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A member of staff. Children never have a user account."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    must_change_password = models.BooleanField(default=False)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed = models.BooleanField(default=False)
    # The 30-second time step of the last code accepted, so an overheard code cannot be used twice.
    totp_last_step = models.BigIntegerField(null=True, blank=True)
    # Raised to end every session of this user at once ("sign out everywhere").
    session_generation = models.PositiveIntegerField(default=0)
    # Who reset the password and when, until the user has been told at their next sign-in.
    password_reset_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    password_reset_at = models.DateTimeField(null=True, blank=True)
    # Optional, uploaded by the person themselves: children choose the adults they would go to by face
    # and name in a relationship mapping round. Re-encoded to a small JPEG without metadata.
    photo = models.ImageField(_("photo"), upload_to="staff-photos/", blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed

    def get_session_auth_hash(self) -> str:
        """Sessions carry this hash; changing the password or the generation invalidates them all."""
        return salted_hmac(
            "onderstroom.accounts.session",
            f"{self.password}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()


class LoginAttempt(models.Model):
    """Every staff sign-in attempt, successful or not. Feeds the lockout rules."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("signed in")
        BAD_PASSWORD = "bad_password", _("wrong email address or password")
        BAD_TOTP = "bad_totp", _("wrong verification code")
        LOCKED = "locked", _("refused: too many attempts")
        INACTIVE = "inactive", _("account disabled")

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def failed(self) -> bool:
        return self.outcome != self.Outcome.SUCCESS


class SchoolSignIn(SchoolOwned):
    """A school's own accounts (OpenID Connect) as a way for its staff to sign in.

    Set by the school admin on `accounts:school_sign_in`, or by the installation in the environment
    (`ONDERSTROOM_OIDC_<BRIN>_*`, which wins; see accounts/oidc.py). Only issuers of the presets
    (Microsoft Entra ID, Google, SURFconext) or those the installation allows can be chosen: whoever
    controls the issuer can name any e-mail address. The client secret is stored encrypted
    (`secret_box`), or named as an environment variable `ONDERSTROOM_OIDC_SECRET_*` (`secret_env`).
    """

    class Kind(models.TextChoices):
        ENTRA = "entra", _("Microsoft Entra ID (Microsoft 365)")
        GOOGLE = "google", _("Google Workspace")
        SURFCONEXT = "surfconext", _("SURFconext (Dutch education federation)")
        OTHER = "other", _("Other provider allowed by the installation")

    kind = models.CharField(_("provider"), max_length=20, choices=Kind.choices)
    # Entra: the directory (tenant) id; Google: the school's domain (the `hd` claim); else empty.
    tenant = models.CharField(_("tenant or domain"), max_length=100, blank=True)
    issuer = models.URLField(_("issuer"), max_length=300)
    client_id = models.CharField(_("client id"), max_length=200)
    secret_box = models.TextField(blank=True)
    secret_env = models.CharField(
        _("environment variable with the client secret"), max_length=100, blank=True
    )
    enabled = models.BooleanField(_("show the button on the sign-in page"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="one_sign_in_provider_per_school")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issuer})"
