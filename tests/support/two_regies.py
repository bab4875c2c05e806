"""Two regies on one install, for the tests that prove nothing of one reaches the other (DESIGN.md 5, "Several
regies, one install"): the test's regie (zuidoost, at testserver) with rows of every kind that belongs to a regie,
made through the services as the portal makes them, and an empty second regie, Maasland, at maasland.example."""
import datetime
import io
import uuid
from decimal import Decimal

from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from regie.dates import add_months
from regie.mail import messages
from regie.mail.outbox import OutboxEmailBackend
from regie.models import Regie
from regie.ops import background
from tests.factories import (
    FirmMembershipFactory,
    MunicipalityFactory,
    PostcodeFactory,
    RegieFactory,
    ServiceCategoryFactory,
    SocialEnterpriseFactory,
    UserFactory,
)
from tests.redemption_helpers import invoice_data, invoice_pdf
from tests.support.bank_statements import EntryFactory, write_camt053
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.support.statement_payments import debit
from tests.support.ubl_invoices import make_invoice
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.check_forms import check_proof_file

MAASLAND_HOST = "maasland.example"


def maasland() -> Regie:
    """The second regie: its own host, account and addresses, no rows."""
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland",
                        legal_name="Regie Maasland", iban="BE62510007547061", enterprise_number="0403170701",
                        contact_email="info@maasland.example", sender_email="noreply@maasland.example",
                        hosts=[MAASLAND_HOST])


def outbox_mail(regie: Regie, subject: str) -> None:
    """A mail of `regie` in the outbox, as the worker finds it (the tests' mail backend keeps mails in memory)."""
    message = messages.message(regie=regie, subject_template="emails/voucher_cancelled_subject.txt",
                               body_template="emails/voucher_cancelled.txt", language="nl",
                               context={"application": {"company_name": subject}}, to=["info@example.org"])
    message.subject = subject
    OutboxEmailBackend().send_messages([message])


def rows_of_every_kind(regie: Regie, name: str = "Zuidoost", numbers: tuple[str, str] = ("0899002334", "0899002433"),
                       mark: str = "ZO") -> None:
    """Of `regie`, every name with `name` in it, its firms with the enterprise `numbers`, its invoice and statement
    references with `mark`: a municipality in its area; a mail in its outbox; a task that failed; two calls; an
    application with its cheque and de-minimis grant; two service categories of its firm; its firm user's refused
    log-ins; the cheque used up at a firm by a redemption with an e-invoice, drawn for a random check (proof sent and
    accepted), approved, paid in a batch; two bank statements, one booking the batch's payment, with entries that
    matched nothing; a check of its ledger; the follow-up questions asked months later; two networking moments, a
    registration and an introduction. Two calls, statements and meetings, so that the lists' filters on them show (a
    filter of one choice is hidden)."""
    today = timezone.localdate()
    coordinator = UserFactory(is_staff=True, regies=[regie])
    PostcodeFactory(place_nl=f"{name}veld", in_area_of=[regie],  # its area: the cheques and reports name it
                    municipality=MunicipalityFactory(name_nl=f"{name}dorp", slug=f"{name.lower()}dorp"))
    outbox_mail(regie, f"Welkom bij {name}")
    call = CallFactory(regie=regie, name=f"Oproep {name} 2026", random_check_percent=100)
    CallFactory(regie=regie, name=f"Oproep {name} 2027", opens_on=today + datetime.timedelta(days=90),
                closes_on=today + datetime.timedelta(days=180))
    firm = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(
        name=f"De Groene Hand {name}", iban="BE21001234567803", enterprise_number=numbers[0], listed_by=[regie]))
    SocialEnterpriseFactory(name=f"Kringwinkel {name}", enterprise_number=numbers[1], listed_by=[regie])
    firm.enterprise.categories.add(*(ServiceCategoryFactory(regie=regie, name_nl=f"{kind} {name}", slug=kind.lower())
                                     for kind in ("Groenzorg", "Schoonmaak")))  # two: the firms' filter shows
    AccessAttempt.objects.create(username=firm.user.username, ip_address="192.0.2.1", user_agent="x", http_accept="*/*",
                                 path_info="/nl/partner/aanmelden/", failures_since_start=10)  # a firm user locked out
    application = ApplicationFactory(call=call, company_name=f"Bakkerij Janssens {name}")
    background._record_failure("vouchers.tasks.mail_applicant", "vouchers.Application", [application.pk],
                               {"kind": "applicant_link"}, ConnectionRefusedError("the mail server is away"))
    voucher = services.issue_voucher(application=application, by=coordinator)
    einvoice = make_invoice(seller_number=firm.enterprise.enterprise_number, seller_name=firm.enterprise.name,
                            buyer_number=application.enterprise_number, buyer_name=application.company_name,
                            number=f"F2026-{mark}-001")
    redemption = services.submit_redemption(
        code=voucher.code, customer_enterprise_number=application.enterprise_number, enterprise=firm.enterprise,
        by=firm.user, submission_key=uuid.uuid4(), regie=regie,
        data={**invoice_data(amount=str(voucher.face_value)), "invoice_number": "", "invoice_date": None,
              "invoice_amount": None},
        einvoice=SimpleUploadedFile("factuur.xml", einvoice, content_type="application/xml"))
    services.submit_check_proof(redemption=redemption, by=firm.user,
                                files=[check_proof_file(invoice_pdf("leveringsbon.pdf"))], note="Leveringsbon")
    services.record_check(redemption=redemption, by=coordinator, passed=True, note="")
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=coordinator)
    services.send_followups(today=add_months(today, call.followup_months))
    batch = services.create_payout_batch(by=coordinator, regie=regie, execution_date=today)
    costs = EntryFactory(end_to_end_id="", communication="", amount=Decimal("2.50"), free_text="Kosten")
    for number, entries in enumerate([[debit(batch.payments.get(), today), costs], [EntryFactory(free_text="?")]]):
        content = write_camt053(entries, iban=regie.iban, statement_id=f"{mark}-2026-{number + 1:03d}")
        services.import_bank_statement(content=content, filename=f"dagafschrift-{number + 1}.xml", by=coordinator,
                                       regie=regie)
    call_command("check_ledger", regie=regie.short_name, stdout=io.StringIO())
    meeting, _later = (MeetingFactory(regie=regie, title_nl=f"Netwerkmoment {name} {n}") for n in (1, 2))
    RegistrationFactory(meeting=meeting, contact_name=f"Els {name}", company_name=f"Brouwerij {name} bv")
    IntroductionFactory(regie=regie, enterprise=firm.enterprise, application_public_id=application.public_id,
                        company_name=f"Klant {name} nv")
