from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onderstroom.core"
    label = "core"
