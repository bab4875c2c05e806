"""The mail outbox: every e-mail is stored first, then sent by the worker and retried when the mail
server is away (regie/mail/outbox.py)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (no more retries)")


class OutgoingMail(models.Model):
    """A mail of a regie (its outbox in that regie's admin), or of none: the platform's own (errors to ADMINS),
    which platform administrators read."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), null=True, blank=True, editable=False,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sender = models.CharField(_("from"), max_length=254)
    recipients = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    message = models.BinaryField(_("message"), help_text=_("The whole message as sent (MIME)."))
    status = models.CharField(_("status"), max_length=6, choices=MailStatus.choices, default=MailStatus.QUEUED,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"
