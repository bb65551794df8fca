"""Issue 10, finding 7: the class overview mixes the 1-3 form (groups 3-4) and the 1-4 form (groups
5-8), so every chart says its scale; and a low score signals only with enough answers behind it."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from onderstroom.questionnaires import charts
from onderstroom.questionnaires.builders import fill_moment, make_moment
from onderstroom.questionnaires.engine import parse_instrument
from onderstroom.questionnaires.library import SHIPPED_DIR
from onderstroom.questionnaires.scoring import MIN_SIGNAL_ANSWERS, SIGNAL_RULES, Names, low_score_signals
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
