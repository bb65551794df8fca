"""Read gates of the accounts app."""

from onderstroom.accounts.models import SchoolSignIn
from onderstroom.schools.access import Actor, school_admin


def school_sign_in(actor: Actor) -> SchoolSignIn | None:
    """The admin's school's own accounts as a way to sign in, if set; anyone but its admin: 404."""
    admin = school_admin(actor)
    return SchoolSignIn.objects.filter(school=admin.school).first()
