from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "onderstroom.reflection"
    label = "reflection"

    def ready(self) -> None:
        from onderstroom.reflection import panels

        panels.register()
