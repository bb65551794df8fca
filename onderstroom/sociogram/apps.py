from django.apps import AppConfig


class SociogramConfig(AppConfig):
    name = "onderstroom.sociogram"
    label = "sociogram"

    def ready(self) -> None:
        from onderstroom.sociogram import panels

        panels.register()
