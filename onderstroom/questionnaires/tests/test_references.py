"""Compute once, read many: stored scores and stored school references give the numbers a full
recomputation gives, pages read only their own children's answers, and answers keep the store fresh."""

import importlib
import json
import re
import uuid
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from onderstroom import statistics
from onderstroom.instruments.engine import parse_instrument
from onderstroom.instruments.scoring import MIN_REFERENCE, Reference, ScaleSummary, grade_band, scale_scores
from onderstroom.questionnaires import analysis, references, services
from onderstroom.questionnaires.analysis import ResponseSet
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.library import SHIPPED_DIR
from onderstroom.questionnaires.models import Response, SchoolReference
from onderstroom.questionnaires.scoring import decide_profile, stored_profile
from onderstroom.questionnaires.services import AnswerIn
from onderstroom.schools.access import build_staff_actor, today
from onderstroom.testing.world import Persona, World, add_child, make_child

pytestmark = pytest.mark.django_db


TEACHER = parse_instrument((SHIPPED_DIR / "teacher-about-child.yaml").read_text())


def value_sets(spec):  # type: ignore[no-untyped-def]
    """Responses with any answers, some items left open."""
    answer = st.one_of(st.none(), st.integers(spec.min_value, spec.max_value))
    one = st.fixed_dictionaries({item.key: answer for item in spec.items}).map(
        lambda values: {key: value for key, value in values.items() if value is not None}
    )
    return st.lists(one, max_size=60)


def stored_copy(reference: Reference) -> Reference:
    """The reference as `references` stores and reads it: through JSON, as the database keeps it."""
    data = json.loads(json.dumps({key: s.to_json() for key, s in reference.summaries.items()}))
    return Reference.stored(reference.spec, {key: ScaleSummary.from_json(d) for key, d in data.items()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_stored_reference_gives_the_numbers_of_the_full_recomputation(data: st.DataObject) -> None:
    spec = TEACHER
    sets = data.draw(value_sets(spec))
    full = Reference(spec)
    for values in sets:
        full.add(values, scale_scores(spec, values))
    stored = stored_copy(full)
    for scale in spec.scales:
        scores = sorted(full.scores_of(scale.key))
        rows = [
            [
                v if not i.reverse else spec.min_value + spec.max_value - v
                for i in spec.items_of(scale.key)
                for v in [values[i.key]]
            ]
            for values in sets
            if all(values.get(i.key) is not None for i in spec.items_of(scale.key))
        ]
        # The statistics as they were computed from every response before anything was stored.
        assert stored.stats(scale.key).n == len(scores)
        assert stored.stats(scale.key).sd == (
            statistics.standard_deviation(scores) if len(scores) >= 2 else None
        )
        assert stored.stats(scale.key).alpha == (
            statistics.cronbach_alpha(rows) if len(rows) >= MIN_REFERENCE else None
        )
        assert stored.stats(scale.key) == full.stats(scale.key)
        probes = {*scores, spec.min_value - 1.0, spec.max_value + 1.0, data.draw(st.floats(0, 6))}
        for score in probes:
            expected = (
                statistics.percentile_rank_sorted(score, scores) if len(scores) >= MIN_REFERENCE else None
            )
            assert stored.percentile(scale.key, score) == expected
            assert full.percentile(scale.key, score) == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(1, 5), min_size=20, max_size=20), blanks=st.sets(st.integers(1, 20)))
def test_stored_scale_scores_equal_the_scores_recomputed_from_the_answers(
    world: World, values: list[int], blanks: set[int]
) -> None:
    """What the answering service stores on the response is what scoring the answers gives."""
    moment = make_moment(world.group, name=f"M{uuid.uuid4().hex[:6]}")
    batch = [
        (
            world.child.uuid,
            AnswerIn(item=f"t{i:02d}", value=None if i in blanks else v, client_id=uuid.uuid4()),
        )
        for i, v in enumerate(values, start=1)
    ]
    services.save_teacher_answers(build_staff_actor(world.teacher, "127.0.0.1", None), moment, batch)
    response = Response.objects.get(moment=moment, child=world.child, teacher=world.teacher)
    spec = moment.teacher_version.spec
    assert response.scores == scale_scores(spec, {a.item: a.value for _c, a in batch if a.value is not None})
    assert response.values == {a.item: a.value for _c, a in batch if a.value is not None}
    moment.delete()


def two_groups(world: World, size: int = 12) -> None:
    """The world's group and another group of the school, both with two moments of answers."""
    for n in range(size):
        add_child(world.other_group, make_child(world.school, first_name=f"Ander{n}"), 7)
    for group in (world.group, world.other_group):
        fill_moment(
            make_moment(group, name="Oktober", opens_on=today() - timedelta(days=50), days=20), seed=1
        )
        fill_moment(make_moment(group, name="Maart"), seed=2)


def rows_read(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS read_rows")
        return cursor.fetchone()[0]


def test_the_class_overview_reads_no_answers_of_other_groups(world: World) -> None:
    two_groups(world)
    client = world.client_for(Persona.TEACHER)
    url = f"/groups/{world.group.uuid}/relations/"
    assert client.get(url).status_code == 200  # the first read stores the school's references
    own = Response.objects.filter(moment__group=world.group).count()
    others = Response.objects.exclude(moment__group=world.group).count()
    assert others > own > 0  # the school's reference is mostly other groups' answers
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if '"questionnaires_response"' in q["sql"]]
    assert reads  # the page does read its own answers
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in reads)
    # Every row of the response table the page read: no more than the group's own.
    assert sum(rows_read(sql) for sql in reads) <= own
    # And the numbers are still measured against the whole school: the stored reference.
    reference = SchoolReference.objects.get(version=page.context["overview"].moment.teacher_version)
    assert reference.responses == Response.objects.filter(version=reference.version).count()
    assert not reference.stale


def test_an_answer_marks_the_reference_stale_and_the_task_refreshes_it(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    version = moment.teacher_version
    teacher = build_staff_actor(world.teacher, "127.0.0.1", None)
    ResponseSet.load([world.child.pk], Q(moment=moment))  # a page's read stores the reference
    row = SchoolReference.objects.get(version=version)
    assert not row.stale
    newcomer = make_child(world.school, first_name="Nieuw")
    add_child(world.group, newcomer, 5)
    batch = [
        (newcomer.uuid, AnswerIn(item=f"t{i:02d}", value=1, client_id=uuid.uuid4())) for i in range(1, 21)
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the commit runs the immediate backend's task
        services.save_teacher_answers(teacher, moment, batch)
        row.refresh_from_db()
        assert row.stale  # marked in the answer's transaction, refreshed after it
        assert row.generation == 1
    row.refresh_from_db()
    assert not row.stale
    everything = Response.objects.filter(version=version, moment__school_year=moment.school_year)
    assert row.responses == everything.count()
    full = Reference(version.spec)
    for response in everything:
        full.add(response.values, response.scores)
    assert row.scales == json.loads(json.dumps({k: s.to_json() for k, s in full.summaries.items()}))


def test_a_stale_reference_is_computed_once_on_read_and_a_deleted_response_makes_it_stale(
    world: World,
) -> None:
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    key = (world.school.pk, moment.teacher_version_id, moment.school_year_id)
    versions = {moment.teacher_version_id: moment.teacher_version}
    first = references.load(versions, [key])[key[1:]]
    row = SchoolReference.objects.get(version_id=key[1])
    count = row.responses
    Response.objects.filter(moment=moment, child=world.child).delete()
    row.refresh_from_db()
    assert row.stale
    again = references.load(versions, [key])[key[1:]]
    row.refresh_from_db()
    assert not row.stale
    left = Response.objects.filter(version_id=key[1], moment__school_year_id=key[2]).count()
    assert row.responses == left < count
    assert again.stats("closeness").n < first.stats("closeness").n


def test_stored_profiles_equal_the_profile_decided_from_the_scores_and_the_migration_fills_them(
    world: World,
) -> None:
    """The school overview counts the stored profile: it is the teacher's view's profile, and the
    data migration gives responses saved before the column the same."""
    two_groups(world)
    teacher_rows = Response.objects.filter(respondent="teacher").select_related("version")
    assert {r.profile for r in teacher_rows} - {""}  # some decided
    for response in teacher_rows:
        decided = decide_profile(response.version.spec, response.scores)
        assert response.profile == (decided.key if decided else "")
    assert not Response.objects.filter(respondent="child").exclude(profile="").exists()
    expected = dict(Response.objects.values_list("pk", "profile"))
    Response.objects.update(profile="")
    fill_profiles = import_module("onderstroom.questionnaires.migrations.0005_fill_response_profiles").fill
    fill_profiles(django_apps, None)
    assert dict(Response.objects.values_list("pk", "profile")) == expected


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_stored_profile_is_the_decided_profile(data: st.DataObject) -> None:
    values = data.draw(value_sets(TEACHER).filter(bool)).pop()
    scores = scale_scores(TEACHER, values)
    decided = decide_profile(TEACHER, scores)
    assert stored_profile(TEACHER, "teacher", scores) == (decided.key if decided else "")
    assert stored_profile(TEACHER, "child", scores) == ""


def stored_with_bands(reference: Reference) -> Reference:
    """As `stored_copy`, with the grade bands' part (`SchoolReference.bands`) through JSON as well."""
    scales = json.loads(json.dumps({key: s.to_json() for key, s in reference.summaries.items()}))
    bands = json.loads(json.dumps({key: s.bands_json() for key, s in reference.summaries.items()}))
    return Reference.stored(
        reference.spec, {key: ScaleSummary.from_json(d, bands[key]) for key, d in scales.items()}
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stored_grade_bands_give_the_percentiles_and_z_scores_of_the_band_recomputed(
    data: st.DataObject,
) -> None:
    """Per grade band (1-2, 3-4, 5-6, 7-8): the stored percentile and z-score are the ones computed
    from that band's scores, the alpha from every response; responses without a grade count in no band."""
    spec = TEACHER
    # Mostly complete responses, many of them: bands reach MIN_REFERENCE and scales get an alpha.
    answer = st.sampled_from((None, *range(spec.min_value, spec.max_value + 1)) * 4)
    one = st.fixed_dictionaries({item.key: answer for item in spec.items}).map(
        lambda values: {key: value for key, value in values.items() if value is not None}
    )
    sets = data.draw(st.lists(one, min_size=20, max_size=60))
    grades = data.draw(
        st.lists(st.sampled_from((5, 6, None, 1, 3, 8)), min_size=len(sets), max_size=len(sets))
    )
    full = Reference(spec)
    for values, grade in zip(sets, grades, strict=True):
        full.add(values, scale_scores(spec, values), grade)
    stored = stored_with_bands(full)
    tested: set[str] = set()
    for scale in spec.scales:
        assert stored.stats(scale.key) == full.stats(scale.key)
        alpha = full.stats(scale.key).alpha
        for grade in (None, 1, 2, 3, 5, 8):
            band = grade_band(grade)
            scores = sorted(
                score
                for values, g in zip(sets, grades, strict=True)
                if band is not None
                and grade_band(g) == band
                and (score := scale_scores(spec, values)[scale.key]) is not None
            )
            probes = {*scores, spec.min_value - 1.0, data.draw(st.floats(0, 6))}
            for score in probes:
                expected = (
                    statistics.percentile_rank_sorted(score, scores) if len(scores) >= MIN_REFERENCE else None
                )
                assert stored.percentile(scale.key, score, grade) == expected
                assert full.percentile(scale.key, score, grade) == expected
                z = stored.standardised(scale.key, score, grade)
                assert z == full.standardised(scale.key, score, grade)
                comparable = (
                    len(scores) >= MIN_REFERENCE
                    and alpha is not None
                    and 0 <= alpha < 1
                    and statistics.standard_deviation(scores) > 0
                )
                if not comparable:
                    assert z is None
                    continue
                assert z is not None
                assert (z.n, z.alpha, z.band) == (len(scores), alpha, band)
                centre, spread = statistics.mean(scores), statistics.standard_deviation(scores)
                assert z.z == statistics.z_score(score, centre, spread)
                tested.add("z")
            if len(scores) >= MIN_REFERENCE:
                tested.add("percentile")
    event(f"tested: {sorted(tested)}")


def test_the_stored_row_gives_each_childs_grade_band(world: World) -> None:
    """Through the database: the row read by `references.load` places each grade within its band."""
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    key = (world.school.pk, moment.teacher_version_id, moment.school_year_id)
    references.load({moment.teacher_version_id: moment.teacher_version}, [key])  # computes and stores
    row = SchoolReference.objects.get(version_id=key[1])
    assert not row.stale
    assert row.bands["closeness"]  # some band has the scale's scores
    read = references.load({moment.teacher_version_id: moment.teacher_version}, [key])[key[1:]]
    full = Reference(moment.teacher_version.spec)
    everything = Response.objects.filter(version_id=key[1], moment__school_year_id=key[2])
    for response in everything:
        full.add(response.values, response.scores, response.grade)
    grades = set(everything.values_list("grade", flat=True))
    assert grades
    for grade in grades:
        for score in (1.0, 2.5, 3.0, 4.5):
            assert read.percentile("closeness", score, grade) == full.percentile("closeness", score, grade)
            assert read.standardised("closeness", score, grade) == full.standardised(
                "closeness", score, grade
            )


def test_the_migration_that_adds_the_bands_marks_every_stored_row_stale(world: World) -> None:
    """Rows stored before the grade bands have none: they are recomputed on their next read."""
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    key = (world.school.pk, moment.teacher_version_id, moment.school_year_id)
    references.load({moment.teacher_version_id: moment.teacher_version}, [key])
    row = SchoolReference.objects.get(version_id=key[1])
    assert not row.stale
    migration = importlib.import_module("onderstroom.questionnaires.migrations.0006_school_reference_bands")
    migration.mark_stale(django_apps, None)
    row.refresh_from_db()
    assert row.stale
    assert row.generation == 1


def scored_rows(page) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """What the class overview shows of each relationship: scores, standings, changes, profile, signals."""

    def results(view) -> object:  # type: ignore[no-untyped-def]
        return None if view is None else [(r.score, r.standing, r.standardised) for r in view.results]

    return [
        (
            row.child.pk,
            results(row.dyad.teacher_view),
            results(row.dyad.child_view),
            [(c.respondent, c.construct, c.before, c.after, c.reliable) for c in row.dyad.changes],
            row.dyad.profile.key if row.dyad.profile else None,
            [(s.key, s.sentence) for s in row.dyad.signals],
            row.dyad.teacher_previous,
        )
        for row in page.context["overview"].rows
    ]


def test_a_changed_answer_is_never_shown_from_the_relationships_kept_scored(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """Scored relationships are kept per process (`analysis._scored`) under every input: an answer
    that changes, and the school reference it refreshes, give new keys, so the page shows the
    new scores and standings exactly as if nothing had been kept."""
    two_groups(world)
    client = world.client_for(Persona.TEACHER)
    url = f"/groups/{world.group.uuid}/relations/"
    client.get(url)  # the first read stores the school's references
    before = scored_rows(client.get(url))
    assert analysis._scored  # the second page read them from what was kept
    moment = world.group.measurement_moments.get(name="Maart")
    row = SchoolReference.objects.get(version=moment.teacher_version)
    batch = [(world.child.uuid, AnswerIn(f"t{i:02d}", 1, uuid.uuid4(), timezone.now())) for i in range(1, 21)]
    with django_capture_on_commit_callbacks(execute=True):  # a later answer on the device: it counts
        services.save_teacher_answers(build_staff_actor(world.teacher, "127.0.0.1", None), moment, batch)
    changed = SchoolReference.objects.get(pk=row.pk)
    assert changed.generation == row.generation + 1  # the answer made it stale
    assert not changed.stale  # and the task refreshed it
    after = scored_rows(client.get(url))
    analysis._scored.clear()
    references._built.clear()
    fresh = scored_rows(client.get(url))
    assert after == fresh
    mine = [r for r in after if r[0] == world.child.pk]
    assert mine
    assert mine != [r for r in before if r[0] == world.child.pk]
    # The other children's standings moved with the refreshed reference, also when kept before.
    assert [r for r in after if r[0] != world.child.pk] == [r for r in fresh if r[0] != world.child.pk]


CELLS = ("questionnaires/_change.html", "questionnaires/_profile.html", "questionnaires/_incomplete.html")


def without_csrf(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_cells_of_a_relationship_are_drawn_once_per_language(world: World) -> None:
    """The change, profile and "answered" cells come from the relationship as scored: a relationship
    kept scored shows them as drawn before (no template drawn again), the page is the same to the
    byte as a fresh one, and another language draws them in that language."""
    two_groups(world)
    client = world.client_for(Persona.TEACHER)
    url = f"/groups/{world.group.uuid}/relations/"
    client.get(url)  # stores the school's references: from now on the relationships are kept
    analysis._scored.clear()
    first = client.get(url)
    assert {t.name for t in first.templates} >= set(CELLS)
    again = client.get(url)
    assert not {t.name for t in again.templates} & set(CELLS)
    assert without_csrf(again.text) == without_csrf(first.text)
    assert "eerste meting" not in again.text  # Maart follows Oktober: a change is judged
    client.cookies["onderstroom_language"] = "en"
    english = client.get(url)
    assert {t.name for t in english.templates} >= set(CELLS)
    assert "no reliable change" in english.text or "teacher:" in english.text
    assert "geen betrouwbare verandering" not in english.text
    analysis._scored.clear()
    assert without_csrf(client.get(url).text) == without_csrf(english.text)


def test_answers_read_as_plain_rows_score_as_the_model_instances_do(world: World) -> None:
    """The class overview reads its answers as plain rows with their JSON as text (`read_at`); each
    relationship comes out as from the model instances of `load`, with nothing kept scored between,
    and the JSON is decoded only for a relationship scored anew."""
    two_groups(world)
    moments = list(world.group.measurement_moments.order_by("opens_on"))
    children = [e.child for e in world.group.enrollments.select_related("child")]
    ResponseSet.load([c.pk for c in children], Q(moment__in=moments))  # stores the references

    def dyads(responses: ResponseSet) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        found = []
        for child in children:
            dyad = responses.dyad(moments[-1], world.teacher, child)
            views = [dyad.teacher_view, dyad.child_view]
            found.append(
                (
                    [
                        None if v is None else [(r.score, r.standing, r.standardised) for r in v.results]
                        for v in views
                    ],
                    [(c.respondent, c.construct, c.before, c.after, c.reliable) for c in dyad.changes],
                    dyad.profile.key if dyad.profile else None,
                    [(s.key, s.sentence) for s in dyad.signals],
                    dyad.teacher_previous,
                    dyad.child_previous,
                )
            )
        return found

    analysis._scored.clear()
    as_models = dyads(ResponseSet.load([c.pk for c in children], Q(moment__in=moments)))
    analysis._scored.clear()
    read = ResponseSet.read_at([c.pk for c in children], moments)
    assert all(isinstance(r, analysis.ReadResponse) for r in read.responses)
    assert dyads(read) == as_models
    # Each teacher is built once from the joined columns, converted as the model's own reading would.
    teachers = {r.teacher_id: r.teacher for r in read.responses}
    assert len({id(r.teacher) for r in read.responses}) == len(teachers)
    for pk, teacher in teachers.items():
        stored = type(teacher).objects.get(pk=pk)
        for name in analysis._TEACHER_COLUMNS:
            assert (getattr(teacher, name), type(getattr(teacher, name))) == (
                getattr(stored, name),
                type(getattr(stored, name)),
            )
    assert any(r._values is not None for r in read.responses)  # scored anew: decoded
    again = ResponseSet.read_at([c.pk for c in children], moments)
    assert dyads(again) == as_models
    assert all(r._values is None and r._scores is None for r in again.responses)  # kept: never decoded


def test_a_reference_computed_in_the_request_keeps_nothing(world: World) -> None:
    """A reference worked out from the responses has no stored fingerprint: nothing scored with it is kept."""
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    analysis._scored.clear()
    responses = ResponseSet.load([world.child.pk], Q(moment=moment))  # stores the reference, computed here
    assert all(reference.fingerprint is None for reference in responses.references.values())
    responses.dyad(moment, world.teacher, world.child)
    assert not analysis._scored
    again = ResponseSet.load([world.child.pk], Q(moment=moment))  # read as stored
    assert all(reference.fingerprint is not None for reference in again.references.values())
    again.dyad(moment, world.teacher, world.child)
    assert len(analysis._scored) == 1


def summaries_read(captured: CaptureQueriesContext) -> int:
    """How many queries read a stored reference's summaries (its JSON columns)."""
    return sum('"questionnaires_schoolreference"."scales"' in q["sql"] for q in captured.captured_queries)


def test_a_stored_reference_is_built_once_per_generation_of_its_row(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """`references._built`: a stored row's summaries are read and built once per process; a
    refreshed row (another generation) is read and built again, never served as it was."""
    two_groups(world)
    moment = world.group.measurement_moments.get(name="Maart")
    key = (world.school.pk, moment.teacher_version_id, moment.school_year_id)
    versions = {moment.teacher_version_id: moment.teacher_version}
    references._built.clear()
    assert references.load(versions, [key])[key[1:]].fingerprint is None  # computed here, not kept
    assert not references._built
    with CaptureQueriesContext(connection) as captured:
        stored = references.load(versions, [key])[key[1:]]
    assert summaries_read(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        again = references.load(versions, [key])[key[1:]]
    assert summaries_read(captured) == 0
    assert again is stored
    batch = [(world.child.uuid, AnswerIn(f"t{i:02d}", 1, uuid.uuid4(), timezone.now())) for i in range(1, 21)]
    with django_capture_on_commit_callbacks(execute=True):  # the answer, then the task's refresh
        services.save_teacher_answers(build_staff_actor(world.teacher, "127.0.0.1", None), moment, batch)
    # (The task that recounts the group's signals may have read the refreshed row already.)
    refreshed = references.load(versions, [key])[key[1:]]
    assert refreshed is not stored
    assert refreshed.fingerprint is not None
    assert refreshed.fingerprint[4] == stored.fingerprint[4] + 1  # the row's next generation
    everything = Response.objects.filter(version_id=key[1], moment__school_year_id=key[2])
    full = Reference(moment.teacher_version.spec)
    for response in everything:
        full.add(response.values, response.scores, response.grade)
    for scale in ("closeness", "conflict"):
        assert refreshed.stats(scale) == stored_copy(full).stats(scale)
    assert refreshed.stats("closeness") != stored.stats("closeness")


def test_the_class_overviews_moments_carry_their_group(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """The next steps of a signal link to the moment's group: it comes with the moment, not per row."""
    from onderstroom.questionnaires.overview import started_moments

    two_groups(world)
    moments = started_moments(world.group)
    assert len(moments) == 2
    with django_assert_num_queries(0):
        assert all(moment.group == world.group for moment in moments)
