from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "onderstroom.audit"
    label = "audit"
