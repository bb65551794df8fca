"""What other features may ask of Banking Time.

    from onderstroom.bankingtime import api
    plan = api.first_plan(teacher, group)   # the demo links a reflection or a board to it
    themes = api.own_themes_with(actor, child)  # the handover note's first draft

`first_plan` has no access check and no audit row: for the demo data, which is built without a
signed-in actor. `own_themes_with` reads only the actor's own plans (`access.own_plans`).
"""

from onderstroom.accounts.models import User
from onderstroom.bankingtime.access import own_plans
from onderstroom.bankingtime.models import Plan
from onderstroom.schools.access import StaffActor
from onderstroom.schools.models import Child, Group

__all__ = ["first_plan", "own_themes_with"]


def first_plan(teacher: User, group: Group | None = None) -> Plan | None:
    """The teacher's earliest plan (in the group, when one is given), with its child loaded."""
    plans = Plan.objects.filter(teacher=teacher)
    if group is not None:
        plans = plans.filter(group=group)
    return plans.select_related("child").order_by("pk").first()


def own_themes_with(actor: StaffActor, child: Child) -> list[str]:
    """The themes of the actor's own plans with the child, in the groups they teach now, each once.

    The caller has read the child through a gate (and written its audit row)."""
    themes: list[str] = []
    for plan in own_plans(actor).filter(child=child).order_by("starts_on", "pk"):
        themes += [theme for theme in plan.theme_labels if theme not in themes]
    return themes
