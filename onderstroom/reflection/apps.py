from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "onderstroom.reflection"
    label = "reflection"
