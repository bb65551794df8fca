from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_shipped(sender: AppConfig, **kwargs: object) -> None:
    """After every migrate, store the shipped instrument files (a changed file becomes a new version)."""
    from onderstroom.instruments.library import sync_shipped_instruments
    from onderstroom.tenancy import all_schools

    with all_schools():
        sync_shipped_instruments()


class InstrumentsConfig(AppConfig):
    name = "onderstroom.instruments"
    label = "instruments"

    def ready(self) -> None:
        post_migrate.connect(_sync_shipped, sender=self)
