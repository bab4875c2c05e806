"""Follow-up (opvolging): some months after a cheque is used, the business and the firm say whether they
still work together; the programme's key result (dashboard, yearly report)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.models.regies import RegieScopedQuerySet


class Respondent(models.TextChoices):
    BUSINESS = "business", _("The business")
    FIRM = "firm", _("The social-economy enterprise")


class Answer(models.TextChoices):
    STILL = "still", _("We still work together")
    PLANNED = "planned", _("We plan to work together again")
    NO = "no", _("No")


class FollowUp(models.Model):
    regie_path = "voucher__call__regie"
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    voucher = models.ForeignKey("vouchers.Voucher", verbose_name=_("cheque"), on_delete=models.CASCADE,
                                related_name="followups")
    enterprise = models.ForeignKey("enterprises.SocialEnterprise", verbose_name=_("enterprise"),
                                   on_delete=models.CASCADE, related_name="followups")
    respondent = models.CharField(_("asked"), max_length=8, choices=Respondent.choices)
    sent_at = models.DateTimeField(_("asked on"))
    reminded_at = models.DateTimeField(_("reminded on"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, blank=True)
    reason = models.TextField(_("why not"), blank=True, max_length=2000)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    may_quote = models.BooleanField(_("may be quoted"), default=False)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "enterprise", "respondent"], name="followup_once"),
            models.CheckConstraint(condition=Q(answer="") | Q(answered_at__isnull=False), name="followup_answer_dated"),
        ]

    def __str__(self):
        return f"{self.voucher} – {self.enterprise} ({self.get_respondent_display()})"

    @property
    def is_answered(self):
        return bool(self.answer)
