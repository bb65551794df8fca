from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "onderstroom.imports"
    label = "imports"

    def ready(self) -> None:
        from onderstroom.imports import panels

        panels.register()
