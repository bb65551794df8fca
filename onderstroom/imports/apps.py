from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "onderstroom.imports"
    label = "imports"
