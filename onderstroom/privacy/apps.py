from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "onderstroom.privacy"
    label = "privacy"

    def ready(self) -> None:
        from onderstroom.privacy import panels

        panels.register()
