from django.apps import AppConfig


class SociogramConfig(AppConfig):
    name = "onderstroom.sociogram"
    label = "sociogram"
