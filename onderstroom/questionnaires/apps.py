from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "onderstroom.questionnaires"
    label = "questionnaires"
