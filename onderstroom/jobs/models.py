import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One requested file, made in the background. Owned by the user who asked, not by a school:
    a board's report spans schools. `school` is the school the requester worked in (the scope the
    job runs in); only the owner ever sees the job (`jobs.access`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=64)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("schools.School", null=True, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict)
    language = models.CharField(max_length=8)  # the requester's language, for the file's words
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the django.tasks result of the current attempt
    worker = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True)  # a running job whose lease ran out was abandoned
    error = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # the name the download gets
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "lease_until"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid} ({self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
