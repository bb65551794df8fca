"""Login cards: one card per child with their three pictures, eight to an A4 sheet, as a PDF."""

import base64
from dataclasses import dataclass
from functools import cache
from itertools import batched
from uuid import UUID

from onderstroom.audit import log
from onderstroom.childsessions.pictures import Picture, pictures_of
from onderstroom.core.pdf import render_pdf, static_file
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Group

CARDS_PER_SHEET = 8  # 2 columns x 4 rows


@dataclass(frozen=True)
class Card:
    child: Child
    pictures: list[tuple[Picture, str]]  # each picture with its image as a data: URL


@dataclass(frozen=True)
class LoginCards:
    group: Group
    count: int
    pdf: bytes  # empty when the group has no pupils


def login_cards(actor: StaffActor, group_uuid: UUID, start_url: str) -> LoginCards:
    """The cards of every child of a group the actor teaches; printing them is audited per child."""
    group = access.get_teacher_group(actor, group_uuid)
    children = list(Child.objects.filter(enrollments__group=group).order_by("surname", "first_name"))
    if not children:
        return LoginCards(group, 0, b"")
    cards = [Card(c, [(p, picture_data_url(p.key)) for p in pictures_of(c.picture_code)]) for c in children]
    pdf = render_pdf(
        "childsessions/cards/login_cards.html",
        {"group": group, "sheets": list(batched(cards, CARDS_PER_SHEET)), "start_url": start_url},
        stylesheet="childsessions/cards.css",
    )
    log.record_reads(actor, "childsessions.cards.print", children, obj=group)
    return LoginCards(group, len(children), pdf)


@cache
def picture_data_url(key: str) -> str:
    """The picture inlined, so WeasyPrint fetches nothing from disk or network while rendering."""
    with open(static_file(f"childsessions/pictures/{key}.svg"), "rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
