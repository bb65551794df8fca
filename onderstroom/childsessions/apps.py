from django.apps import AppConfig


class ChildsessionsConfig(AppConfig):
    name = "onderstroom.childsessions"
    label = "childsessions"

    def ready(self) -> None:
        from onderstroom.childsessions.panels import open_session_panel
        from onderstroom.core.panels import group_panels

        group_panels.register("childsessions.open_session", order=0, render=open_session_panel)
