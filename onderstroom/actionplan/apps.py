from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "onderstroom.actionplan"
    label = "actionplan"

    def ready(self) -> None:
        from onderstroom.actionplan import panels

        panels.register()
