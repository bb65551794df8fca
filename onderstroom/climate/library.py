"""TEMPORARY (until h-instruments lands): the climate instruments stored through the questionnaires engine."""

import re
from pathlib import Path

from onderstroom.questionnaires.engine import parse_instrument
from onderstroom.questionnaires.library import store_version
from onderstroom.questionnaires.models import InstrumentVersion

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
CLASS_YOUNG = "onderstroom-class-climate-3-4"
CLASS_OLDER = "onderstroom-class-climate-5-8"
PRACTICE = "onderstroom-class-practice"
SCHOOL_STAFF = "onderstroom-school-climate-staff"
SCHOOL_CHILD = "onderstroom-school-climate-5-8"
FILES = {
    CLASS_YOUNG: "class-climate-3-4.yaml",
    CLASS_OLDER: "class-climate-5-8.yaml",
    PRACTICE: "class-practice-teacher.yaml",
    SCHOOL_STAFF: "school-climate-staff.yaml",
    SCHOOL_CHILD: "school-climate-5-8.yaml",
}


def version(key: str) -> InstrumentVersion:
    source = (SHIPPED_DIR / FILES[key]).read_text(encoding="utf-8")
    source = re.sub(r"^subject:.*\n", "", source, flags=re.M).replace(
        "respondent: staff", "respondent: teacher"
    )
    found, _created = store_version(None, parse_instrument(source), source)
    return found


def versions_by_id(ids: list[int]) -> dict[int, InstrumentVersion]:
    return InstrumentVersion.objects.in_bulk(ids)
