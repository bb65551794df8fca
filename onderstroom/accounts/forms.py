"""Forms of the sign-in and account screens. They only check the shape of the input;
passwords and codes are checked by the services."""

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from onderstroom.accounts import oidc
from onderstroom.accounts.models import SchoolSignIn, User

# Long enough for any passphrase, short enough that nobody makes the server hash megabytes.
MAX_PASSWORD_LENGTH = 1024
_CODE_SEPARATORS = re.compile(r"[\s-]+")


class SignInForm(forms.Form):
    # The labels "Email address"/"Password" are what testing.browser.sign_in() looks for.
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = _CODE_SEPARATORS.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits from your authenticator app."))
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class NewPasswordForm(forms.Form):
    """A new password, twice, that passes the password rules; used through a reset link."""

    new_password = forms.CharField(
        label=_("New password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        help_text=_(
            "At least 10 characters. A sentence of a few words is easy to remember and hard to guess."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or self.cleaned_data
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if not isinstance(new, str) or again is None:
            return cleaned
        if new != again:
            self.add_error("new_password_again", _("The two new passwords are not the same."))
        elif new == cleaned.get("current_password"):
            self.add_error("new_password", _("Choose a password that differs from your current one."))
        else:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", [_reworded(e) for e in error.error_list])
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    current_password = forms.CharField(
        label=_("Current password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "new_password", "new_password_again"]

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        super().__init__(user, *args, **kwargs)
        if user.must_change_password:
            self.fields["current_password"].label = _("Temporary password")

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


def _reworded(error: forms.ValidationError) -> forms.ValidationError:
    """Django's Dutch catalogue lacks the too-short message; say it ourselves so it is never English."""
    if error.code != "password_too_short":
        return error
    minimum = (error.params or {}).get("min_length", 10)
    return forms.ValidationError(
        _("This password is too short: use at least %(min_length)d characters.") % {"min_length": minimum},
        code=error.code,
    )


class SchoolSignInForm(forms.Form):
    """The school admin's choice of the school's own accounts (accounts/oidc.py checks the issuer)."""

    kind = forms.ChoiceField(label=_("Provider"), choices=SchoolSignIn.Kind.choices, widget=forms.RadioSelect)
    tenant = forms.CharField(
        label=_("Tenant or domain"),
        max_length=100,
        required=False,
        help_text=_(
            "Microsoft Entra ID: the directory (tenant) ID. Google Workspace: your school's domain, so "
            "that only its accounts are let in. Otherwise leave it empty."
        ),
    )
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=300,
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
        help_text=_("Only for another provider, and only one the installation allows."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored secret."),
    )
    secret_env = forms.CharField(
        label=_("Or: environment variable with the secret"),
        max_length=100,
        required=False,
        help_text=_("A name starting with ONDERSTROOM_OIDC_SECRET_, set by the installation."),
    )
    enabled = forms.BooleanField(label=_("Show the button on the sign-in page"), required=False)

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def clean_secret_env(self) -> str:
        name = self.cleaned_data["secret_env"].strip()
        if name and not oidc.SECRET_ENV_PATTERN.fullmatch(name):
            raise forms.ValidationError(
                _("The name must start with ONDERSTROOM_OIDC_SECRET_ and hold only capitals, digits and _.")
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data:
            try:
                data["issuer"] = oidc.issuer_for(
                    data["kind"], data.get("tenant", ""), data.get("issuer") or ""
                )
            except forms.ValidationError as error:
                field = "issuer" if data["kind"] == SchoolSignIn.Kind.OTHER else "tenant"
                self.add_error(field, error)
        if not (data.get("client_secret") or data.get("secret_env") or self.has_secret):
            self.add_error("client_secret", _("Enter the client secret, or the variable that holds it."))
        return data


class OwnPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "A JPEG or PNG photo of at most 5 MB. It is made smaller and stripped of location data. "
            "Children of your school see it when they choose the adults they would go to."
        ),
        error_messages={"required": _("Choose a photo first.")},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
