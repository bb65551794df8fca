from django.apps import AppConfig


class ChildsessionsConfig(AppConfig):
    name = "onderstroom.childsessions"
    label = "childsessions"
