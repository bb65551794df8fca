"""What other features may ask of Banking Time.

    from onderstroom.bankingtime import api
    plan = api.first_plan(teacher, group)   # the demo links a reflection or a board to it

No access check and no audit row: for the demo data, which is built without a signed-in actor.
"""

from onderstroom.accounts.models import User
from onderstroom.bankingtime.models import Plan
from onderstroom.schools.models import Group

__all__ = ["first_plan"]


def first_plan(teacher: User, group: Group | None = None) -> Plan | None:
    """The teacher's earliest plan (in the group, when one is given), with its child loaded."""
    plans = Plan.objects.filter(teacher=teacher)
    if group is not None:
        plans = plans.filter(group=group)
    return plans.select_related("child").order_by("pk").first()
