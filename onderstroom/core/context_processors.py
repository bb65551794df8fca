from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onderstroom.schools.access import StaffActor


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    active: bool


def _nav_for(actor: StaffActor, current: str) -> list[NavItem]:
    entries: list[tuple[str, str | Promise]] = [("core:home", _("Home"))]
    if actor.is_teacher or actor.is_care:
        entries.append(("schools:my_groups", _("My groups")))
    if actor.is_teacher or actor.is_care or actor.is_school_admin:
        entries.append(("actionplan:list", _("Action plan")))
    if actor.is_care or actor.is_school_admin:
        entries.append(("mapping:overview", _("Relationship mapping")))
    if actor.is_school_admin:
        entries += [
            ("schools:staff", _("Staff")),
            ("schools:groups_manage", _("Groups")),
            ("imports:start", _("Import")),
            ("sociogram:settings", _("Peer surveys")),
            ("audit:log", _("Audit log")),
        ]
    if actor.is_board_admin:
        entries.append(("schools:board", _("Board")))
        entries.append(("mapping:board", _("Trusted adults")))
    entries.append(("accounts:settings", _("My account")))
    items = []
    for name, label in entries:
        url = reverse(name)
        active = current == url if name == "core:home" else current.startswith(url)
        items.append(NavItem(url=url, label=label, active=active))
    return items


def shell(request: HttpRequest) -> dict[str, object]:
    actor = getattr(request, "actor", None)
    nav = _nav_for(actor, request.path) if isinstance(actor, StaffActor) else []
    return {"actor": actor, "nav": nav}
