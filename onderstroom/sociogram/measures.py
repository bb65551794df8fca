"""Peer-survey figures as measures an action can move (core.measures, registered in panels.py).

- class: the children nobody chose (on any positive question), among the class list of the survey;
- relationship: how many classmates chose the child.

A reading is one survey of the group; without enough participation (the one participation rule)
it has no value and says why. A count has no known measurement error, so the change is shown and
not judged (Verdict.UNJUDGED); follow-up surveys are opened by the teacher, not planned here.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onderstroom.audit import log
from onderstroom.core.measures import (
    Better,
    Judgment,
    Level,
    MeasureOption,
    MeasureSource,
    Reading,
    Target,
    Verdict,
)
from onderstroom.schools.access import StaffActor
from onderstroom.sociogram.access import visible_group_surveys
from onderstroom.sociogram.display import survey_choice_label
from onderstroom.sociogram.results import SurveyResults, load_results

KEY = "sociogram.peers"
UNCHOSEN, CHOSEN_BY = "unchosen", "chosen_by"
READ = "sociogram.measure.view"


def source_label() -> str:
    return _("Peer survey")


def peer_options(actor: StaffActor, target: Target) -> list[MeasureOption]:
    if target.group is None or not visible_group_surveys(actor, target.group).exists():
        return []
    if target.level == Level.CLASS:
        return [
            MeasureOption(
                KEY, UNCHOSEN, str(gettext_lazy("Children nobody chose (peer survey)")), Better.DOWN
            )
        ]
    return [MeasureOption(KEY, CHOSEN_BY, str(gettext_lazy("Classmates who chose the child (peer survey)")))]


def _value(results: SurveyResults, target: Target, key: str) -> float | None:
    rows = [row for row in results.rows if row.on_roster and row.enrolled]
    if key == UNCHOSEN and target.level == Level.CLASS:
        return float(sum(1 for row in rows if row.chosen_by == 0))
    if key == CHOSEN_BY and target.child is not None:
        row = next((r for r in rows if r.child.pk == target.child.pk), None)
        return None if row is None else float(row.chosen_by)
    raise Http404


def peer_series(actor: StaffActor, target: Target, key: str) -> list[Reading]:
    if target.group is None:
        raise Http404
    readings = []
    for survey in visible_group_surveys(actor, target.group).order_by("created_at", "pk"):
        results = load_results(survey)
        enough = results.participation.enough
        readings.append(
            Reading(
                on=timezone.localdate(survey.created_at),
                value=_value(results, target, key) if enough else None,
                n=results.finished,
                ref=f"survey:{survey.uuid}",
                label=survey_choice_label(survey),
                note="" if enough else results.participation.sentence,
            )
        )
    if readings and target.child is not None:
        log.record(actor, READ, child=target.child, obj=target.group)
    return readings


def peer_judgment(
    actor: StaffActor, target: Target, key: str, baseline: Reading, followup: Reading
) -> Judgment:
    return Judgment(
        Verdict.UNJUDGED,
        _("A count of choices has no known measurement error: the change is shown, not judged."),
    )


SOURCE = MeasureSource(
    KEY,
    order=30,
    label=source_label,
    levels=frozenset({Level.CLASS, Level.RELATIONSHIP}),
    options=peer_options,
    series=peer_series,
    judge=peer_judgment,
)
