import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent to a worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """A unit of background work and its outcome. Arguments are ids, never objects or personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    naam = models.CharField(_("job"), max_length=100, db_index=True)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    aangemaakt = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    verzonden = models.DateTimeField(_("sent"), null=True, blank=True)
    gestart = models.DateTimeField(_("started"), null=True, blank=True)
    afgerond = models.DateTimeField(_("finished"), null=True, blank=True)
    pogingen = models.PositiveIntegerField(_("attempts"), default=0)
    # A job that failed and will be tried again (registered with ``opnieuw``) waits until then in the queue.
    niet_voor = models.DateTimeField(_("not before"), null=True, blank=True)
    resultaat = models.JSONField(_("result"), null=True, blank=True)
    fout = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-aangemaakt"]
        indexes = [models.Index(fields=["status", "aangemaakt"])]

    def __str__(self):
        return f"{self.naam} ({self.get_status_display()})"
