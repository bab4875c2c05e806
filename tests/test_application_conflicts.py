"""Nobody blocks a business (issue 17, item 3): an unconfirmed application never counts; two confirmed ones
for the same enterprise number are a conflict the coordinator decides; at most one cheque per number per call;
applying is limited per client."""
import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from regie.models import AuditEvent
from tests.factories import MunicipalityFactory, PostcodeFactory, RegieFactory
from tests.test_applications import APPLY, form_data
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import links, services
from vouchers.models import Application, ApplicationStatus
from vouchers.reports import attention
from vouchers.services.approval import NumberAlreadyApproved

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NUMBER = "0123456749"


def open_call_in_voeren():
    """An open call whose region has 3798 (the postcode of tests.test_applications.form_data)."""
    voeren = MunicipalityFactory(slug="voeren", name_nl="Voeren", name="Voeren")
    PostcodeFactory(code="3798", place_nl="'s-Gravenvoeren", place="'s-Gravenvoeren", municipality=voeren)
    return CallFactory()


@pytest.fixture
def call():
    return open_call_in_voeren()


def confirm(client, application):
    return client.post(f"/nl/aanvraag/bevestigen/{links.make_token(application, links.CONFIRM_SALT)}/")


def conflict_count():
    with translation.override("en"):
        found = [item for item in attention.items(RegieFactory()) if "conflict" in str(item["label"])]
    return found[0]["count"]


def test_a_squatter_does_not_block_the_real_business(client, call, django_capture_on_commit_callbacks):
    squatter = ApplicationFactory(call=call, enterprise_number=NUMBER, status=ApplicationStatus.SUBMITTED,
                                  verified_at=None, email="buurman@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(APPLY, form_data(client)).status_code == 302
    real = Application.objects.exclude(pk=squatter.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, real)
    real.refresh_from_db()
    assert real.status == ApplicationStatus.VERIFIED and real.enterprise_number == NUMBER
    assert conflict_count() == 0  # the squatter never confirmed: nothing to decide
    assert [m.to for m in mail.outbox if "buurman" in m.to[0]] == []


def test_two_confirmed_applications_are_a_conflict_and_the_other_applicant_is_told(
        client, call, django_capture_on_commit_callbacks):
    first = ApplicationFactory(call=call, enterprise_number=NUMBER, email="eerste@example.be", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY, form_data(client))
    second = Application.objects.exclude(pk=first.pk).get()
    assert conflict_count() == 0 and second.status == ApplicationStatus.SUBMITTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, second)
    assert conflict_count() == 2
    assert set(Application.objects.in_conflict().values_list("pk", flat=True)) == {first.pk, second.pk}
    told = [m for m in mail.outbox if m.to == ["eerste@example.be"]]
    assert len(told) == 1 and "Another application" in told[0].subject
    assert "0123.456.749" in told[0].body and "coordinator decides" in told[0].body
    assert AuditEvent.objects.filter(action="application.conflict", object_id=str(first.pk)).count() == 1


def test_the_conflict_is_on_the_admin_list_and_ends_with_a_decision(admin_client, call):
    first = ApplicationFactory(call=call, enterprise_number=NUMBER)
    second = ApplicationFactory(call=call, enterprise_number=NUMBER)
    page = admin_client.get("/admin/vouchers/application/", {"conflict": "ja"})
    assert page.status_code == 200 and {a.pk for a in page.context["cl"].result_list} == {first.pk, second.pk}
    services.issue_voucher(application=first, by=None)
    assert conflict_count() == 2  # approved + still undecided: decide the second one
    services.reject_application(application=second, by=None, reason="Dubbele aanvraag")
    assert conflict_count() == 0


def test_a_second_approval_for_the_same_number_is_refused(call):
    first = ApplicationFactory(call=call, enterprise_number=NUMBER)
    second = ApplicationFactory(call=call, enterprise_number=NUMBER)
    services.issue_voucher(application=first, by=None)
    with pytest.raises(NumberAlreadyApproved):
        services.issue_voucher(application=second, by=None)
    outcome = services.approve_applications(applications=[second], by=None)
    assert outcome.number_approved == [second] and not outcome.issued
    second.refresh_from_db()
    assert second.status == ApplicationStatus.VERIFIED and not hasattr(second, "voucher")


def test_the_database_holds_one_approved_application_per_number_and_call(call):
    ApplicationFactory(call=call, enterprise_number=NUMBER, status=ApplicationStatus.APPROVED)
    second = ApplicationFactory(call=call, enterprise_number=NUMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(status=ApplicationStatus.APPROVED)


def test_the_admin_says_why_a_second_approval_is_refused(admin_client, call):
    first = ApplicationFactory(call=call, enterprise_number=NUMBER)
    second = ApplicationFactory(call=call, enterprise_number=NUMBER)
    services.issue_voucher(application=first, by=None)
    page = admin_client.post("/admin/vouchers/application/",
                             {"action": "approve", "_selected_action": [second.pk]}, follow=True)
    with translation.override("en"):
        shown = " ".join(str(m) for m in page.context["messages"])
    assert "already approved in this call" in shown or "al goedgekeurd" in shown


def test_applying_is_limited_per_client(client, call):
    for _ in range(10):  # 10 an hour per client
        assert client.post(APPLY, form_data(client, enterprise_number="0")).status_code == 200
    refused = client.post(APPLY, form_data(client))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert not Application.objects.exists()
    assert client.get(APPLY).status_code == 200  # reading the form is never limited


def test_asking_for_a_new_link_is_limited_per_client(client, call, settings):
    limit = settings.MAIL_REQUEST_LIMITS["per_address"]["limit"]
    for n in range(limit):
        client.post("/nl/aanvraag/link/", {"email": f"x{n}@example.be", "enterprise_number": NUMBER})
    refused = client.post("/nl/aanvraag/link/", {"email": "y@example.be", "enterprise_number": NUMBER})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_confirmation_mail_tells_a_stranger_that_ignoring_it_is_safe(client, call,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY, form_data(client, language="en"))
    body = mail.outbox[0].body
    assert "Did you not apply?" in body and "nothing happens" in body
    assert "does not stop the business from applying" in body
