from django.core.management.base import BaseCommand, CommandError, CommandParser

from onderstroom.accounts.models import User
from onderstroom.accounts.services import issue_temporary_password
from onderstroom.audit import log
from onderstroom.schools.access import SystemActor


class Command(BaseCommand):
    help = "Give a member of staff a temporary password (and optionally switch off two-step verification)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--disable-two-step", action="store_true", help="also switch off TOTP (lost phone)"
        )

    def handle(self, *args: object, **options: object) -> None:
        user = User.objects.filter(email__iexact=str(options["email"]).strip()).first()
        if user is None:
            raise CommandError(f"No account with the email address {options['email']}.")
        password = issue_temporary_password(user)
        actor = SystemActor(name="manage.py reset_password")
        if options["disable_two_step"]:
            user.totp_secret, user.totp_confirmed, user.totp_last_step = "", False, None
            user.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
            log.record(actor, "accounts.totp.disable", obj=user)
        log.record(actor, "accounts.password.reset", obj=user)
        self.stdout.write(f"Temporary password for {user.email}: {password}")
        self.stdout.write("They must choose their own password when they sign in.")
