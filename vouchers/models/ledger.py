"""The result of each run of `manage.py check_ledger`, one row per regie it checked, shown to that regie's
coordinators in the admin."""
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from regie.models.regies import Regie, RegieScopedQuerySet


class LedgerCheckQuerySet(RegieScopedQuerySet):
    def last_of(self, regie: Regie | None) -> "LedgerCheck | None":
        """The regie's last check (None before its first, and for no regie)."""
        return self.of_regie(regie).order_by("-ran_at", "-pk").first()

    def last_of_each_regie(self) -> "LedgerCheckQuerySet":
        """The last check of every regie that has been checked (for /health/: does every regie's ledger add up?)."""
        last = LedgerCheck.objects.filter(regie=OuterRef("regie")).order_by("-ran_at", "-pk").values("pk")[:1]
        return self.filter(pk=Subquery(last)).order_by("regie__short_name")


class LedgerCheck(models.Model):
    regie_path = "regie"
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="ledger_checks")
    ran_at = models.DateTimeField(_("checked at"), auto_now_add=True, db_index=True)
    mismatches = models.PositiveIntegerField(_("mismatches"))
    report = models.TextField(_("report"), blank=True, help_text=_("One line per mismatch."))
    seconds = models.FloatField(_("duration (s)"))

    objects = LedgerCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger check")
        verbose_name_plural = _("ledger checks")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {self.mismatches}"

    @property
    def adds_up(self):
        return self.mismatches == 0
