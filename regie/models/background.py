"""Background work that failed and heals: one row per task run that raised, retried on a schedule
(regie/ops/background.py), then failed for good with "try again" in the admin, or set aside as handled by hand."""
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for its next try")
    FAILED = "failed", _("Failed (no more tries)")
    DONE = "done", _("Done after a retry")
    HANDLED = "handled", _("Set aside: handled by hand")


class BackgroundJob(models.Model):
    """A failed run, of the regie of the object it is about (in that regie's admin), or of none: the platform's
    (work about no one regie's row), which platform administrators read."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), null=True, blank=True, editable=False,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("first failure"), auto_now_add=True, db_index=True)
    task = models.CharField(_("task"), max_length=200, help_text=_("The task's function, by its path."))
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    content_type = models.ForeignKey(ContentType, models.SET_NULL, null=True, blank=True,
                                     verbose_name=_("kind of object"))
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=7, choices=JobStatus.choices, default=JobStatus.WAITING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("failed tries"), default=0)
    last_try_at = models.DateTimeField(_("last try"), null=True, blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    handled_note = models.TextField(_("how it was handled"), blank=True, help_text=_(
        "Set a failed task aside: say what was done by hand instead (for example: the cheque was handed over at "
        "the counter). It then no longer counts as failed work."))

    class Meta:
        verbose_name = _("background task that failed")
        verbose_name_plural = _("background tasks that failed")
        ordering = ["-created_at", "-id"]
        permissions = [("retry_backgroundjob", _("Can try a failed background task again"))]

    def __str__(self):
        name = self.task.rsplit(".", 1)[-1]
        return f"{name}: {self.object_repr}" if self.object_repr else name
