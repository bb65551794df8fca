from django.apps import AppConfig


class ClimateConfig(AppConfig):
    name = "onderstroom.climate"
    label = "climate"

    def ready(self) -> None:
        from onderstroom.climate import panels

        panels.register()
