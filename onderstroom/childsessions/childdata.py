"""Class-session sign-ins and picture-code locks, for the privacy registry (core/childdata.py)."""

from django.utils.translation import gettext as _

from onderstroom.childsessions.models import ChildSignIn, PictureLock
from onderstroom.core.childdata import Erased, Table
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    sign_ins = list(
        ChildSignIn.objects.filter(child=child)
        .select_related("class_session")
        .order_by("class_session__opened_at")
    )
    lock = PictureLock.objects.filter(child=child).first()
    return [
        Table(
            key="childsessions.sign_ins",
            title=_("Class sessions signed in to"),
            columns=("session_opened_at", "signed_in_at"),
            headers=(_("session opened"), _("signed in")),
            rows=[
                (
                    s.class_session.opened_at,
                    s.signed_in_at,
                )
                for s in sign_ins
            ],
            since=sign_ins[0].class_session.opened_at.date() if sign_ins else None,
        ),
        Table(
            key="childsessions.picture_lock",
            title=_("Wrong picture codes"),
            columns=("wrong_tries", "locked"),
            headers=(_("wrong tries"), _("locked")),
            rows=[(lock.failed_attempts, lock.locked)] if lock else [],
        ),
    ]


def erase_child(child: Child) -> Erased:
    sign_ins, _by_model = ChildSignIn.objects.filter(child=child).delete()
    locks, _by_model = PictureLock.objects.filter(child=child).delete()
    return Erased(deleted=sign_ins + locks)
