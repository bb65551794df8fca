from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "onderstroom.handover"
    label = "handover"

    def ready(self) -> None:
        from onderstroom.handover import panels

        panels.register()
