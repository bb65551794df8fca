"""`{% next_steps signal dyad %}`: the next steps that fit a signal, as a row of small buttons.

For the questionnaires' screens, which show signals per dyad (a teacher and a child at a moment):

    {% load next_steps %}
    {% next_steps signal dyad %}

The buttons are written here rather than by a template: a class overview has a tag per signal,
and a template drawn for each cost two thirds as much again as finding the steps themselves.
"""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from onderstroom.core.actions import next_steps as steps_for
from onderstroom.schools.access import StaffActor

register = template.Library()


@register.simple_tag(takes_context=True)
def next_steps(context: template.Context, signal: Any, dyad: Any) -> SafeString:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if not isinstance(actor, StaffActor) or dyad is None:
        return mark_safe("")
    found = steps_for(actor, dyad.child, signal, dyad.moment)
    if not found:
        return mark_safe("")
    buttons = format_html_join(
        "", '<li><a class="button small secondary" href="{}">{}</a></li>', ((s.url, s.label) for s in found)
    )
    return format_html('<ul class="next-steps" aria-label="{}">{}</ul>', _("Next steps"), buttons)
