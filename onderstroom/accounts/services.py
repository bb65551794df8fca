"""State changes of staff accounts."""

import secrets

from django.db import transaction

from onderstroom.accounts.models import User

# Easy to read aloud and to type on a tablet: no 0/O, 1/l/I.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """Three groups of four characters, e.g. 'k7pw-3mza-q9rt' (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def issue_temporary_password(user: User) -> str:
    """Give the user a new one-time password, end all their sessions, and make them choose their own.

    Callers check access and write the audit row; this only changes the account.
    """
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.session_generation += 1
        user.save(update_fields=["password", "must_change_password", "session_generation"])
    return password
