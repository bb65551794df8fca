"""Banking Time plans and sessions with a child, for the privacy registry (core/childdata.py)."""

from django.utils.translation import gettext as _

from onderstroom.bankingtime.models import Plan, Session
from onderstroom.core.childdata import Erased, Table
from onderstroom.schools.models import Child


def export_child(child: Child) -> list[Table]:
    plans = list(Plan.objects.filter(child=child).select_related("teacher").order_by("starts_on"))
    sessions = list(Session.objects.filter(plan__child=child).select_related("plan").order_by("held_on"))
    return [
        Table(
            key="bankingtime.plans",
            title=_("Banking Time plans"),
            columns=(
                "plan",
                "teacher",
                "starts_on",
                "weeks",
                "sessions_per_week",
                "minutes",
                "fixed_moment",
                "themes",
                "reason",
                "ended_on",
            ),
            headers=(
                _("plan"),
                _("teacher"),
                _("first day"),
                _("weeks"),
                _("sessions per week"),
                _("minutes per session"),
                _("fixed moment"),
                _("themes"),
                _("reason"),
                _("stopped on"),
            ),
            rows=[
                (
                    str(p.uuid),
                    p.teacher.full_name or p.teacher.email,
                    p.starts_on,
                    p.weeks,
                    p.sessions_per_week,
                    p.minutes,
                    p.fixed_moment,
                    ", ".join(p.theme_labels),
                    p.reason,
                    p.ended_on,
                )
                for p in plans
            ],
            since=plans[0].starts_on if plans else None,
        ),
        Table(
            key="bankingtime.sessions",
            title=_("Banking Time sessions"),
            columns=("plan", "held_on", "minutes", "activity", "mood", "note"),
            headers=(_("plan"), _("day"), _("minutes"), _("activity"), _("mood"), _("note")),
            rows=[
                (str(s.plan.uuid), s.held_on, s.minutes, s.activity, s.get_mood_display(), s.note)
                for s in sessions
            ],
            since=sessions[0].held_on if sessions else None,
        ),
    ]


def erase_child(child: Child) -> Erased:
    deleted, _by_model = Plan.objects.filter(child=child).delete()
    return Erased(deleted=deleted)
