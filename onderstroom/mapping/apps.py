from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "onderstroom.mapping"
    label = "mapping"

    def ready(self) -> None:
        from onderstroom.mapping import panels

        panels.register()
