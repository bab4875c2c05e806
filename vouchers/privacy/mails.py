"""Which stored mails belong to one business (enterprise number), for its export and its erasure on request.

- Its own mails: every recipient is one of its addresses (the e-mail addresses of its applications) that no
  application of another enterprise number uses too. The erasure deletes them even while they wait to be
  sent: the business asked for it.
- Mails about it: to anyone else (a firm, the coordinators, an address it shares with another business), naming
  it: its full company name as a whole phrase (any case), or its enterprise number in any notation. The
  erasure deletes them only once sent or failed, never while they still have to go out. The export lists its
  own mails and, of an address it shares, only the mails naming it.

Asked for one regie (`regie`: the controller whose staff answers the business), only that regie's outbox is read,
and the business's addresses and names are those of that regie's applications; without one (None), the whole
install's."""
import email
import email.policy
import html
import re
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from regie.models import MailStatus, OutgoingMail
from vouchers.models import Application
from vouchers.privacy.anonymise import ERASED

FINISHED = (MailStatus.SENT, MailStatus.FAILED)


def mail_text(mail):
    """Subject and text parts of a stored mail, lower-cased, HTML entities read (attachments are not read)."""
    message = email.message_from_bytes(bytes(mail.message), policy=email.policy.default)
    parts = [str(message.get("subject", ""))]
    parts += [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
    return html.unescape("\n".join(parts)).lower()


def applications_in(regie=None):
    """The applications of `regie` (of the whole install for None)."""
    return Application.objects.within(regie)


def addresses_of(number, *, regie=None):
    """(own, shared): the business's addresses used by no other enterprise number, and those that are."""
    mine = {address.lower() for address in applications_in(regie).filter(enterprise_number=number).exclude(
        email="").values_list("email", flat=True)}
    shared = set(applications_in(regie).exclude(enterprise_number=number).annotate(address=Lower("email")).filter(
        address__in=mine).values_list("address", flat=True))
    return mine - shared, shared


def number_pattern(number):
    """The 10-digit enterprise number as people write it: 0403.170.701, 0403 170 701, BE0403170701, 403170701."""
    first = f"0?{number[1:4]}" if number.startswith("0") else number[:4]
    return rf"(?:be\s*)?{first}[.\s]?{number[4:7]}[.\s]?{number[7:]}"


def business_pattern(number, names):
    """Finds the business in a mail's text: one of its full company names as a whole phrase, or its number."""
    phrases = [r"\s+".join(map(re.escape, name.split())) for name in names if name.strip() and name != ERASED]
    return re.compile(rf"(?<!\w)(?:{'|'.join([*phrases, number_pattern(number)])})(?!\w)", re.IGNORECASE)


@dataclass
class BusinessMails:
    own: list = field(default_factory=list)  # pks of the mails to its own addresses
    about: list = field(default_factory=list)  # (pk, status, sent to one of its addresses) of the others naming it

    def to_erase(self):
        return self.own + [pk for pk, status, _to_it in self.about if status in FINISHED]

    def to_export(self):
        """Its own mails, and those naming it sent to an address it shares with another business."""
        return self.own + [pk for pk, _status, to_it in self.about if to_it]


def outbox(regie=None):
    """The stored mails of `regie` (of the whole install for None)."""
    return OutgoingMail.objects.all() if regie is None else OutgoingMail.objects.filter(regie=regie)


def business_mails(number, *, regie=None):
    """The stored mails of the business with this (normalised) enterprise number."""
    own, shared = addresses_of(number, regie=regie)
    pattern = business_pattern(number, applications_in(regie).filter(enterprise_number=number).values_list(
        "company_name", flat=True))
    found = BusinessMails()
    for mail in outbox(regie).only("pk", "recipients", "message", "status").order_by("pk").iterator():
        recipients = {recipient.lower() for recipient in mail.recipients}
        if recipients and recipients <= own:
            found.own.append(mail.pk)
        elif pattern.search(mail_text(mail)):
            found.about.append((mail.pk, mail.status, bool(recipients & (own | shared))))
    return found
