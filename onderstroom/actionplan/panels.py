"""What the action plan adds to shared places (registered by `register()`, which AppConfig.ready calls)."""

from django.utils.translation import gettext_lazy as _

from onderstroom.actionplan import childdata, demo, home, panels_views, steps
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.core import actions
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.panels import HomeSource, Panel, child_panels, group_panels, home_items
from onderstroom.demo import extensions


def register() -> None:
    actions.steps.register(actions.StepKind(steps.PLAN_STEP, order=90, build=steps.plan_step))
    actions.plans.register(
        actions.PlanSource(
            steps.LINKED, order=5, collect=steps.linked_actions, collect_groups=steps.linked_actions_in
        )
    )
    child_panels.register(Panel("actionplan.actions", order=80, render=panels_views.child_panel))
    group_panels.register(Panel("actionplan.actions", order=80, render=panels_views.group_panel))
    home_items.register(HomeSource("actionplan.reviews", order=60, collect=home.due_reviews))
    child_data.register(
        ChildData(
            "actionplan.actions",
            order=75,
            label=_("Actions for the relationship"),
            purpose=_(
                "So that a teacher and the care coordinator can plan what they do and see whether it helped."
            ),
            models=("actionplan.Action", "actionplan.Review"),
            export=childdata.export_child,
            erase=childdata.erase_child,
        )
    )
    # After the questionnaires' answers (order 10): the demo actions are measured by them.
    extensions.registry.register(
        extensions.DemoStep("actionplan.actions", order=85, step=demo.add_demo_actions)
    )
    audit_labels.register(
        AuditLabels(
            "actionplan",
            actions={
                "actionplan.action.create": _("Added an action to the plan"),
                "actionplan.action.new": _("Started a new action"),
                "actionplan.action.review": _("Recorded the review of an action"),
                "actionplan.action.view": _("Viewed an action"),
                "actionplan.action.listed": _("Saw on the home page that an action is due for review"),
                "actionplan.followup.plan": _("Planned the follow-up measurement of an action"),
            },
        )
    )
