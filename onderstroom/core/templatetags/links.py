"""`{% uuid_link "schools:child" uuid=child.uuid %}`: `{% url %}` for pages with many links of one kind
(see onderstroom.core.links)."""

from uuid import UUID

from django import template

from onderstroom.core.links import uuid_link as link

register = template.Library()


@register.simple_tag
def uuid_link(name: str, **uuids: UUID) -> str:
    return link(name, **uuids)
