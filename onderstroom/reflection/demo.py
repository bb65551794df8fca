"""Reflections for the demo board: Sanne's journal about the child of her Banking Time plan.

Two entries a few weeks apart, so the timeline shows her picture of the child changing; the
later one is shared with the care coordinator Dirk, to show what sharing looks like.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from onderstroom.bankingtime import api as bankingtime_api
from onderstroom.reflection.models import Entry, Evoked

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

AUTHOR, CARE = "sanne", "dirk"
# (days after the plan's first day, the entry): one just before the plan, one during it that is shared.
ENTRIES = (
    (
        -4,
        {
            "word_1": "stroef",
            "moment_1": "Maandag in de kring keek {name} weg toen ik iets vroeg.",
            "word_2": "afwachtend",
            "moment_2": "Bij rekenen wachtte {name} tot ik langskwam.",
            "did_not_click": "Na de gymles botsten we over het opruimen.",
            "evoked": [Evoked.SIGH, Evoked.PATIENCE],
            "picture": "{name} wil vooral niet opvallen.",
            "behind": "Misschien onzeker na de verhuizing.",
            "needs": "Rustige, voorspelbare aandacht die niets vraagt.",
            "will_try": "Banking Time, drie keer per week na de kleine pauze.",
        },
    ),
    (
        20,
        {
            "word_1": "voorzichtig",
            "moment_1": "{name} liet me uit zichzelf een tekening zien.",
            "word_2": "warmer",
            "moment_2": "Bij binnenkomst zwaaide {name} naar me.",
            "clicked": "Tijdens Banking Time vertelde {name} over het konijn thuis.",
            "evoked": [Evoked.SMILE],
            "picture": "{name} zoekt contact als het veilig voelt.",
            "needs": "Dat ik blijf komen, ook na een lastige dag.",
            "will_try": "Vaker benoemen wat ik zie, minder vragen.",
        },
    ),
)


def add_demo_entries(demo: "DemoBoard") -> None:
    author, care = demo.staff.get(AUTHOR), demo.staff.get(CARE)
    plan = bankingtime_api.first_plan(author) if author else None
    if plan is None or author is None:
        return
    last = len(ENTRIES) - 1
    for index, (days_in, fields) in enumerate(ENTRIES):
        text = {
            key: value.format(name=plan.child.first_name)
            if isinstance(value, str)
            else [str(v) for v in value]
            for key, value in fields.items()
        }
        Entry.objects.create(
            school_id=plan.school_id,
            child=plan.child,
            group_id=plan.group_id,
            author=author,
            written_on=min(plan.starts_on + timedelta(days=days_in), plan.last_day, demo.today),
            shared_with=care if index == last else None,
            shared_at=timezone.now() if index == last else None,
            **text,
        )
