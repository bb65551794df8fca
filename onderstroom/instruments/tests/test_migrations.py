"""Moving the instruments out of the questionnaires app loses no response (django-test-migrations).

The database is migrated to the state before the move (questionnaires 0007, no instruments app),
filled with the old models, and migrated forward: every response and answer is still there, on the
same version, now an `instruments.InstrumentVersion`, and the instrument is about a child.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from onderstroom.instruments.library import content_hash

pytestmark = pytest.mark.all_schools

BEFORE = [("questionnaires", "0007_group_signals"), ("instruments", None)]
AFTER = [("questionnaires", "0008_instruments_moved"), ("instruments", "0002_subject")]
DEFINITION = {"key": "old-teacher", "respondent": "teacher", "items": []}  # stored as it was; not read


def test_the_move_keeps_every_response_on_its_version(migrator) -> None:  # type: ignore[no-untyped-def]
    old = migrator.apply_initial_migration(BEFORE).apps
    with pytest.raises(LookupError):
        old.get_model("instruments", "Instrument")
    board = old.get_model("schools", "Board").objects.create(name="Board")
    school = old.get_model("schools", "School").objects.create(board=board, name="De Linde", brin="12AB")
    year = old.get_model("schools", "SchoolYear").objects.create(
        school=school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2027, 7, 31),
    )
    group = old.get_model("schools", "Group").objects.create(school=school, school_year=year, name="6a")
    children = [
        old.get_model("schools", "Child").objects.create(school=school, first_name=name, surname="Jansen")
        for name in ("Sanne", "Daan")
    ]
    teacher = old.get_model("accounts", "User").objects.create(email="anna@example.org", full_name="Anna")
    instrument = old.get_model("questionnaires", "Instrument").objects.create(
        key="old-teacher", respondent="teacher"
    )
    versions = [
        old.get_model("questionnaires", "InstrumentVersion").objects.create(
            instrument=instrument,
            number=number,
            label=str(number),
            sha256=content_hash(str(number)),
            source=str(number),
            definition=DEFINITION,
        )
        for number in (1, 2)
    ]
    moment = old.get_model("questionnaires", "MeasurementMoment").objects.create(
        school=school,
        group=group,
        school_year=year,
        name="Oktober",
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 10, 31),
        teacher_version=versions[1],
    )
    moment.child_versions.set(versions)
    reference = old.get_model("questionnaires", "SchoolReference").objects.create(
        school=school, version=versions[0], school_year=year
    )
    response_model = old.get_model("questionnaires", "Response")
    answer_model = old.get_model("questionnaires", "Answer")
    responses = {}
    for child, version in zip(children, versions, strict=True):
        response = response_model.objects.create(
            school=school,
            moment=moment,
            version=version,
            child=child,
            teacher=teacher,
            respondent="teacher",
            grade=6,
            values={"t01": 4, "t02": 2},
            scores={"closeness": 4.0},
            answered=2,
        )
        for item, value in response.values.items():
            answer_model.objects.create(
                school=school,
                response=response,
                item=item,
                value=value,
                client_id=uuid.uuid4(),
                answered_at=timezone.now(),
            )
        responses[response.pk] = version.pk

    new = migrator.apply_tested_migration(AFTER).apps
    with pytest.raises(LookupError):
        new.get_model("questionnaires", "InstrumentVersion")
    new_version = new.get_model("instruments", "InstrumentVersion")
    moved = new.get_model("instruments", "Instrument").objects.get()
    assert (moved.pk, moved.key, moved.respondent, moved.subject) == (
        instrument.pk,
        "old-teacher",
        "teacher",
        "child",
    )
    assert list(new_version.objects.order_by("number").values_list("pk", "instrument_id", "sha256")) == [
        (v.pk, instrument.pk, v.sha256) for v in versions
    ]
    new_response = new.get_model("questionnaires", "Response")
    assert dict(new_response.objects.values_list("pk", "version_id")) == responses
    for response in new_response.objects.select_related("version__instrument"):
        assert isinstance(response.version, new_version)
        assert response.version.instrument.key == "old-teacher"
        assert dict(response.answers.values_list("item", "value")) == {"t01": 4, "t02": 2}
    assert new.get_model("questionnaires", "Answer").objects.count() == 4
    new_moment = new.get_model("questionnaires", "MeasurementMoment").objects.get()
    assert new_moment.teacher_version_id == versions[1].pk
    assert sorted(new_moment.child_versions.values_list("pk", flat=True)) == [v.pk for v in versions]
    assert new.get_model("questionnaires", "SchoolReference").objects.get().version_id == reference.version_id
    # The old rows live on under the new model, and new ones go in the same table.
    extra = new_version.objects.create(
        instrument=moved, number=3, label="3", sha256=content_hash("3"), source="3", definition=DEFINITION
    )
    assert new_version.objects.filter(instrument=moved).count() == 3
    assert extra.pk not in {v.pk for v in versions}
