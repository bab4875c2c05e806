"""When each scheduled command last ran to its end: /health/ reports it."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommandRun(models.Model):
    name = models.CharField(_("command"), max_length=64, unique=True)
    last_success_at = models.DateTimeField(_("last successful run"))
    summary = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("scheduled command")
        verbose_name_plural = _("scheduled commands")
        ordering = ["name"]

    def __str__(self):
        return self.name
