from django.apps import AppConfig


class ConstellationsConfig(AppConfig):
    name = "onderstroom.constellations"
    label = "constellations"

    def ready(self) -> None:
        from onderstroom.constellations import panels

        panels.register()
