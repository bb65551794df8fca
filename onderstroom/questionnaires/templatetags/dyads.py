"""`{% dyad_cell dyad "change" %}`: a cell drawn from a relationship as scored, once per language.

The charts, the change, the profile and the "3 of 7 answered" notes depend on nothing but the scored
relationship (`analysis.Dyad`) and the language, so a dyad scored from the same inputs as before
(`analysis._scored`) shows them as drawn before: a class overview of 30 no longer draws 150 small
templates on every request. The signals are not drawn here: their next steps depend on who looks.

    {% load dyads %}
    {% dyad_cell row.dyad "change" %}

`{% signal_list signals steps_for=dyad with_reasons=True %}`: the signals as a list, each with its
reason (`with_reasons`) and the next steps this viewer can take (`steps_for`: the dyad; none on paper).
"""

from collections.abc import Callable, Sequence
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from onderstroom.core.templatetags.next_steps import next_steps
from onderstroom.questionnaires import charts
from onderstroom.questionnaires.analysis import Dyad
from onderstroom.questionnaires.scoring import Signal, View

register = template.Library()

# Each cell: its template and what the template is given, all of it from the dyad.
CELLS: dict[str, tuple[str, Callable[[Dyad], dict[str, Any]]]] = {
    "change": ("questionnaires/_change.html", lambda dyad: {"dyad": dyad}),
    "profile": ("questionnaires/_profile.html", lambda dyad: {"profile": dyad.profile}),
    # A view's chart with its "3 of 7 answered"; for a child of groups 1 and 2 ("young") without a
    # view, that there is no children's form there.
    "teacher_view": ("questionnaires/_view_cell.html", lambda dyad: _view(dyad.teacher_view)),
    "child_view": ("questionnaires/_view_cell.html", lambda dyad: _view(dyad.child_view)),
    "child_view_young": ("questionnaires/_view_cell.html", lambda dyad: _view(dyad.child_view, young=True)),
}


def _view(view: View | None, *, young: bool = False) -> dict[str, Any]:
    return {"chart": charts.bar_chart(view), "view": view, "young": young}


@register.simple_tag(takes_context=True)
def dyad_cell(context: template.Context, dyad: Dyad, cell: str) -> SafeString:
    name, given = CELLS[cell]
    key = (get_language() or "", cell)
    drawn = dyad.drawn.get(key)
    if drawn is None:
        assert context.template is not None
        drawn = context.template.engine.get_template(name).render(context.new(given(dyad)))
        dyad.drawn[key] = drawn
    return mark_safe(drawn)  # noqa: S308 - drawn by our own autoescaping template


@register.simple_tag(takes_context=True)
def signal_list(
    context: template.Context,
    signals: Sequence[Signal],
    steps_for: Dyad | None = None,
    with_reasons: bool = False,
) -> SafeString:
    """Written here rather than by an included template: a class overview has a list per child."""
    if not signals:
        return mark_safe("")
    items = [
        format_html(
            "<li>{}{}{}</li>",
            signal.sentence,
            format_html('<span class="reason">{}</span>', signal.reason) if with_reasons else "",
            next_steps(context, signal, steps_for) if steps_for is not None else "",
        )
        for signal in signals
    ]
    return format_html('<ul class="signals">{}</ul>', mark_safe("".join(items)))  # noqa: S308 - each escaped above
