"""The retention schedule: every kind of personal data the portal keeps, why, on which legal basis, who sees
it, how long, from which moment, and what happens then. The ONE place for it:

- `manage.py apply_retention` (daily) applies each entry whose `command` is "apply_retention", with the
  entry's own period (vouchers/privacy/retention.py, regie/privacy/retention.py);
- `manage.py purge_unverified_applications` takes its default period from here too;
- the privacy page (/nl/privacy/) and the register of processing activities in the admin are rendered
  from this list, so they never promise what the code does not do;
- tests/test_privacy_schedule.py fails when a model of the project is in no entry (nor declared free of
  personal data), or when an automatic entry has no rule that applies it.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.privacy.periods import Period

APPLY_RETENTION = "apply_retention"


class Then(models.TextChoices):
    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("anonymised")
    BY_HAND = "by_hand", _("removed by the coordinator")


@dataclass(frozen=True)
class Retention:
    key: str
    title: str
    data: str  # the categories of personal data
    subjects: str  # whose data (categories of data subjects)
    purpose: str
    legal_basis: str
    recipients: str
    period: Period | None  # None: kept until removed by hand (see `then`)
    start: str  # from which moment the period runs
    then: Then
    what_then: str  # what exactly happens when the period is over
    models: tuple  # the models ("app_label.Model") holding this data
    command: str | None = APPLY_RETENTION  # the scheduled command that applies it; None: by hand
    by_hand: tuple = ()  # the permissions the coordinator uses to do by hand what `what_then` says

    @property
    def is_automatic(self):
        return self.command is not None and self.period is not None


PUBLIC_TASK = _("GDPR art. 6.1(e): a task in the public interest (the regie's subsidy programme).")
SECURITY = _("GDPR art. 6.1(e) with art. 32 (security of the processing).")
CHEQUE_START = _("the closing date of the call or, when later, the last payment to a firm for the cheque (for a "
                 "payout batch: the day it was made)")

SCHEDULE = [
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
          "covers refused and withdrawn applications and those still waiting when the call ended."),
        _("Businesses that apply, and their contact persons."),
        _("Deciding on the application; answering questions and objections about the decision."), PUBLIC_TASK,
        _("The coordinator."),
        Period(years=2), _("the closing date of the call"), Then.DELETE,
        _("Deleted, and the application's name is removed from the audit log."),
        ("vouchers.Application",)),
    Retention(
        "cheques", _("Cheques and their use"),
        _("The application of a business that received a cheque (as above); the cheque and its PDF; every "
          "redemption: the firm, the service, the amounts, the invoice number, date and PDF, the customer's "
          "confirmation or objection; the payouts to the firms."),
        _("Businesses with a cheque and their contact persons; staff of the social-economy enterprises."),
        _("Issuing and paying the cheques; accounting for the subsidy to the Flemish government; the record of "
          "state aid under the de-minimis rules."),
        _("GDPR art. 6.1(c): legal obligations (accounting; the de-minimis regulation (EU) 2023/2831 requires "
          "records of the aid for 10 years), and art. 6.1(e)."),
        _("The coordinator and the finance staff; the social-economy enterprise sees the redemptions it recorded; "
          "the Flemish government receives figures that identify no one."),
        Period(years=10), CHEQUE_START, Then.ANONYMISE,
        _("Anonymised: names, e-mail addresses, phone numbers, street addresses, the enterprise number, free texts "
          "and the invoice and cheque files are removed; amounts, dates, the firm and the municipality are kept for "
          "the accounts and the figures. An erasure on request keeps the invoices (number, amounts, dates and "
          "file) and the enterprise number until then: the law requires them for the accounts."),
        ("vouchers.Application", "vouchers.Voucher", "vouchers.Redemption", "vouchers.PayoutBatch")),
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
        ("vouchers.Application", "vouchers.Redemption")),
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
    Retention(
        "audit_log", _("Audit log"),
        _("Who (a staff or firm user, or the portal itself) changed what and when, with the essentials of the "
          "change."),
        _("Staff, firm users and businesses."),
        _("Accounting for every euro and every decision; detecting misuse."),
        _("GDPR art. 6.1(c) and (e), with art. 5.2 and 32 (accountability, security)."),
        _("The coordinator and the finance staff."),
        Period(years=10), _("the day of the event"), Then.DELETE, _("Deleted."),
        ("regie.AuditEvent", "admin.LogEntry")),
    Retention(
        "audit_addresses", _("Internet addresses in the audit log"),
        _("The internet (IP) address a change came from."),
        _("Everyone who changes something on the portal."),
        _("Investigating misuse."), SECURITY, _("The coordinator and the finance staff."),
        Period(years=1), _("the day of the event"), Then.ANONYMISE, _("The address is removed from the event."),
        ("regie.AuditEvent",)),
    Retention(
        "mails", _("E-mails sent by the portal"),
        _("Each e-mail with its recipients and content, and whether it was delivered."),
        _("Businesses, staff and firm users who receive mail."),
        _("Sending the mail reliably (with retries) and answering questions about what was sent."), PUBLIC_TASK,
        _("The coordinator (recipients and subject, not the content); the mail provider while sending."),
        Period(days=90), _("the day the e-mail was written"), Then.DELETE, _("Deleted."),
        ("regie.OutgoingMail",)),
    Retention(
        "throttles", _("Counters against guessing"),
        _("Per internet address, user or e-mail address: how many attempts were made recently (cheque codes, "
          "proofs of possession, mails requested)."),
        _("Visitors, firm users and the recipients of requested mails."),
        _("Protecting cheques and mailboxes against guessing and abuse."), SECURITY,
        _("No one: the portal uses them itself."),
        Period(days=1), _("the end of the counting window (at most one hour)"), Then.DELETE, _("Deleted."),
        ("regie.ThrottleCounter",)),
    Retention(
        "login_attempts", _("Failed log-ins"),
        _("User name, internet address, browser and time of each failed log-in."),
        _("Staff, firm users and anyone who tries to log in."),
        _("Stopping password guessing (a lock after 10 failures, for 15 minutes) and investigating attacks."),
        SECURITY, _("The coordinator (who can lift a lock)."),
        Period(days=30), _("the day of the attempt"), Then.DELETE, _("Deleted."),
        ("axes.AccessAttempt", "axes.AccessAttemptExpiration", "axes.AccessFailureLog", "axes.AccessLog")),
    Retention(
        "sessions", _("Sessions"),
        _("Which user is logged in, the second factor given, and a cheque found while redeeming; for a visitor who "
          "has just sent an application, which application it was."),
        _("Staff, firm users and businesses that apply."),
        _("Keeping you logged in; showing an applicant the application just sent."), SECURITY,
        _("No one: the portal uses them itself."),
        Period(days=14), _("the log-in or the application (or the last change of the session)"), Then.DELETE,
        _("Deleted once expired; logging out deletes the session at once."),
        ("sessions.Session",)),
    Retention(
        "task_results", _("Background tasks"),
        _("Which mail or PDF the portal made in the background, for which application, cheque or redemption; "
          "a reason to be mailed."),
        _("Businesses with an application or a cheque."),
        _("Sending mails and making cheque PDFs after a change is saved."), PUBLIC_TASK,
        _("No one: the portal uses them itself."),
        Period(days=30), _("the day the task finished"), Then.DELETE, _("Deleted."),
        ("django_tasks_database.DBTaskResult",)),
    Retention(
        "user_accounts", _("Accounts of staff and firm users"),
        _("Name, user name, e-mail address, password (only as a hash), language, second factor, the firms the "
          "user acts for, last log-in."),
        _("Staff of the regie; staff of the social-economy enterprises."),
        _("Logging in to the partner portal and the administration; mailing the users."), PUBLIC_TASK,
        _("The coordinator."),
        None, _("as long as the person works with the portal"), Then.BY_HAND,
        _("When a firm user leaves or asks for it, the coordinator deactivates the account in the administration "
          "(it can no longer log in), clears its name and e-mail address and unlinks it from its firms; the "
          "administrator does the same for staff accounts. The audit log keeps what the person did."),
        ("auth.User", "regie.UserProfile", "enterprises.FirmMembership", "otp_totp.TOTPDevice",
         "otp_static.StaticDevice", "otp_static.StaticToken"), command=None,
        by_hand=("auth.change_user", "enterprises.delete_firmmembership")),
    Retention(
        "firm_profiles", _("Profiles of the social-economy enterprises"),
        _("Name, enterprise number, address, contact e-mail address and phone, website, description, logo, "
          "recognition and bank account (never public)."),
        _("Social-economy enterprises and the people named in their contact details."),
        _("The public catalogue; redemptions and payouts."), PUBLIC_TASK,
        _("Everyone (the public profile); the bank account only the finance staff."),
        None, _("as long as the enterprise takes part"), Then.BY_HAND,
        _("The coordinator unpublishes the profile and clears the contact details it no longer needs; the "
          "enterprise itself stays in the accounts of the cheques it redeemed."),
        ("enterprises.SocialEnterprise",), command=None, by_hand=("enterprises.change_socialenterprise",)),
]

# Models that hold no personal data (checked by tests/test_privacy_schedule.py).
NO_PERSONAL_DATA = {
    "auth.Permission", "auth.Group", "contenttypes.ContentType", "regie.CommandRun", "enterprises.Municipality",
    "enterprises.Postcode", "enterprises.ServiceCategory", "vouchers.Call", "vouchers.LedgerCheck",
    "vouchers.MunicipalityShare",
}


def entry(key):
    """The schedule's entry `key`; a KeyError names a key that is not in the schedule."""
    for item in SCHEDULE:
        if item.key == key:
            return item
    raise KeyError(key)


def period(key):
    return entry(key).period
