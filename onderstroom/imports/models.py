import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onderstroom.tenancy import SchoolOwned


class ImportJob(SchoolOwned):
    """One upload, from the preview to its end: applied or cancelled.

    The raw file is kept only while the administrator looks at the preview; once the
    import is applied or cancelled it is deleted and only the counts remain.
    """

    class Kind(models.TextChoices):
        TABLE = "table", _("spreadsheet")
        ONEROSTER = "oneroster", _("OneRoster set")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        APPLIED = "applied", _("imported")
        ABANDONED = "abandoned", _("cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    filename = models.CharField(_("file name"), max_length=120)
    year_name = models.CharField(_("school year"), max_length=20)
    content = models.BinaryField(null=True, editable=False)
    mapping = models.JSONField(default=dict)  # field name -> column index
    counts = models.JSONField(default=dict)  # what the import did, once applied
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
