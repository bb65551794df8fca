from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "onderstroom.interactions"
    label = "interactions"

    def ready(self) -> None:
        from onderstroom.interactions import panels

        panels.register()
