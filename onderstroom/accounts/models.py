import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


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
