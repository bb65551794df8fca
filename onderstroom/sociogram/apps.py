from django.apps import AppConfig


class SociogramConfig(AppConfig):
    name = "onderstroom.sociogram"
    label = "sociogram"

    def ready(self) -> None:
        from onderstroom.childsessions.activities import Activity, register
        from onderstroom.core.panels import child_panels, group_panels
        from onderstroom.demo.extensions import register as register_demo
        from onderstroom.sociogram import demo, panels
        from onderstroom.sociogram.access import ACTIVITY

        register(
            Activity(
                key=ACTIVITY,
                label=panels.ACTIVITY_LABEL,
                child_url=panels.child_url,
                choices=panels.activity_choices,
            )
        )
        group_panels.register("sociogram.surveys", order=60, render=panels.group_panel)
        child_panels.register("sociogram.peer_status", order=60, render=panels.child_panel)
        register_demo("sociogram.surveys", demo.add_demo_surveys, order=60)
