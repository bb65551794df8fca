"""What the reflection journal adds to the child page (registered in apps.py).

The author sees their own entries on one timeline with the relationship scores; a care
coordinator sees the entries shared with them. Anyone else sees nothing at all, not even that
entries exist.
"""

from django.http import HttpRequest
from django.template.loader import render_to_string

from onderstroom.reflection import timeline
from onderstroom.reflection.access import audit_reads, own_entries, shared_with_me
from onderstroom.schools.access import StaffActor, teaches_child, today
from onderstroom.schools.models import Child


def child_panel(request: HttpRequest, child: Child) -> str | None:
    actor = request.actor
    if not isinstance(actor, StaffActor):
        return None
    may_write = teaches_child(actor, child)
    own = list(
        own_entries(actor, child).select_related("child", "shared_with").order_by("written_on", "created_at")
    )
    shared = list(shared_with_me(actor, child).select_related("child", "author"))
    if not (may_write or own or shared):
        return None
    audit_reads(actor, own)  # the list shows each entry's one-sentence picture of the child
    context = {
        "child": child,
        "may_write": may_write,
        "own": own,
        "shared": shared,
        "timeline": timeline.build(actor, child, own, today()) if may_write or own else None,
    }
    return render_to_string("reflection/panels/child.html", context, request=request)
