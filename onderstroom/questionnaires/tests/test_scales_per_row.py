"""Issue 10, finding 7: the class overview mixes the 1-3 form (groups 3-4) and the 1-4 form (groups
5-8), so every chart says its scale; and a low score signals only with enough answers behind it.
Finding 8: profile texts describe the relationship as the teacher rates it, within what numbers carry."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onderstroom.instruments.engine import parse_instrument
from onderstroom.questionnaires import charts
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.library import SHIPPED_DIR
from onderstroom.questionnaires.scoring import (
    MIDPOINT,
    MIN_SIGNAL_ANSWERS,
    PROFILE_RULES,
    PROFILES,
    SIGNAL_RULES,
    Names,
    decide_profile,
    low_score_signals,
)
from onderstroom.questionnaires.tests.test_scoring import OLDER, TEACHER, older_values, teacher_values, view
from onderstroom.schools.models import Enrollment
from onderstroom.testing.world import Persona, World

YOUNGER = parse_instrument((SHIPPED_DIR / "child-about-teacher-3-4.yaml").read_text())
NAMES = Names(teacher="Juf Anna", child="Sanne")


def younger_values(**scales: int) -> dict[str, int]:
    return {item.key: scales.get(item.scale, 3) for item in YOUNGER.items}


def test_every_chart_says_its_answer_scale() -> None:
    """2,0 on the groups 3-4 form and 2,0 on the groups 5-8 form: the chart says which is which."""
    young = charts.bar_chart(view(YOUNGER, younger_values(support=2), grade=3))
    old = charts.bar_chart(view(OLDER, older_values(support=2), grade=6))
    teacher = charts.bar_chart(view(TEACHER, teacher_values(closeness=2)))
    with translation.override("nl"):
        young = charts.bar_chart(view(YOUNGER, younger_values(support=2), grade=3))
        old = charts.bar_chart(view(OLDER, older_values(support=2), grade=6))
        teacher = charts.bar_chart(view(TEACHER, teacher_values(closeness=2)))
        young_svg = render_to_string("questionnaires/charts/bars.html", {"chart": young})
        old_svg = render_to_string("questionnaires/charts/bars.html", {"chart": old})
    assert young.caption == "schaal 1 tot 3, formulier voor groep 3-4"
    assert old.caption == "schaal 1 tot 4, formulier voor groep 5-8"
    assert teacher.caption == "schaal 1 tot 5"
    # Drawn, not only spoken: the caption is text in the SVG, above the bars, on the page and the PDF.
    assert ">schaal 1 tot 3, formulier voor groep 3-4</text>" in young_svg
    assert ">schaal 1 tot 4, formulier voor groep 5-8</text>" in old_svg
    assert young.description.startswith("schaal 1 tot 3")
    assert all(bar.y > 0 for bar in young.bars)


@pytest.mark.django_db
def test_the_class_overview_labels_each_rows_scale(world: World) -> None:
    """A grade 3 child and a grade 6 child in one class: each row names its own form's scale."""
    enrollments = list(Enrollment.objects.filter(group=world.group).order_by("pk"))
    young, old = enrollments[0], enrollments[1]
    Enrollment.objects.filter(pk=young.pk).update(grade=3)
    Enrollment.objects.filter(pk=old.pk).update(grade=6)
    fill_moment(make_moment(world.group, name="Oktober"), seed=5)
    page = world.client_for(Persona.TEACHER).get(f"/groups/{world.group.uuid}/relations/").content.decode()
    rows = {
        surname: row
        for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S)
        for surname in (young.child.full_surname, old.child.full_surname)
        if surname in row
    }
    assert "schaal 1 tot 3, formulier voor groep 3-4" in rows[young.child.full_surname]
    assert "schaal 1 tot 4" not in rows[young.child.full_surname]
    assert "schaal 1 tot 4, formulier voor groep 5-8" in rows[old.child.full_surname]
    assert "schaal 1 tot 5" in rows[old.child.full_surname]  # the teacher's own
    assert "formulier van groep 3-4 geeft dat signaal nooit" in page  # the rule, per form


def test_feels_unfairly_treated_needs_more_than_two_answers() -> None:
    """The groups 3-4 form asks fairness twice: "No" twice (1,0 of 3) is no signal; the groups 5-8
    form's four fairness questions at 2 (2,0 of 4) are."""
    young = view(YOUNGER, younger_values(fairness=1, classmates=1), grade=3)
    assert young.result("fairness").score == 1.0
    assert young.result("fairness").answered == 2 < MIN_SIGNAL_ANSWERS
    assert low_score_signals(None, young, NAMES) == []
    old = view(OLDER, older_values(fairness=2, classmates=2), grade=6)
    assert old.result("fairness").answered == 4
    assert {s.key for s in low_score_signals(None, old, NAMES)} == {"feels_unfair", "classmates_unfair"}


def test_the_rules_state_the_threshold_per_form_and_the_minimum() -> None:
    with translation.override("en"):
        rules = " ".join(str(rule) for rule in SIGNAL_RULES)
    assert "2.0 or lower on the 1-4 form of groups 5-8" in rules
    assert f"at least {MIN_SIGNAL_ANSWERS} questions answered" in rules
    assert "2.33 or lower on 1-5" in rules


# --- finding 8: profile texts describe the relationship, from the teacher's side -------------------


def meaning(closeness: float, conflict: float, dependency: float = 1.0) -> tuple[str, str]:
    scores = {"closeness": closeness, "conflict": conflict, "dependency": dependency, "handling": 3.0}
    rule = decide_profile(TEACHER, scores)
    assert rule is not None
    with translation.override("nl"):
        return rule.key, str(rule.meaning)


def test_closeness_above_the_middle_is_never_little_warmth() -> None:
    """3,33 of 5 lies above the middle (3,0): it was 'afstandelijk … weinig warmte'; now 'calm'."""
    key, text = meaning(3.33, 1.0)
    assert key == "calm"
    assert "weinig" not in text
    assert meaning(3.0, 1.0)[0] == "calm"  # the middle itself is not "little"
    key, text = meaning(2.99, 1.0)
    assert key == "distant"
    assert "weinig nabijheid" in text


def test_conflictual_makes_no_claim_about_little_warmth() -> None:
    """Conflict 3,0 with closeness 3,49 (above the middle) is 'conflictual': no more 'weinig warmte'."""
    for closeness in (1.0, 2.99, 3.0, 3.49):
        key, text = meaning(closeness, 3.0)
        assert key == "conflictual"
        assert "weinig" not in text
    assert meaning(3.5, 3.0)[0] == "warm_stormy"


def test_dependent_makes_no_claim_about_age() -> None:
    """'meer dan bij de leeftijd past' needs an age norm the questionnaire does not have."""
    key, text = meaning(4.0, 2.9, dependency=3.0)
    assert key == "dependent"
    assert "dan bij de leeftijd past" not in text
    assert "geen norm voor leeftijd" in text
    with translation.override("en"):
        assert "age calls for" not in str(PROFILES["dependent"].meaning)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_profile_text_speaks_from_the_teachers_side_and_fits_its_thresholds(language: str) -> None:
    """Each text starts from how the teacher rates it; 'little' closeness only where closeness < 3,0."""
    with translation.override(language):
        for rule in PROFILE_RULES:
            text = str(rule.meaning)
            assert text.startswith("Zoals jij het beoordeelt:" if language == "nl" else "As you rate it:")
            little = "weinig nabijheid" in text or "weinig warmte" in text or "little" in text
            capped = any(c.construct == "closeness" and c.below is not None for c in rule.conditions)
            below_middle = capped and all(
                c.below <= MIDPOINT for c in rule.conditions if c.construct == "closeness" and c.below
            )
            assert not little or below_middle, (rule.key, text)
            for claim in ("leeftijd past", "age calls for", "het kind is", "the child is"):
                assert claim not in text, (rule.key, text)


@given(
    closeness=st.floats(1, 5),
    conflict=st.floats(1, 5),
    dependency=st.floats(1, 5),
)
def test_every_rating_gets_exactly_the_first_fitting_profile(
    closeness: float, conflict: float, dependency: float
) -> None:
    """The rules cover every rating: a profile is never missing for a complete rating."""
    scores = {"closeness": closeness, "conflict": conflict, "dependency": dependency, "handling": 3.0}
    rule = decide_profile(TEACHER, scores)
    assert rule is not None
    if rule.key in ("distant",):
        assert TEACHER.normalised(closeness) < MIDPOINT
