"""The audit log: who did what to which object, when, with which data."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """What happened, of a regie (its audit log, in that regie's admin) or of none: the platform's (regie.audit says
    which), which platform administrators read."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), null=True, blank=True, editable=False,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    obj = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    address = models.GenericIPAddressField(
        _("address"), null=True, blank=True,
        help_text=_("The client's address, when the change came from a web request."))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"
