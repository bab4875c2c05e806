"""The coordinator declares an application void (issue 17, item 3): with a reason, audited, mailed in the
applicant's language; the business may then apply again; a cheque that stands must be cancelled first."""
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from enterprises.demo import demo_enterprise_number
from regie.models import AuditEvent
from tests.concurrency import at_once
from tests.test_application_conflicts import NUMBER, open_call_in_voeren
from tests.test_applications import APPLY, form_data
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import links, services
from vouchers.exceptions import TransitionError
from vouchers.ledger import ledger_mismatches
from vouchers.models import Application, ApplicationStatus, Voucher
from vouchers.services.approval import NumberAlreadyApproved
from vouchers.services.voiding import ChequeStands

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return open_call_in_voeren()


@pytest.mark.slow
def test_a_voided_application_no_longer_counts_and_the_business_applies_again(
        client, call, django_capture_on_commit_callbacks):
    squatted = ApplicationFactory(call=call, enterprise_number=NUMBER, email="amelie.dhondt@example.be",
                                  language="en")
    assert client.post(APPLY, form_data(client)).status_code == 200  # same applicant: already applied
    with django_capture_on_commit_callbacks(execute=True):
        services.void_application(application=squatted, by=None, reason="Not this business's application.")
    squatted.refresh_from_db()
    assert squatted.status == ApplicationStatus.VOIDED and squatted.voided_at is not None
    assert squatted.void_reason == "Not this business's application."
    event = AuditEvent.objects.get(action="application.voided")
    assert event.object_id == str(squatted.pk) and event.data["previous_status"] == "verified"
    voided_mail = mail.outbox[-1]
    assert voided_mail.to == ["amelie.dhondt@example.be"] and "declared void" in voided_mail.subject
    assert "Not this business's application." in voided_mail.body and "may apply again" in voided_mail.body
    assert client.post(APPLY, form_data(client)).status_code == 302
    assert Application.objects.filter(enterprise_number=NUMBER).count() == 2


@pytest.mark.slow
def test_voiding_needs_a_reason_and_a_standing_cheque_must_be_cancelled_first(call):
    application = ApplicationFactory(call=call, enterprise_number=NUMBER)
    with pytest.raises(ValidationError):
        services.void_application(application=application, by=None, reason=" ")
    voucher = services.issue_voucher(application=application, by=None)
    with pytest.raises(ChequeStands):
        services.void_application(application=application, by=None, reason="Dubbel")
    services.cancel_voucher(voucher=voucher, by=None, reason="Fout")
    services.void_application(application=application, by=None, reason="Dubbel")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VOIDED
    with pytest.raises(TransitionError):
        services.void_application(application=application, by=None, reason="Nog eens")
    other = ApplicationFactory(call=call, enterprise_number=NUMBER)
    services.issue_voucher(application=other, by=None)  # the voided one no longer holds the number's cheque
    assert ledger_mismatches() == []


@pytest.mark.slow
def test_the_coordinator_voids_from_the_admin_with_a_reason(admin_client, call):
    application = ApplicationFactory(call=call, enterprise_number=NUMBER)
    changelist = "/admin/vouchers/application/"
    asked = admin_client.post(changelist, {"action": "void", "_selected_action": [application.pk]})
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    done = admin_client.post(changelist, {"action": "void", "_selected_action": [application.pk], "confirmed": "1",
                                          "reason": "Ingediend door een derde"}, follow=True)
    assert done.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VOIDED and application.void_reason == "Ingediend door een derde"
    assert admin_client.get(f"{changelist}{application.pk}/change/").status_code == 200


@pytest.mark.slow
def test_the_applicant_page_shows_the_void_and_its_reason(client, call):
    application = ApplicationFactory(call=call, enterprise_number=NUMBER, language="en")
    services.void_application(application=application, by=None, reason="Ingediend door een derde")
    with translation.override("en"):
        address = reverse("vouchers:applicant", args=[links.make_token(application, links.APPLICANT_SALT)])
    page = client.get(address)
    assert page.status_code == 200 and "Ingediend door een derde" in page.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_two_applications_of_one_number_issue_one_cheque():
    budget = CallFactory(budget=Decimal("15000.00"))
    numbers = [demo_enterprise_number(900_000 + n) for n in range(5)]
    applications = [ApplicationFactory(call=budget, enterprise_number=number) for number in numbers * 2]

    def approve(application):
        try:
            services.issue_voucher(application=application, by=None)
        except NumberAlreadyApproved:
            return "refused"
        return "issued"

    outcomes = at_once(approve, [(application,) for application in applications])
    assert sorted(outcomes) == ["issued"] * 5 + ["refused"] * 5
    assert sorted(Voucher.objects.filter(call=budget).values_list("application__enterprise_number", flat=True)) == (
        sorted(numbers))
    assert ledger_mismatches() == []
