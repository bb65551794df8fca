"""Peer surveys, for the privacy registry (core/childdata.py).

A nomination names two children. The erased child's side goes: their answers (what they gave) and
every nomination or rating of them by classmates. The classmates' own answers stay valid, with
one nomination fewer. An export names the child's choices and who chose them only as "a classmate".
"""

from django.utils.translation import gettext as _

from onderstroom.core.childdata import Erased, Table, classmate, delete_in_order
from onderstroom.schools.models import Child
from onderstroom.sociogram.models import AnswerReceipt, PeerNomination, PeerRating, PeerResponse, RosterEntry


def export_child(child: Child) -> list[Table]:
    roster = list(RosterEntry.objects.filter(child=child).select_related("survey").order_by("survey__pk"))
    responses = list(PeerResponse.objects.filter(child=child).select_related("survey"))
    given = list(
        PeerNomination.objects.filter(response__child=child).select_related("response__survey").order_by("pk")
    )
    received = list(
        PeerNomination.objects.filter(nominee=child).select_related("response__survey").order_by("pk")
    )
    ratings_given = list(PeerRating.objects.filter(response__child=child).select_related("response__survey"))
    ratings_received = list(PeerRating.objects.filter(ratee=child).select_related("response__survey"))
    since = responses[0].started_at.date() if responses else None
    return [
        Table(
            key="sociogram.surveys",
            title=_("Peer surveys"),
            columns=("survey", "grade", "started_at", "finished_at"),
            headers=(_("survey"), _("grade"), _("started"), _("finished")),
            rows=[
                (
                    str(r.survey.uuid),
                    r.grade,
                    *next(
                        ((p.started_at, p.finished_at) for p in responses if p.survey_id == r.survey_id),
                        (None, None),
                    ),
                )
                for r in roster
            ],
            since=since,
        ),
        Table(
            key="sociogram.nominations",
            title=_("Nominations"),
            columns=("survey", "direction", "question", "classmate"),
            headers=(_("survey"), _("direction"), _("question"), _("classmate")),
            rows=[
                *(
                    (str(n.response.survey.uuid), _("given"), n.get_question_display(), classmate())
                    for n in given
                ),
                *(
                    (str(n.response.survey.uuid), _("received"), n.get_question_display(), classmate())
                    for n in received
                ),
            ],
            since=since,
        ),
        Table(
            key="sociogram.ratings",
            title=_("Ratings"),
            columns=("survey", "direction", "value", "classmate"),
            headers=(_("survey"), _("direction"), _("rating"), _("classmate")),
            rows=[
                *((str(r.response.survey.uuid), _("given"), r.value, classmate()) for r in ratings_given),
                *(
                    (str(r.response.survey.uuid), _("received"), r.value, classmate())
                    for r in ratings_received
                ),
            ],
            since=since,
        ),
    ]


def erase_child(child: Child) -> Erased:
    return delete_in_order(
        AnswerReceipt.objects.filter(response__child=child),
        PeerNomination.objects.filter(response__child=child),
        PeerRating.objects.filter(response__child=child),
        PeerResponse.objects.filter(child=child),
        PeerNomination.objects.filter(nominee=child),
        PeerRating.objects.filter(ratee=child),
        RosterEntry.objects.filter(child=child),
    )
