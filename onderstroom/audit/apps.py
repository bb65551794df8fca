from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "onderstroom.audit"
    label = "audit"

    def ready(self) -> None:
        from onderstroom.audit import panels

        panels.register()
