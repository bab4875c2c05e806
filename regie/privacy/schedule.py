"""The retention schedule: every kind of personal data the portal keeps, why, on which legal basis, who sees
it, how long, from which moment, and what happens then. The ONE place for it: regie's own entries are here,
each app adds its own from its AppConfig.ready (`register`, `extend`, `free_of_personal_data`), so that once the
apps are ready SCHEDULE is the whole schedule:

- `manage.py apply_retention` (daily) applies each entry whose `command` is "apply_retention", with the
  entry's own period (regie/privacy/retention.py and the apps' rules);
- an app's own scheduled commands take their period from their entry too;
- the privacy page (/nl/privacy/) and the register of processing activities in the admin are rendered
  from this list, so they never promise what the code does not do;
- tests/test_privacy_schedule.py fails when a model of the project is in no entry (nor declared free of
  personal data), or when an automatic entry has no rule that applies it.
"""
import dataclasses
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
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
    title: str | Promise  # the texts are translated when shown (gettext_lazy)
    data: str | Promise  # the categories of personal data
    subjects: str | Promise  # whose data (categories of data subjects)
    purpose: str | Promise
    legal_basis: str | Promise
    recipients: str | Promise
    period: Period | None  # None: kept until removed by hand (see `then`)
    start: str | Promise  # from which moment the period runs
    then: Then
    what_then: str | Promise  # what exactly happens when the period is over
    models: tuple[str, ...]  # the models ("app_label.Model") holding this data
    command: str | None = APPLY_RETENTION  # the scheduled command that applies it; None: by hand
    by_hand: tuple[str, ...] = ()  # the permissions the coordinator uses to do by hand what `what_then` says

    @property
    def is_automatic(self):
        return self.command is not None and self.period is not None


PUBLIC_TASK = _("GDPR art. 6.1(e): a task in the public interest (the regie's subsidy programme).")
SECURITY = _("GDPR art. 6.1(e) with art. 32 (security of the processing).")

SCHEDULE: list[Retention] = [
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
          "user acts for or the regies they work for, last log-in."),
        _("Staff of the regie; staff of the social-economy enterprises."),
        _("Logging in to the partner portal and the administration; mailing the users."), PUBLIC_TASK,
        _("The coordinator."),
        None, _("as long as the person works with the portal"), Then.BY_HAND,
        _("When a firm user leaves or asks for it, the coordinator deactivates the account in the administration "
          "(it can no longer log in), clears its name and e-mail address and unlinks it from its firms; the "
          "administrator does the same for staff accounts. The audit log keeps what the person did."),
        ("auth.User", "regie.UserProfile", "regie.StaffMembership", "otp_totp.TOTPDevice", "otp_static.StaticDevice",
         "otp_static.StaticToken"), command=None, by_hand=("auth.change_user",)),
]

# Models that hold no personal data (checked by tests/test_privacy_schedule.py); apps add theirs.
# A regie is an organisation: its contact details are the organisation's (a function address, a switchboard).
NO_PERSONAL_DATA: set[str] = {"auth.Permission", "auth.Group", "contenttypes.ContentType", "regie.CommandRun",
                              "regie.Regie", "regie.RegieHost"}


def register(entries, *, first=False):
    """Add an app's entries to the schedule (from its AppConfig.ready): after the others, or `first`."""
    new = [item for item in entries if item.key not in {known.key for known in SCHEDULE}]
    if first:
        SCHEDULE[:0] = new
    else:
        SCHEDULE.extend(new)


def extend(key, *, models=(), by_hand=()):
    """An app's `models` that hold the data of the entry `key`, and the permissions `by_hand` to act on them."""
    index = SCHEDULE.index(entry(key))
    item = SCHEDULE[index]
    SCHEDULE[index] = dataclasses.replace(
        item, models=item.models + tuple(label for label in models if label not in item.models),
        by_hand=item.by_hand + tuple(perm for perm in by_hand if perm not in item.by_hand))


def free_of_personal_data(*labels):
    """Declare an app's models ("app_label.Model") free of personal data."""
    NO_PERSONAL_DATA.update(labels)


def entry(key):
    """The schedule's entry `key`; a KeyError names a key that is not in the schedule."""
    for item in SCHEDULE:
        if item.key == key:
            return item
    raise KeyError(key)


def period(key):
    return entry(key).period
