from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "onderstroom.schools"
    label = "schools"

    def ready(self) -> None:
        from onderstroom.schools import panels

        panels.register()
