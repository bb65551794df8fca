"""Relationship mapping, for the privacy registry (core/childdata.py).

A child's data here: the adults they named (or nobody), the staff who marked them, and the champion
and check-ins about them. Erasing the child removes all of it.
"""

from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table, delete_in_order
from onderstroom.mapping.models import Champion, CheckIn, ChildAnswer, MarkReceipt, NamedAdult, StaffMark
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    answers = list(ChildAnswer.objects.filter(child=child).select_related("round").order_by("answered_at"))
    named = list(NamedAdult.objects.filter(answer__child=child).select_related("adult", "answer__round"))
    marks = list(StaffMark.objects.filter(child=child).select_related("staff", "round").order_by("marked_at"))
    champions = list(Champion.objects.filter(child=child).select_related("champion", "round"))
    check_ins = list(CheckIn.objects.filter(champion__child=child).select_related("champion__round"))
    return [
        Table(
            key="mapping.answers",
            title=_("Adults the child would go to"),
            columns=("round", "answered_at", "adult"),
            headers=(_("round"), _("answered"), _("adult")),
            rows=[
                *((str(a.round.uuid), a.answered_at, _("nobody")) for a in answers if a.nobody),
                *((str(n.answer.round.uuid), n.answer.answered_at, n.adult.full_name) for n in named),
            ],
            since=answers[0].answered_at.date() if answers else None,
        ),
        Table(
            key="mapping.marks",
            title=_("Staff the child would come to"),
            columns=("round", "marked_at", "staff"),
            headers=(_("round"), _("marked"), _("member of staff")),
            rows=[(str(m.round.uuid), m.marked_at, m.staff.full_name) for m in marks],
            since=marks[0].marked_at.date() if marks else None,
        ),
        Table(
            key="mapping.champions",
            title=_("Champions"),
            columns=("round", "champion", "started_on", "check_in", "note"),
            headers=(_("round"), _("champion"), _("since"), _("check-in"), _("note")),
            rows=[
                *((str(c.round.uuid), c.champion.full_name, c.started_on, "", "") for c in champions),
                *(
                    (str(k.champion.round.uuid), "", k.written_at.date(), k.get_due_display(), k.note)
                    for k in check_ins
                ),
            ],
        ),
    ]


def erase_child(child: Child) -> Erased:
    return delete_in_order(
        CheckIn.objects.filter(champion__child=child),
        Champion.objects.filter(child=child),
        NamedAdult.objects.filter(answer__child=child),
        ChildAnswer.objects.filter(child=child),
        MarkReceipt.objects.filter(child=child),
        StaffMark.objects.filter(child=child),
    )
