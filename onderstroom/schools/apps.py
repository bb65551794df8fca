from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "onderstroom.schools"
    label = "schools"
