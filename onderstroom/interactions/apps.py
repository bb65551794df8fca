from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "onderstroom.interactions"
    label = "interactions"
