from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstellationsConfig(AppConfig):
    name = "onderstroom.constellations"
    label = "constellations"

    def ready(self) -> None:
        from onderstroom.childsessions.activities import Activity, register
        from onderstroom.constellations import demo, panels
        from onderstroom.constellations.access import ACTIVITY_KEY
        from onderstroom.core.panels import child_panels, group_panels
        from onderstroom.demo.extensions import register as register_demo

        child_panels.register("constellations.positions", order=40, render=panels.child_panel)
        group_panels.register("constellations.sessions", order=40, render=panels.group_panel)
        register(
            Activity(
                key=ACTIVITY_KEY,
                label=_("Constellation where the children place their figure"),
                child_url=panels.child_url,
                choices=panels.choices,
            )
        )
        # After the peer surveys (60): the boards follow the survey's friendships.
        register_demo("constellations.boards", demo.add_demo_constellations, order=65)
