"""Scoring by hand: reverse keys, the 80% rule, profiles, norm look-up, reliable change, signals."""

import math

import pytest
from django.utils import translation

from onderstroom import statistics
from onderstroom.instruments.engine import InstrumentDefinition, parse_instrument
from onderstroom.instruments.scoring import Reference, fmt, keyed_rows, position_of, scale_scores
from onderstroom.questionnaires.library import SHIPPED_DIR
from onderstroom.questionnaires.scoring import (
    PROFILE_RULES,
    Names,
    changes_between,
    decide_profile,
    rule_text,
    score_view,
    signals_for,
)
from onderstroom.questionnaires.tests.test_engine import NORMS, SMALL

TEACHER = parse_instrument((SHIPPED_DIR / "teacher-about-child.yaml").read_text())
OLDER = parse_instrument((SHIPPED_DIR / "child-about-teacher-5-8.yaml").read_text())
CLOSENESS = ["t01", "t05", "t07", "t11", "t15", "t18"]  # t18 is reverse-keyed
DEPENDENCY = ["t03", "t08", "t12", "t17"]


def teacher_values(**scales: float) -> dict[str, int]:
    """Answers that give each named scale exactly the given (whole) score, reverse keys included."""
    values = {}
    for item in TEACHER.items:
        score = int(scales.get(item.scale, 1))
        values[item.key] = 6 - score if item.reverse else score
    return values


def view(spec: InstrumentDefinition, values: dict[str, int], reference: Reference | None = None, **kw):  # type: ignore[no-untyped-def]
    return score_view(
        spec.respondent,
        spec,
        values,
        scale_scores(spec, values),
        grade=kw.get("grade", 5),
        gender=kw.get("gender"),
        reference=reference,
        moment_id=kw.get("moment_id", 1),
        version_id=1,
    )


def test_a_reverse_keyed_item_counts_the_other_way_round() -> None:
    """t18 ("the contact stays on the surface") answered 2 counts as 4: closeness (4·5 + 4) / 6 = 4."""
    values = dict.fromkeys(CLOSENESS, 4) | {"t18": 2}
    assert scale_scores(TEACHER, values)["closeness"] == 4.0
    values["t18"] = 5  # "applies fully": counts as 1
    assert scale_scores(TEACHER, values)["closeness"] == pytest.approx((4 * 5 + 1) / 6)


def test_a_scale_counts_only_with_80_percent_of_its_items() -> None:
    five_of_six = dict.fromkeys(CLOSENESS[:5], 3)
    assert scale_scores(TEACHER, five_of_six)["closeness"] == 3.0  # 5/6 = 83%
    four_of_six = dict.fromkeys(CLOSENESS[:4], 3)
    assert scale_scores(TEACHER, four_of_six)["closeness"] is None  # 4/6 = 67%
    three_of_four = dict.fromkeys(DEPENDENCY[:3], 2)
    assert scale_scores(TEACHER, three_of_four)["dependency"] is None  # 3/4 = 75%
    assert scale_scores(TEACHER, dict.fromkeys(DEPENDENCY, 2))["dependency"] == 2.0
    assert scale_scores(TEACHER, {})["conflict"] is None


@pytest.mark.parametrize(
    ("closeness", "conflict", "dependency", "profile"),
    [
        (4.0, 3.0, 1.0, "warm_stormy"),  # conflict ≥ 3.0 and closeness ≥ 3.5
        (3.4, 3.0, 1.0, "conflictual"),  # conflict ≥ 3.0, closeness below 3.5
        (4.0, 2.9, 3.0, "dependent"),  # dependency ≥ 3.0, conflict below 3.0
        (3.5, 2.5, 2.9, "warm_harmonious"),  # closeness ≥ 3.5, no conflict, no dependency
        (2.99, 1.0, 1.0, "distant"),  # closeness below the middle of the scale (3.0)
        (3.49, 1.0, 1.0, "calm"),  # closeness from 3.0 to 3.5: not "distant", not yet warm
        (1.0, 5.0, 5.0, "conflictual"),  # the first rule that fits decides
    ],
)
def test_profile_rules(closeness: float, conflict: float, dependency: float, profile: str) -> None:
    scores = {"closeness": closeness, "conflict": conflict, "dependency": dependency, "handling": 3.0}
    assert decide_profile(TEACHER, scores).key == profile


def test_a_profile_needs_every_scale_it_looks_at() -> None:
    scores = {"closeness": 4.0, "conflict": 1.0, "dependency": None, "handling": 3.0}
    assert decide_profile(TEACHER, scores) is None


CONFLICT_SCALE = "  - key: conflict\n    construct: conflict\n    label: {nl: C, en: C}\n"
CONFLICT_ITEM = '  - key: c\n    scale: conflict\n    text: {nl: "{child} botst.", en: "{child} clashes."}\n'


def test_an_instrument_without_dependency_never_gives_dependent() -> None:
    source = SMALL.replace("scales:\n", "scales:\n" + CONFLICT_SCALE)
    small = parse_instrument(source.replace("items:\n", "items:\n" + CONFLICT_ITEM))
    # 3.0 on a 1-3 scale is warm; no dependency scale, so "dependent" can never fit.
    assert decide_profile(small, {"closeness": 3.0, "conflict": 1.0}).key == "warm_harmonious"
    assert decide_profile(small, {"closeness": 1.0, "conflict": 1.0}).key == "distant"
    assert decide_profile(OLDER, {"support": 4.0}) is None  # a child's view has no profile


def test_the_rules_are_written_in_the_instruments_own_numbers() -> None:
    with translation.override("nl"):
        texts = [rule_text(rule, TEACHER) for rule in PROFILE_RULES]
    assert texts[0] == "conflict ≥ 3,0 en nabijheid ≥ 3,5"
    assert texts[2] == "afhankelijkheid ≥ 3,0"
    assert texts[-2] == "nabijheid < 3,0"
    assert texts[-1] == "nabijheid ≥ 3,0"


@pytest.mark.parametrize(
    ("value", "digits", "dutch", "english"),
    [
        (2.25, 1, "2,3", "2.3"),  # a mean of four answers: halves round up, as on paper
        (2.6666667, 1, "2,7", "2.7"),
        (100 * 8 / 9, 0, "89", "89"),  # 8 of 9 sessions held is 89%, not 88%
        (1 + 2 / 3, 2, "1,67", "1.67"),
        (-0.04, 1, "0,0", "0.0"),  # no "minus nothing"
        (3, 1, "3,0", "3.0"),
    ],
)
def test_numbers_are_rounded_not_cut_off(value: float, digits: int, dutch: str, english: str) -> None:
    with translation.override("nl"):
        assert fmt(value, digits) == dutch
    with translation.override("en"):
        assert fmt(value, digits) == english


def test_norm_look_up_uses_the_band_and_gender() -> None:
    normed = parse_instrument(SMALL + NORMS)
    assert position_of(normed, "closeness", 2.2, 3, "m", None).percentile == 40
    assert position_of(normed, "closeness", 2.2, 3, "m", None).from_norms
    assert position_of(normed, "closeness", 2.2, 3, "f", None).percentile == 10  # the girls' band
    assert position_of(normed, "closeness", 0.5, 3, "m", None) is None  # below the first step
    # Grade 6 has no band: with no school reference either, there is no position.
    assert position_of(normed, "closeness", 2.2, 6, "m", None) is None


def reference_of(spec: InstrumentDefinition, value_sets: list[dict[str, int]], grade: int = 5) -> Reference:
    reference = Reference(spec)
    for values in value_sets:
        reference.add(values, scale_scores(spec, values), grade)
    return reference


SCHOOL = [
    teacher_values(closeness=c, conflict=k)
    for c, k in [(1, 5), (2, 4), (2, 3), (3, 3), (3, 2), (4, 2), (4, 1), (5, 1), (5, 2), (3, 1)]
]


def test_without_norms_the_position_is_within_the_school() -> None:
    reference = reference_of(TEACHER, SCHOOL)
    # Closeness scores 1,2,2,3,3,4,4,5,5,3: below 3 three, equal 3 three → (3 + 1.5)/10 = 45%.
    position = position_of(TEACHER, "closeness", 3.0, 5, None, reference)
    assert (position.percentile, position.from_norms) == (45.0, False)
    assert position_of(TEACHER, "closeness", 3.0, 5, None, reference_of(TEACHER, SCHOOL[:9])) is None


def noisy_school() -> list[dict[str, int]]:
    """Ten teachers' ratings whose items disagree a little, so that alpha lies below 1."""
    rows = []
    for n, level in enumerate([1, 2, 2, 3, 3, 3, 4, 4, 5, 5]):
        values = teacher_values(closeness=level, conflict=6 - level)
        values["t05"] = max(1, min(5, level + (1 if n % 3 == 0 else -1 if n % 3 == 1 else 0)))
        values["t02"] = max(1, min(5, 6 - level + (1 if n % 2 else 0)))
        rows.append(values)
    return rows


def test_reliable_change_uses_the_school_reference() -> None:
    school = noisy_school()
    reference = reference_of(TEACHER, school)
    scale = next(s for s in TEACHER.scales if s.key == "closeness")
    rows = keyed_rows(TEACHER, scale, school)
    scores = [sum(r) / len(r) for r in rows]
    sd, alpha = statistics.standard_deviation(scores), statistics.cronbach_alpha(rows)
    assert 0 < alpha < 1
    before = view(TEACHER, teacher_values(closeness=4, conflict=1))
    after = view(TEACHER, teacher_values(closeness=2, conflict=1))
    change = next(c for c in changes_between(before, after, 5, None, reference) if c.construct == "closeness")
    expected = (2.0 - 4.0) / (math.sqrt(2) * sd * math.sqrt(1 - alpha))
    assert change.result.index == pytest.approx(expected, abs=1e-12)
    assert change.reliable
    assert change.direction == "down"


def test_change_cannot_be_judged_with_too_little_school_data() -> None:
    reference = reference_of(TEACHER, noisy_school()[:9])
    before = view(TEACHER, teacher_values(closeness=4))
    after = view(TEACHER, teacher_values(closeness=1))
    changes = changes_between(before, after, 5, None, reference)
    assert changes
    assert all(c.result is None and not c.reliable for c in changes)


def test_norm_sd_and_reliability_decide_change_when_given() -> None:
    """Norms: SD 0.5, r 0.8 → S_diff = √2·0.5·√0.2 = 0.316; 2.0 → 3.0 gives RCI 3.16, reliable."""
    normed = parse_instrument(SMALL + NORMS)
    before = view(normed, {"a": 2, "b": 2}, grade=3)
    after = view(normed, {"a": 3, "b": 1}, grade=3)
    (change,) = changes_between(before, after, 3, None, None)
    assert change.result.index == pytest.approx(1 / (math.sqrt(2) * 0.5 * math.sqrt(0.2)), abs=1e-12)
    assert change.reliable
    assert change.direction == "up"
    small_step = view(normed, {"a": 2, "b": 1}, grade=3)  # 2.0 → 2.5: RCI 1.58
    (change,) = changes_between(before, small_step, 3, None, None)
    assert not change.reliable
    assert change.direction == "none"


def older_values(**scales: int) -> dict[str, int]:
    return {
        item.key: (5 - scales.get(item.scale, 4)) if item.reverse else scales.get(item.scale, 4)
        for item in OLDER.items
    }


def rated_school(spec: InstrumentDefinition, levels: list[int], grade: int = 5) -> Reference:
    """A school's responses of one grade band: every scale at the given whole levels, with the first
    closeness/support and conflict item a step off now and then, so that alpha lies below 1."""
    reference = Reference(spec)
    for n, level in enumerate(levels):
        if spec.respondent == "teacher":
            values = teacher_values(closeness=level, conflict=6 - level)
            wobble = ("t05", "t02")
        else:
            values = older_values(support=level, conflict=5 - level)
            wobble = ("s01", "s02")
        for key in wobble:
            step = (1, -1, 0)[n % 3]
            values[key] = min(spec.max_value, max(spec.min_value, values[key] + step))
        reference.add(values, scale_scores(spec, values), grade)
    return reference


# Teachers rate closeness high on their 1-5 scale (average 4); children answer support low on their
# 1-4 scale (average 2). A level difference of the instruments, not of any one relationship.
HIGH_TEACHERS = [3, 4, 5, 4] * 3
LOW_CHILDREN = [1, 2, 3, 2] * 3


def test_signals_say_where_the_views_differ_and_who_feels_unfairly_treated() -> None:
    teachers, children = rated_school(TEACHER, HIGH_TEACHERS), rated_school(OLDER, LOW_CHILDREN)
    # Both conflicts at their school's average (2 of 5, 3 of 4): the views of conflict agree.
    teacher = view(TEACHER, teacher_values(closeness=5, conflict=2, dependency=1, handling=4), teachers)
    child = view(OLDER, older_values(support=1, conflict=3, fairness=2, classmates=4), children)
    with translation.override("nl"):
        signals = signals_for(teacher, child, [], Names(teacher="Juf Anna", child="Sanne"))
    sentences = {s.key: s.sentence for s in signals}
    assert sentences == {
        "views_differ_warmth": "Juf Anna ervaart de band als warmer dan Sanne.",
        "feels_unfair": "Sanne voelt zich oneerlijk behandeld door Juf Anna.",
    }
    reasons = {s.key: s.reason for s in signals}
    assert "+1,4 standaarddeviaties" in reasons["views_differ_warmth"]
    assert "2,0 op een schaal van 1 tot 4" in reasons["feels_unfair"]


def test_no_signal_when_the_views_agree() -> None:
    teacher = view(TEACHER, teacher_values(closeness=4, conflict=2, dependency=1, handling=4))
    child = view(OLDER, older_values(support=3, conflict=2, fairness=4, classmates=4))
    assert signals_for(teacher, child, [], Names(teacher="Juf Anna", child="Sanne")) == []


def test_change_signals_name_the_earlier_moment() -> None:
    reference = reference_of(TEACHER, noisy_school())
    before = view(TEACHER, teacher_values(closeness=5, conflict=1, handling=4))
    after = view(TEACHER, teacher_values(closeness=2, conflict=4, handling=4))
    changes = changes_between(before, after, 5, None, reference)
    with translation.override("nl"):
        signals = signals_for(after, None, changes, Names("Juf Anna", "Sanne", "Oktober"))
    sentences = [s.sentence for s in signals]
    assert "Het conflict is sinds Oktober betrouwbaar toegenomen." in sentences
    assert "De nabijheid is sinds Oktober betrouwbaar afgenomen." in sentences


def test_low_handling_is_a_signal_for_the_teacher() -> None:
    teacher = view(TEACHER, teacher_values(closeness=4, conflict=1, handling=2))
    with translation.override("nl"):
        (signal,) = signals_for(teacher, None, [], Names("Meester Bram", "Daan"))
    assert signal.sentence == "Meester Bram voelt zich niet goed toegerust om Daan te begeleiden."
