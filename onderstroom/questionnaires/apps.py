from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_shipped(sender: AppConfig, **kwargs: object) -> None:
    """After every migrate, store the shipped instrument files (a changed file becomes a new version)."""
    from onderstroom.questionnaires.library import sync_shipped_instruments
    from onderstroom.tenancy import all_schools

    with all_schools():
        sync_shipped_instruments()


class QuestionnairesConfig(AppConfig):
    name = "onderstroom.questionnaires"
    label = "questionnaires"

    def ready(self) -> None:
        from onderstroom.questionnaires import panels

        panels.register()
        post_migrate.connect(_sync_shipped, sender=self)
