"""The vouchers app's entries of the retention schedule (regie/privacy/schedule.py): applications, cheques and
their use, what an erasure keeps, follow-up answers; registered first, from VouchersConfig.ready."""
from django.utils.translation import gettext_lazy as _

from regie.privacy import schedule
from regie.privacy.periods import Period
from regie.privacy.schedule import PUBLIC_TASK, Retention, Then

CHEQUE_START = _("the closing date of the call or, when later, the last payment to a firm for the cheque (for a "
                 "payout batch: the day it was made)")

# 10 fiscal years from the grant (Regulation (EU) 2023/2831, art. 6(4)); the regie's fiscal year is the calendar year.
GRANT_START = _("the end of the year in which the aid was granted")

ENTRIES = [
    Retention(
        "unconfirmed_applications", _("Applications whose e-mail address was never confirmed"),
        _("Everything entered on the application form."),
        _("Businesses that apply, and their contact persons."),
        _("Handling an application for a cheque."), PUBLIC_TASK, _("The coordinator."),
        Period(days=30), _("the day of the application"), Then.DELETE,
        _("Deleted, and the application's name is removed from the audit log."),
        ("vouchers.Application",), command="purge_unverified_applications"),
    Retention(
        "applications_without_cheque", _("Applications that did not lead to a cheque"),
        _("Name, enterprise number and address of the business; contact person with e-mail address and phone; "
          "language, sector and size; de-minimis declaration; motivation; the decision and its reason. This "
          "covers refused, withdrawn and voided applications and those still waiting when the call ended."),
        _("Businesses that apply, and their contact persons."),
        _("Deciding on the application; answering questions and objections about the decision."), PUBLIC_TASK,
        _("The coordinator."),
        Period(years=2), _("the closing date of the call"), Then.DELETE,
        _("Deleted, and the application's name is removed from the audit log."),
        ("vouchers.Application",)),
    Retention(
        "cheques", _("Cheques and their use"),
        _("The application of a business that received a cheque (as above); the cheque and its PDF; every "
          "redemption: the firm, the service, the amounts, the invoice number, date and file (PDF or e-invoice) and "
          "any credit note against it, the proof sent for a random check (files and note), the customer's "
          "confirmation or objection; the payouts to the firms and the bank's statement entries about them."),
        _("Businesses with a cheque and their contact persons; staff of the social-economy enterprises."),
        _("Issuing and paying the cheques; accounting for the subsidy to the Flemish government; the record of "
          "state aid under the de-minimis rules."),
        _("GDPR art. 6.1(c): legal obligations (accounting; the de-minimis regulation (EU) 2023/2831 requires "
          "records of the aid for 10 years), and art. 6.1(e)."),
        _("The coordinator and the finance staff; the social-economy enterprise sees the redemptions it recorded; "
          "the Flemish government receives figures that identify no one."),
        Period(years=10), CHEQUE_START, Then.ANONYMISE,
        _("Anonymised: names, e-mail addresses, phone numbers, street addresses, the enterprise number, free texts, "
          "the invoice and cheque files, and the firm's name and IBAN on the transfers and in the bank's statement "
          "entries about them are removed; amounts, dates, the firm and the municipality are kept for "
          "the accounts and the figures. An erasure on request keeps the invoices (number, amounts, dates and "
          "file) and the enterprise number until then: the law requires them for the accounts."),
        ("vouchers.Application", "vouchers.Voucher", "vouchers.Redemption", "vouchers.CheckProof",
         "vouchers.PayoutBatch", "vouchers.Payment", "vouchers.BankStatement", "vouchers.BankStatementEntry")),
    Retention(
        "kept_after_erasure", _("What an erasure on request keeps"),
        _("The enterprise number of a business that received a cheque (for a sole trader it is personal data) and "
          "the invoices of the cheque's uses: invoice number, date, firm, amounts and the invoice file."),
        _("Businesses with a cheque, sole traders included, that asked for their personal data to be erased."),
        _("The accounts of the cheques paid to the firms; subsidy control: the record of which business received "
          "which de-minimis aid."),
        _("GDPR art. 6.1(c): legal obligations (Belgian accounting law: the accounts and their supporting documents "
          "are kept for 10 years; the de-minimis regulation (EU) 2023/2831: records of the aid are kept for 10 "
          "years for subsidy control). The right to erasure does not apply to them (art. 17(3)(b))."),
        _("The coordinator and the finance staff; the authorities that check the accounts or the state aid, when "
          "they ask."),
        Period(years=10), CHEQUE_START, Then.ANONYMISE,
        _("Anonymised: the enterprise number and the invoice files are removed; invoice numbers, amounts, dates and "
          "the firm stay for the figures, without anything that names the business. The business's data export "
          "lists every invoice kept and until when."),
        ("vouchers.Application", "vouchers.Redemption", "vouchers.CheckProof")),
    Retention(
        "deminimis_grants", _("De-minimis grants"),
        _("For every cheque issued: the enterprise number and name of the business, the amount of the aid, the grant "
          "date, the granting authority, the measure, and a correction when the cheque was cancelled or expired "
          "with balance left."),
        _("Businesses with a cheque (for a sole trader the name and enterprise number are personal data)."),
        _("The record of de-minimis aid the granting authority must keep and report to the central register."),
        _("GDPR art. 6.1(c): legal obligation (the de-minimis regulation (EU) 2023/2831, art. 6: records of each "
          "aid are kept for 10 fiscal years from the date it was granted). An erasure on request does not remove "
          "them (art. 17(3)(b))."),
        _("The coordinator and the finance staff; the central register of de-minimis aid; the authorities that "
          "check the state aid, when they ask."),
        Period(years=10), GRANT_START, Then.ANONYMISE,
        _("Anonymised: the enterprise number and the name of the business are removed; the amounts, dates and the "
          "measure are kept for the figures."),
        ("vouchers.DeMinimisGrant",)),
    Retention(
        "followup_answers", _("Follow-up answers"),
        _("Whether the business and the firm still work together, the reason and comment they gave, and whether "
          "the comment may be quoted."),
        _("Businesses with a cheque; staff of the social-economy enterprises."),
        _("Measuring the programme's result (lasting partnerships) and reporting it in figures that identify no "
          "one."),
        _("GDPR art. 6.1(e); a comment is quoted only with permission (art. 6.1(a))."),
        _("The coordinator; the report to the Flemish government shows figures and, with permission, quotations."),
        Period(years=5), _("the day the question was asked"), Then.ANONYMISE,
        _("Anonymised: the reason, the comment and who answered are removed; the answer itself is kept as a "
          "figure."),
        ("vouchers.FollowUp",)),
]


def register_schedule():
    schedule.register(ENTRIES, first=True)
    schedule.free_of_personal_data("vouchers.Call", "vouchers.LedgerCheck", "vouchers.MunicipalityShare")
