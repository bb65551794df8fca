from django.apps import AppConfig
from django.db.models.signals import post_delete


def _response_deleted(sender: type, instance: object, **kwargs: object) -> None:
    """A deleted response changes its school's references (see references.py)."""
    from onderstroom.questionnaires.references import forget
    from onderstroom.tenancy import all_schools

    with all_schools():  # deletes cascade from kernel rows, sometimes outside a request's scope
        forget(instance.school_id, instance.version_id)  # type: ignore[attr-defined]


class QuestionnairesConfig(AppConfig):
    name = "onderstroom.questionnaires"
    label = "questionnaires"

    def ready(self) -> None:
        from onderstroom.questionnaires import panels

        panels.register()
        post_delete.connect(_response_deleted, sender=self.get_model("Response"))
