"""`{% next_steps signal dyad %}`: the next steps that fit a signal, as a row of small buttons.

For the questionnaires' screens, which show signals per dyad (a teacher and a child at a moment):

    {% load next_steps %}
    {% next_steps signal dyad %}
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from onderstroom.core.actions import next_steps as steps_for
from onderstroom.schools.access import StaffActor

register = template.Library()


@register.simple_tag(takes_context=True)
def next_steps(context: template.Context, signal: Any, dyad: Any) -> SafeString:
    """Rendered in a copy of the page's own context: a class overview has a tag per signal, and a
    fresh request context for each would run every context processor again."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if not isinstance(actor, StaffActor) or dyad is None:
        return mark_safe("")
    found = steps_for(actor, dyad.child, signal, dyad.moment)
    if not found or context.template is None:
        return mark_safe("")
    component = context.template.engine.get_template("components/next_steps.html")
    return component.render(context.new({"steps": found}))
