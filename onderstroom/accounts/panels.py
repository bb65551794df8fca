"""What accounts add to shared places: the names of their audit codes (registered by `register()`)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.accounts.models import LoginAttempt, SchoolSignIn
from onderstroom.accounts.services import Refusal
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels


def register() -> None:
    """Everything this app adds to shared places (AppConfig.ready calls this once)."""
    audit_labels.register(
        AuditLabels(
            "accounts",
            actions={
                "accounts.password.change": _("Changed their password"),
                "accounts.photo.set": _("Saved their own photo"),
                "accounts.photo.remove": _("Removed their own photo"),
                "accounts.password.reset": _("Reset a colleague's password"),
                "accounts.password.set_with_link": _("Chose a new password with a reset link"),
                "accounts.sign_in": _("Signed in"),
                "accounts.sign_out": _("Signed out"),
                "accounts.sign_out_everywhere": _("Signed out everywhere"),
                "accounts.totp.disable": _("Switched off two-step sign-in"),
                "accounts.totp.enable": _("Switched on two-step sign-in"),
                "accounts.school_account.sign_in": _("Signed in with the school's account"),
                "accounts.school_account.refused": _("Sign-in with a school account refused"),
                "accounts.school_sign_in.change": _("Changed the sign-in with the school's accounts"),
            },
            values=lambda: [*LoginAttempt.Outcome.choices, *Refusal.choices, *SchoolSignIn.Kind.choices],
        )
    )
