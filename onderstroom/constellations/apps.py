from django.apps import AppConfig


class ConstellationsConfig(AppConfig):
    name = "onderstroom.constellations"
    label = "constellations"
