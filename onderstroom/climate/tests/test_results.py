"""Class and school results: aggregates only, nothing below five answers and saying why; the CSV."""

import csv
import io

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onderstroom.climate import results
from onderstroom.climate.models import ClassMoment, ClimateResponse, Respondent, SchoolRound
from onderstroom.climate.scoring import scale_scores, shown_counts, too_few
from onderstroom.climate.tests.helpers import make_round, world_moment, world_round
from onderstroom.schools.models import Enrollment, Group, Role, SchoolYear
from onderstroom.testing.world import World, add_child, make_child, make_staff, set_up

FEW = "4 antwoorden: te weinig om iets te tonen zonder dat je een kind herkent."


@set_up
def answer_class(moment: ClassMoment, count: int, value: int = 4) -> None:
    """`count` children of the moment's group answer every question with `value` (pupils added as needed)."""
    group = moment.group
    while Enrollment.objects.filter(group=group).count() < count:
        add_child(group, make_child(group.school), 5)
    for e in Enrollment.objects.filter(group=group).order_by("pk")[:count]:
        version = moment.young_version if e.grade <= 4 else moment.older_version
        spec = version.spec
        values = {item.key: min(value, spec.max_value) for item in spec.items}
        ClimateResponse.objects.create(
            school=group.school,
            class_moment=moment,
            version=version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=group,
            grade=e.grade,
            values=values,
            scores=scale_scores(spec, values),
            answered=len(values),
            completed_at=timezone.now(),
        )


def test_four_answers_show_nothing_and_say_why(world: World, client: Client) -> None:
    moment = world_moment(world)
    answer_class(moment, 4)
    found = results.class_result(moment, world.teacher.pk)
    assert not found.shown
    assert all(line.score is None for line in found.lines)
    assert found.reason == FEW
    client.force_login(world.teacher)
    page = client.get(reverse("climate:result", args=[moment.uuid])).content.decode()
    assert FEW in page
    board = client.get(reverse("climate:board", args=[moment.uuid])).content.decode()
    assert "climate-bar" not in board


def test_five_answers_show_the_class_aggregates_beside_the_teachers_own_view(
    world: World, client: Client
) -> None:
    moment = world_moment(world)
    answer_class(moment, 5, value=1)
    spec = moment.practice_version.spec
    values = {item.key: 4 for item in spec.items}
    ClimateResponse.objects.create(
        school=world.school,
        class_moment=moment,
        version=moment.practice_version,
        respondent=Respondent.TEACHER,
        user=world.teacher,
        group=world.group,
        values=values,
        scores=scale_scores(spec, values),
        answered=9,
    )
    found = results.class_result(moment, world.teacher.pk)
    assert found.shown
    assert found.answers == 5
    by_key = {line.key: line for line in found.lines}
    assert by_key["belonging"].score == 0.0  # "no" on every question
    assert by_key["cooperation"].own == 100.0
    assert {p.lever for p in found.proposals} == {"cooperation", "learning_talk", "getting_along"}
    client.force_login(world.teacher)
    page = client.get(reverse("climate:result", args=[moment.uuid])).content.decode()
    assert "Samen leren scoort laag in Groep 4/5/6: kies een coöperatieve werkvorm." in page
    new_class = reverse("actionplan:new_class", args=[world.group.uuid])
    query = "suggestion=cooperative_structure&amp;measure=climate.class%3Acooperation"
    assert f'href="{new_class}?{query}"' in page
    # The care coordinator sees the class, never the teacher's self-assessment.
    assert results.class_result(moment, None).lines[1].own is None


@given(st.integers(min_value=0, max_value=40))
@settings(max_examples=25, deadline=None)
def test_a_class_number_is_shown_exactly_from_five_answers(count: int) -> None:
    """The one suppression decides: nothing at all from 1 to 4 answers, aggregates from 5."""
    assert shown_counts([count]) == [count >= 5]
    if 0 < count < 5:
        assert str(count) in too_few(count)


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8))
@settings(max_examples=40, deadline=None)
def test_no_group_count_below_five_is_shown_in_the_school_report(counts: list[int]) -> None:
    shown = shown_counts(counts)
    assert all(count >= 5 for count, ok in zip(counts, shown, strict=True) if ok)


@set_up
def answer_round(found: SchoolRound, group: Group, count: int, staff: int) -> None:
    while Enrollment.objects.filter(group=group, grade__gte=5).count() < count:
        add_child(group, make_child(group.school), 7)
    spec = found.child_version.spec
    values = {item.key: 3 for item in spec.items}
    for e in Enrollment.objects.filter(group=group, grade__gte=5).order_by("pk")[:count]:
        ClimateResponse.objects.create(
            school=group.school,
            school_round=found,
            version=found.child_version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=group,
            grade=e.grade,
            values=values,
            scores=scale_scores(spec, values),
            answered=len(values),
            completed_at=timezone.now(),
        )
    spec = found.staff_version.spec
    values = {item.key: 4 for item in spec.items}
    for _n in range(staff):
        user = make_staff(group.school, [Role.STAFF])
        ClimateResponse.objects.create(
            school=group.school,
            school_round=found,
            version=found.staff_version,
            respondent=Respondent.STAFF,
            user=user,
            values=values,
            scores=scale_scores(spec, values),
            answered=len(values),
            completed_at=timezone.now(),
        )


def test_the_monitoring_csv_holds_only_aggregates_with_participation_per_group(
    world: World, client: Client
) -> None:
    found = world_round(world)
    answer_round(found, world.group, 6, staff=5)
    answer_round(found, world.other_group, 2, staff=0)
    client.force_login(world.admin)
    response = client.get(reverse("climate:school") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == [
        "schooljaar",
        "rij",
        "groep",
        "respondenten",
        "schaal",
        "verwacht",
        "aantal geantwoord",
        "gemiddelde (0-100)",
    ]
    participation = [row for row in body if row[1] == "deelname"]
    # Two answers in group 7 read "<5"; the 6 of the other group is hidden too,
    # or the total would give the 2 away.
    assert {row[2]: row[6] for row in participation} == {"Groep 4/5/6": "•", "Groep 7": "<5"}
    averages = [row for row in body if row[1] == "schoolgemiddelde"]
    assert len(averages) == 14  # seven scales, for the children and for the staff
    assert all(row[2] == "" for row in averages)  # no group's own average
    children = [row for row in averages if row[3] == "kinderen"]
    assert all(row[6] == "8" for row in children)
    assert children[0][4:] == ["Ruimte voor ontmoeting", "9", "8", "66,70"]
    names = {e.child.full_name for e in Enrollment.objects.select_related("child")}
    text = response.content.decode("utf-8-sig")
    assert not any(name in text for name in names)


@set_up
def last_years_round(world: World, value: int) -> SchoolRound:
    """A round in the school year before the world's, with six children and five staff answering `value`."""
    this_year = world.group.school_year
    name = f"{this_year.starts_on.year - 1}-{this_year.starts_on.year}"
    starts_on, ends_on = SchoolYear.bounds_for(name)
    year = SchoolYear.objects.create(school=world.school, name=name, starts_on=starts_on, ends_on=ends_on)
    group = Group.objects.create(school=world.school, school_year=year, name="Groep 6", grades=[6])
    found = make_round(group, days_ago=(timezone.localdate() - starts_on).days - 60)
    SchoolRound.objects.filter(pk=found.pk).update(school_year=year)
    spec = found.child_version.spec
    values = {item.key: value for item in spec.items}
    for _n in range(6):
        e = add_child(group, make_child(world.school), 6)
        ClimateResponse.objects.create(
            school=world.school,
            school_round=found,
            version=found.child_version,
            respondent=Respondent.CHILD,
            child=e.child,
            group=group,
            grade=6,
            values=values,
            scores=scale_scores(spec, values),
            answered=len(values),
            completed_at=timezone.now(),
        )
    return found


def test_the_report_shows_the_change_since_last_year_and_the_notice(world: World, client: Client) -> None:
    found = world_round(world)
    answer_round(found, world.group, 6, staff=0)
    before = last_years_round(world, 2)
    report = results.school_report(found)
    assert report.previous is not None
    assert report.previous.pk == before.pk
    safety = next(line for line in report.children.lines if line.key == "wellbeing")
    assert round(safety.previous or 0, 2) == 33.33
    assert round(safety.change or 0, 2) == 33.33
    client.force_login(world.admin)
    page = client.get(reverse("climate:school")).content.decode()
    assert "niet gevalideerd" in page
    assert reverse("questionnaires:instruments") in page
