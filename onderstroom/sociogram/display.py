"""Words and pictures around the numbers: survey titles, the sociogram's legend and nodes, faces."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from onderstroom.core import dates
from onderstroom.sociogram import svg
from onderstroom.sociogram.models import PeerSurvey, Question
from onderstroom.sociogram.results import SurveyResults
from onderstroom.sociogram.status import Status


def survey_title(survey: PeerSurvey) -> str:
    day = dates.when(survey.created_at, "day")
    if survey.uses_ratings:
        return _("Peer survey of %(day)s (ratings)") % {"day": day}
    return _("Peer survey of %(day)s (naming classmates)") % {"day": day}


def survey_choice_label(survey: PeerSurvey) -> str:
    """The survey among a group's surveys, where "peer survey" is said already (a session's activity)."""
    day = dates.when(survey.created_at, "day")
    if survey.uses_ratings:
        return _("%(day)s (ratings)") % {"day": day}
    return _("%(day)s (naming classmates)") % {"day": day}


def legend(results: SurveyResults) -> svg.Legend:
    survey = results.survey
    statuses: list[tuple[Status | None, str]] = []
    if results.has_status:
        statuses = [(status, str(status.label)) for status in Status]
    return svg.Legend(
        title=_("Sociogram of %(group)s") % {"group": survey.group.name},
        description=_(
            "Every circle is a child; a thick line joins two children who gave each other the happiest face. "
            "Children who got the happiest face more often sit closer to the centre."
        )
        if survey.uses_ratings
        else _(
            "Every circle is a child; an arrow points from a child to a classmate they chose, a thick line "
            "joins two children who chose each other. Children chosen more often sit closer to the centre."
        ),
        one_way="" if survey.uses_ratings else _("chooses"),
        mutual=_("gave each other the happiest face") if survey.uses_ratings else _("chose each other"),
        negative=_("would rather not play with"),
        centre=_("Closer to the centre: chosen more often. Outer ring: chosen by nobody."),
        statuses=statuses,
    )


def nodes(results: SurveyResults, photos: bool) -> list[svg.Node]:
    return [
        svg.Node(
            key=row.child.pk,
            label=row.name,
            status=row.status,
            chosen_by=row.chosen_by,
            photo_url=reverse("schools:child_photo", args=[row.child.uuid])
            if photos and row.child.photo
            else None,
            title=ngettext(
                "%(name)s: chosen by %(n)s classmate", "%(name)s: chosen by %(n)s classmates", row.chosen_by
            )
            % {"name": row.name, "n": row.chosen_by},
        )
        for row in results.rows
        if row.on_roster  # a child who joined later was not in the class the sociogram shows
    ]


def sociogram_svg(results: SurveyResults, photos: bool) -> str:
    # Negative choices are drawn only where the school shows names, and only when there are any.
    return svg.render(
        nodes(results, photos), results.drawn_choices, legend(results), results.negative_choices or None
    )


# --- the child's side ----------------------------------------------------------------------------


RATING_LABELS: dict[int, list[str | Promise]] = {
    3: [gettext_lazy("Not so much"), gettext_lazy("It's okay"), gettext_lazy("Very much")],
    5: [
        gettext_lazy("Not at all"),
        gettext_lazy("Not so much"),
        gettext_lazy("It's okay"),
        gettext_lazy("Quite a lot"),
        gettext_lazy("Very much"),
    ],
}


@dataclass(frozen=True)
class Face:
    value: int
    label: str | Promise
    mouth: str  # SVG path of the mouth: from a frown through flat to a smile


def faces(scale: int) -> list[Face]:
    """The faces of a 3- or 5-point scale; the mouth bends from sad (1) to happy (scale)."""
    found = []
    for i, label in enumerate(RATING_LABELS[scale]):
        bend = -12 + 24 * i / (scale - 1)  # -12 (frown) .. +12 (smile)
        found.append(Face(value=i + 1, label=label, mouth=f"M 20 44 Q 32 {44 + bend:.0f} 44 44"))
    return found


def question_text(question: str) -> str:
    return str(Question(question).label)


def limit_hint(limit: int | None) -> str:
    if limit is None:
        return _("Choose as many classmates as you like. Tap a name again to take it back.")
    return ngettext(
        "Choose 1 classmate. Tap the name again to take it back.",
        "Choose up to %(limit)s classmates. Tap a name again to take it back.",
        limit,
    ) % {"limit": limit}


def findings(results: SurveyResults) -> dict[str, object]:
    """The lists under "What stands out", as names."""
    network = results.network
    names = {row.child.pk: row.name for row in results.rows}
    return {
        "pairs": [(names[a], names[b]) for a, b in network.mutual_pairs],
        "not_chosen": [names[c] for c in network.not_chosen],
        "chose_nobody": [names[c] for c in network.chose_nobody],
        "subgroups": [[names[c] for c in group] for group in network.subgroups],
    }
