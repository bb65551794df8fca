"""The care coordinator's research export of class and school climate: the one place where single
children's climate answers leave the app, pseudonymised, for the groups they support.

One tidy CSV in long format: a row per answer. Children and groups are replaced by codes drawn at
random for each export (the same child is one code throughout a file and another in the next file),
so two exports cannot be joined. No name, pupil number, birth date, group name, date or free text;
the grade the child was in when answering. Only for a school that recorded its consent for research
use (the relationship questionnaires' consent, through their api).
"""

import secrets
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from onderstroom.climate import library
from onderstroom.climate.models import ClimateResponse, Respondent
from onderstroom.core.errors import Refused
from onderstroom.questionnaires.api import has_research_consent
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child

HEADER = ["child", "group", "form", "grade", "instrument", "version", "scale", "item", "value"]


@dataclass(frozen=True)
class Export:
    rows: list[list[object]]
    children: list[Child]


def _code(codes: dict[int, str], key: int, prefix: str) -> str:
    if key not in codes:
        code = f"{prefix}{secrets.token_hex(4)}"
        while code in codes.values():
            code = f"{prefix}{secrets.token_hex(4)}"
        codes[key] = code
    return codes[key]


def build(actor: StaffActor) -> Export:
    """Every child's climate answer in the actor's care groups, pseudonymised; refused without consent."""
    if not actor.is_care or actor.school is None:
        raise Http404
    if not has_research_consent(actor.school.pk):
        raise Refused(
            _("Your school has not recorded consent for research use, so there is no research export.")
        )
    responses = list(
        ClimateResponse.objects.filter(respondent=Respondent.CHILD, group_id__in=actor.care_group_ids)
        .select_related("child")
        .order_by("pk")
    )
    versions = library.versions_by_id({r.version_id for r in responses})
    children: dict[int, str] = {}
    groups: dict[int, str] = {}
    rows: list[list[object]] = []
    for response in responses:
        version = versions[response.version_id]
        spec = version.spec
        form = "class" if response.class_moment_id else "school"
        for item in spec.items:
            if item.key in response.values:
                rows.append(
                    [
                        _code(children, response.child_id or 0, "c"),
                        _code(groups, response.group_id or 0, "g"),
                        form,
                        response.grade,
                        spec.key,
                        version.number,
                        item.scale,
                        item.key,
                        response.values[item.key],
                    ]
                )
    seen = {r.child_id: r.child for r in responses if r.child is not None}
    return Export(rows, list(seen.values()))
