"""Relationship actions about a child and their reviews, for the privacy registry (core/childdata.py).

An action at relationship level names one child; its goal and notes describe the relationship, so
erasure deletes it, with its reviews. Class and school actions name no child and stay.
"""

from django.utils.translation import gettext as _

from onderstroom.actionplan.catalogue import label_of
from onderstroom.actionplan.models import Action, Review
from onderstroom.core.childdata import Erased, Table
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    actions = list(Action.objects.filter(child=child).select_related("owner").order_by("starts_on", "pk"))
    reviews = list(
        Review.objects.filter(action__child=child)
        .select_related("action", "decided_by")
        .order_by("action__starts_on", "action", "decided_at", "pk")
    )
    return [
        Table(
            key="actionplan.actions",
            title=_("Actions for the relationship"),
            columns=(
                "starts_on",
                "review_on",
                "owner",
                "goal",
                "action",
                "what",
                "decision",
                "decision_note",
            ),
            headers=(
                _("start"),
                _("review"),
                _("owner"),
                _("goal"),
                _("action"),
                _("what will be done"),
                _("decision"),
                _("note"),
            ),
            rows=[
                (
                    a.starts_on,
                    a.review_on,
                    a.owner.full_name or a.owner.email,
                    a.goal,
                    label_of(a.catalogue_key),
                    a.what,
                    a.get_decision_display() if a.decision else "",
                    a.decision_note,
                )
                for a in actions
            ],
            since=actions[0].starts_on if actions else None,
        ),
        Table(
            key="actionplan.reviews",
            title=_("Reviews of those actions"),
            columns=("goal", "due_on", "decision", "note", "decided_by", "decided_at", "next_review_on"),
            headers=(
                _("goal"),
                _("review"),
                _("decision"),
                _("note"),
                _("decided by"),
                _("decided on"),
                _("next review"),
            ),
            rows=[
                (
                    r.action.goal,
                    r.due_on,
                    r.get_decision_display(),
                    r.note,
                    str(r.decided_by) if r.decided_by else "",  # the name, or the e-mail
                    r.decided_at,
                    r.next_review_on,
                )
                for r in reviews
            ],
            since=reviews[0].due_on if reviews else None,
        ),
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = Action.objects.filter(child=child).delete()
    return Erased(deleted=deleted)
