from django.apps import AppConfig


class ChildsessionsConfig(AppConfig):
    name = "onderstroom.childsessions"
    label = "childsessions"

    def ready(self) -> None:
        from onderstroom.childsessions import panels

        panels.register()
