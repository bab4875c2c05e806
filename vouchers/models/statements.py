"""The bank's statements as imported (camt.053 or CODA): what each entry said and what became of it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.models.regies import RegieScopedQuerySet


class BankStatement(models.Model):
    """One statement of the regie's account, imported once: (account, statement id) is unique."""
    regie_path = "regie"
    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="bank_statements")
    kind = models.CharField(_("format"), max_length=20)
    statement_id = models.CharField(_("statement id"), max_length=35)
    account_iban = models.CharField(_("account (IBAN)"), max_length=34)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    paid_count = models.PositiveIntegerField(_("payments paid"), default=0)
    returned_count = models.PositiveIntegerField(_("payments returned"), default=0)
    unmatched_count = models.PositiveIntegerField(_("entries to assign"), default=0)
    duplicate_count = models.PositiveIntegerField(_("entries already imported"), default=0)

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["account_iban", "statement_id"],
                                               name="bank_statement_once_per_account")]

    def __str__(self):
        return f"{self.account_iban} {self.statement_id}"


class EntryOutcome(models.TextChoices):
    PAID = "paid", _("Payment paid")
    RETURNED = "returned", _("Payment returned")
    UNMATCHED = "unmatched", _("To assign")
    ASSIGNED = "assigned", _("Assigned by finance")
    IGNORED = "ignored", _("Ignored by finance")


class BankStatementEntry(models.Model):
    """One booking of a statement; its key (the bank's reference) is imported once, whatever the file."""
    regie_path = "statement__regie"
    statement = models.ForeignKey(BankStatement, verbose_name=_("bank statement"), on_delete=models.CASCADE,
                                  related_name="entries")
    key = models.CharField(_("bank reference"), max_length=100, unique=True)
    position = models.CharField(_("place in the file"), max_length=60, blank=True)
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    credit = models.BooleanField(_("credit"), help_text=_("Money in (a returned transfer); otherwise money out."))
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, blank=True)
    communication = models.CharField(_("structured communication"), max_length=12, blank=True)
    free_text = models.TextField(_("free communication"), blank=True)
    counterparty_name = models.CharField(_("counterparty"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("counterparty IBAN"), max_length=34, blank=True)
    return_reason = models.CharField(_("return reason code"), max_length=4, blank=True)
    outcome = models.CharField(_("outcome"), max_length=9, choices=EntryOutcome.choices, db_index=True)
    payment = models.ForeignKey("vouchers.Payment", verbose_name=_("payment"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="statement_entries")
    note = models.TextField(_("note"), blank=True, help_text=_("Why it matched nothing, or why it was ignored."))
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement entry")
        verbose_name_plural = _("bank statement entries")
        ordering = ["statement", "pk"]

    def __str__(self):
        sign = "+" if self.credit else "-"
        return f"{self.key} {sign}EUR {self.amount}"


# The ISO 20022 return reasons Belgian banks give most, as finance and the firm read them.
RETURN_REASONS = {
    "AC01": _("The account number is incorrect."),
    "AC04": _("The account is closed."),
    "AC06": _("The account is blocked."),
    "AG01": _("This kind of account does not accept transfers."),
    "AM05": _("The transfer was a duplicate."),
    "BE04": _("The creditor's address is missing or incorrect."),
    "MD07": _("The account holder has died."),
    "MS02": _("The account holder refused the transfer."),
    "MS03": _("The bank gave no reason."),
    "RC01": _("The bank identifier (BIC) is incorrect."),
    "RR01": _("The debtor's account or identification is missing."),
    "RR02": _("The debtor's name or address is missing."),
    "RR03": _("The creditor's name or address is missing."),
    "RR04": _("A regulatory reason."),
    "NARR": _("The bank sent the transfer back without a reason code."),
}
OTHER_REASON = "other"  # finance's own text instead of a code (stored as NARR with the text)
