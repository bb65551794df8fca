"""Sections that features add to shared pages, without editing those pages.

The child page and the group page render every registered panel in order; the home page lists
the items every registered source collects (`home_items`, at the end of this module). A feature
registers its panels in the `register()` of its own `panels.py` (see onderstroom.core.registry):

    from onderstroom.core.panels import Panel, child_panels
    child_panels.register(Panel("questionnaires.timeline", order=10, render=timeline_panel))

`render(request, subject)` returns HTML (usually `render_to_string(..., request=request)`)
or None to show nothing. The page has already checked that the actor may see the
subject; a panel still shows only what the actor's role allows (a reflection panel
shows the author's own entries, for example).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from onderstroom.core.registry import Registry
from onderstroom.schools.access import StaffHttpRequest

Render = Callable[[StaffHttpRequest, Any], str | None]


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    render: Render


class PanelRegistry(Registry[Panel]):
    def render_all(self, request: StaffHttpRequest, subject: Any) -> list[SafeString]:
        parts = []
        for panel in self.entries():
            html = panel.render(request, subject)
            if html:
                parts.append(mark_safe(html))  # noqa: S308 - panels return rendered templates
        return parts


child_panels = PanelRegistry()  # subject: the Child (schools:child)
group_panels = PanelRegistry()  # subject: the Group (schools:group)
# subject: the StaffActor (core:home): a section of figures, below the role's own sections. Like a home
# item, its number of queries does not grow with the school, and it shows only what the role may see.
home_panels = PanelRegistry()


@dataclass(frozen=True)
class HomeItem:
    """One thing waiting for the person on their home page: a sentence, and where to act on it.

    `text` is already translated; `detail` is an optional second line. Items never carry the
    content of a record (no scores, no reflection text): only that something waits, and where.
    """

    text: str
    url: str
    action: str
    detail: str = ""


Collect = Callable[[Any], list[HomeItem]]


@dataclass(frozen=True)
class HomeSource:
    """Where a feature finds what waits for someone on the home page's "waiting for you" list.

    `collect(actor)` gets the StaffActor and returns its items; its number of queries does not grow
    with the number of children, and it writes the audit rows for what it names.
    """

    key: str
    order: int
    collect: Collect


class HomeItemRegistry(Registry[HomeSource]):
    def collect_all(self, actor: Any) -> list[HomeItem]:
        items: list[HomeItem] = []
        for source in self.entries():
            items.extend(source.collect(actor))
        return items


home_items = HomeItemRegistry()  # subject: the StaffActor (core:home)
