"""Issue 14: the bar charts are written in Python (a class overview draws two per child), so their
texts must be escaped there, and the numbers written once per language must still follow the language."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from onderstroom.questionnaires import charts
from onderstroom.questionnaires.scoring import fmt
from onderstroom.questionnaires.tests.test_scoring import TEACHER, teacher_values, view


def test_a_chart_escapes_every_text_it_writes() -> None:
    chart = charts.BarChart(
        bars=(charts.Bar('<b>"Nabijheid" & co</b>', "4,7 · P92", 58.7, 18, "#276b35"),),
        height=38,
        description='<script>alert("x")</script>',
        caption="schaal 1 tot 5 <i>",
    )
    svg = str(chart.svg)
    assert "<b>" not in svg
    assert "<script>" not in svg
    assert "<i>" not in svg
    assert "&lt;b&gt;&quot;Nabijheid&quot; &amp; co&lt;/b&gt;" in svg
    assert 'aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in svg
    assert '<rect x="122" y="21" width="58.7" height="11" rx="2" fill="#276b35"/>' in svg


def test_the_page_template_puts_in_the_same_drawing_or_says_why_there_is_none() -> None:
    chart = charts.bar_chart(view(TEACHER, teacher_values(closeness=4)))
    assert chart is not None
    html = render_to_string("questionnaires/charts/bars.html", {"chart": chart, "empty": "x"})
    assert html.strip() == str(chart.svg)
    assert html.count("<rect") == 2 * len(chart.bars)
    empty = render_to_string("questionnaires/charts/bars.html", {"chart": None, "empty": "not <yet>"})
    assert empty.strip() == '<span class="muted small">not &lt;yet&gt;</span>'


def test_numbers_are_written_in_the_active_language_also_when_kept() -> None:
    with translation.override("nl"):
        assert fmt(2.25) == "2,3"
        assert fmt(Decimal("2.25")) == "2,3"
    with translation.override("en"):
        assert fmt(2.25) == "2.3"
        assert fmt(87.5, 0) == "88"
    with translation.override("nl"):
        assert fmt(2.25) == "2,3"


def test_a_view_is_drawn_once_per_language() -> None:
    """A view kept scored keeps its chart, but a chart drawn in Dutch is never shown in English."""
    scored = view(TEACHER, teacher_values(closeness=4))
    with translation.override("nl"):
        dutch = charts.bar_chart(scored)
        assert charts.bar_chart(scored) is dutch  # drawn once
    with translation.override("en"):
        english = charts.bar_chart(scored)
    assert dutch is not None
    assert english is not None
    assert dutch.caption != english.caption
    with translation.override("en"):
        assert english == charts._bar_chart(view(TEACHER, teacher_values(closeness=4)))
    with translation.override("nl"):
        assert charts.bar_chart(scored) is dutch
        assert str(dutch.svg) == str(charts._bar_chart(scored).svg)
