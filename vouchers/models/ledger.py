"""The result of each run of `manage.py check_ledger`, shown to the coordinator in the admin."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerCheck(models.Model):
    ran_at = models.DateTimeField(_("checked at"), auto_now_add=True, db_index=True)
    mismatches = models.PositiveIntegerField(_("mismatches"))
    report = models.TextField(_("report"), blank=True, help_text=_("One line per mismatch."))
    seconds = models.FloatField(_("duration (s)"))

    class Meta:
        verbose_name = _("ledger check")
        verbose_name_plural = _("ledger checks")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {self.mismatches}"

    @property
    def adds_up(self):
        return self.mismatches == 0
