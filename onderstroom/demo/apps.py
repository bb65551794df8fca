from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "onderstroom.demo"
    label = "demo"
