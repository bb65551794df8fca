"""`{% next_steps signal dyad %}`: the next steps that fit a signal, as a row of small buttons.

For the questionnaires' screens, which show signals per dyad (a teacher and a child at a moment):

    {% load next_steps %}
    {% next_steps signal dyad %}
"""

from typing import Any

from django import template

from onderstroom.core.actions import next_steps as steps_for
from onderstroom.schools.access import StaffActor

register = template.Library()


@register.inclusion_tag("components/next_steps.html", takes_context=True)
def next_steps(context: template.Context, signal: Any, dyad: Any) -> dict[str, Any]:
    """Rendered in the page's own context (`inclusion_tag`): a class overview has a tag per signal,
    and a fresh request context for each would run every context processor again."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if not isinstance(actor, StaffActor) or dyad is None:
        return {"steps": []}
    return {"steps": steps_for(actor, dyad.child, signal, dyad.moment)}
