from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "onderstroom.jobs"
    label = "jobs"

    def ready(self) -> None:
        from onderstroom.jobs import panels

        panels.register()
