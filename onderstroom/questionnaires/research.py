"""The research export: every answer of the school's questionnaires in long format, pseudonymised.

One ZIP with `answers.csv` (one row per answer), the same table as SPSS `answers.sav`, a codebook in
tidy CSV files (variables, instruments, scales, items with their reverse keys, answer options) and a
short README. What it never holds: a name, a pupil number, a birth date (only the grade the child was
in when answering), a group's or a moment's name, or any free text. Children, staff, groups and
moments are replaced by pseudonyms drawn at random for each export: the same child is the same code
throughout one file, and a different code in the next export, so two exports cannot be joined.

Only for a school that has recorded consent for research use (`ResearchConsent`); the care
coordinator exports the groups they support, the school admin (director) the whole school.
"""

import io
import secrets
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onderstroom.core.errors import Refused
from onderstroom.core.exports import write_csv
from onderstroom.instruments.models import InstrumentVersion
from onderstroom.questionnaires.models import ResearchConsent, Response
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child

ANSWER_COLUMNS = [
    "child",
    "staff",
    "respondent",
    "group",
    "moment",
    "moment_opens",
    "grade",
    "gender",
    "instrument",
    "version",
    "scale",
    "item",
    "value",
]


def variables() -> list[tuple[str, str]]:
    """The codebook's variables: every column of answers.csv and what it means."""
    meanings = [
        _("The child: a pseudonym drawn for this export only."),
        _("The member of staff in the relationship (who rated, or whom the child rated): a pseudonym."),
        _("Who answered: teacher or child."),
        _("The group the moment was held in: a pseudonym."),
        _("The measurement moment: a pseudonym."),
        _("The date the moment opened (YYYY-MM-DD)."),
        _("The child's grade when answering (the birth date is not exported)."),
        _("The child's gender: f, m, x, or empty."),
        _("The questionnaire's key (see codebook_instruments.csv)."),
        _("The version number of the questionnaire at this school (see codebook_instruments.csv)."),
        _("The scale the item belongs to (see codebook_scales.csv)."),
        _("The item's key (see codebook_items.csv)."),
        _("The answer as given, before reverse keying (see codebook_options.csv)."),
    ]
    return list(zip(ANSWER_COLUMNS, meanings, strict=True))


class Pseudonyms:
    """Random codes, stable within one export: a prefix and eight hex digits."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.codes: dict[object, str] = {}

    def __call__(self, key: object) -> str:
        if key not in self.codes:
            taken = set(self.codes.values())
            code = f"{self.prefix}{secrets.token_hex(4)}"
            while code in taken:
                code = f"{self.prefix}{secrets.token_hex(4)}"
            self.codes[key] = code
        return self.codes[key]


@dataclass
class ResearchExport:
    rows: list[list[Any]] = field(default_factory=list)
    versions: list[InstrumentVersion] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)


def consent_of(actor: StaffActor) -> ResearchConsent | None:
    if actor.school is None:
        return None
    return ResearchConsent.objects.filter(school=actor.school).select_related("recorded_by").first()


def may_export(actor: StaffActor) -> bool:
    return actor.is_school_admin or actor.is_care


def _responses(actor: StaffActor) -> QuerySet[Response]:
    responses = Response.objects.filter(school=actor.school)
    if not actor.is_school_admin:  # the care coordinator: the groups they support
        responses = responses.filter(moment__group_id__in=actor.care_group_ids)
    return responses


def build(actor: StaffActor) -> ResearchExport:
    """The answers the actor may export, pseudonymised. Refused without the school's consent.

    Three queries: the consent, the responses with their moment and child, and their versions."""
    if not may_export(actor):
        raise Refused(_("Only a care coordinator or the school's director can make a research export."))
    if consent_of(actor) is None:
        raise Refused(
            _(
                "Your school has not recorded consent for research use. The school administrator "
                "records it under Research export; until then nothing is exported."
            )
        )
    responses = list(
        _responses(actor)
        .select_related("moment", "child")
        .order_by("moment__opens_on", "moment_id", "respondent", "pk")
    )
    versions = {v.pk: v for v in InstrumentVersion.objects.filter(pk__in={r.version_id for r in responses})}
    child, staff = Pseudonyms("C"), Pseudonyms("S")
    group, moment = Pseudonyms("G"), Pseudonyms("M")
    export = ResearchExport()
    children: dict[int, Child] = {}
    for response in responses:
        version = versions[response.version_id]
        spec = version.spec
        children[response.child_id] = response.child
        fixed = [
            child(response.child_id),
            staff(response.teacher_id),
            response.respondent,
            group(response.moment.group_id),
            moment(response.moment_id),
            response.moment.opens_on.isoformat(),
            response.grade,
            response.child.gender,
            spec.key,
            version.number,
        ]
        for item in spec.items:
            value = response.values.get(item.key)
            if isinstance(value, int) and not isinstance(value, bool):  # answers are numbers; nothing else
                export.rows.append([*fixed, item.scale, item.key, value])
    export.versions = sorted(versions.values(), key=lambda v: (v.spec.key, v.number))
    export.children = list(children.values())
    return export


def _codebook(versions: Iterable[InstrumentVersion]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    instruments: list[list[Any]] = []
    scales: list[list[Any]] = []
    items: list[list[Any]] = []
    options: list[list[Any]] = []
    for version in versions:
        spec = version.spec
        instruments.append(
            [spec.key, version.number, version.label, spec.respondent, spec.title.get(), len(spec.items)]
        )
        for scale in spec.scales:
            scales.append([spec.key, version.number, scale.key, scale.label.get(), scale.construct or ""])
        for item in spec.items:
            items.append(
                [
                    spec.key,
                    version.number,
                    item.key,
                    item.scale,
                    "yes" if item.reverse else "no",
                    item.text.get(),
                ]
            )
        for option in spec.options:
            options.append([spec.key, version.number, option.value, option.label.get()])
    return {
        "codebook_variables.csv": (["variable", "meaning"], [list(pair) for pair in variables()]),
        "codebook_instruments.csv": (
            ["instrument", "version", "version_label", "respondent", "title", "items"],
            instruments,
        ),
        "codebook_scales.csv": (["instrument", "version", "scale", "label", "construct"], scales),
        "codebook_items.csv": (["instrument", "version", "item", "scale", "reverse", "text"], items),
        "codebook_options.csv": (["instrument", "version", "value", "label"], options),
    }


def _sav(rows: list[list[Any]]) -> bytes:
    """answers.sav: the same rows and columns as answers.csv, with the variables' meanings as labels."""
    import pandas as pd  # imported on use, like openpyxl
    import pyreadstat

    frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    for column in ("grade", "version", "value"):
        frame[column] = frame[column].astype("int64")
    labels: list[str | None] = [meaning[:250] for _name, meaning in variables()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.sav"
        pyreadstat.write_sav(frame, str(path), column_labels=labels)
        return path.read_bytes()


def to_zip(export: ResearchExport) -> bytes:
    made = _("Onderstroom research export, made on %(date)s.") % {"date": timezone.localdate().isoformat()}
    about = _(
        "answers.csv (semicolon-separated, UTF-8) and answers.sav hold the same table: one row per "
        "answer. Children, staff, groups and moments are pseudonyms drawn for this export only. "
        "There are no names, pupil numbers, birth dates or free texts. The codebook_*.csv files "
        "describe the variables, questionnaires, scales, items (with reverse keys) and answer options."
    )
    readme = f"{made}\n\n{about}\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("answers.csv", write_csv(ANSWER_COLUMNS, export.rows))
        archive.writestr("answers.sav", _sav(export.rows))
        for name, (header, rows) in _codebook(export.versions).items():
            archive.writestr(name, write_csv(header, rows))
    return buffer.getvalue()
