"""Nothing of regie A reaches anyone on regie B's host through the public and partner pages (DESIGN.md 5, "Several
regies, one install"), proved over the URL resolver, so that a page added later is covered without anyone listing
it. (The admin: tests/test_regie_admin_scoping.py.)

Regie A is the test's regie (testserver) with rows of every kind (tests/support/two_regies.py), all named with
"Zuidoost"; regie B (Maasland, maasland.example) has a firm and a coordinator of its own. Every address outside the
admin is filled with A's values for its parameters (tokens of A's mailed links, A's cheque and check-in codes, A's
slugs, public ids and end-to-end ids: every combination) and asked for on B's host, by GET and by POST, by each
role: anonymous, B's firm user, B's coordinator, and A's own firm user and coordinator. No answer may show one of
A's names, codes or numbers (PDFs, spreadsheets and calendars read as text), and none of A's rows may change. The
same addresses on A's host reach A's rows, so the values are A's indeed."""
import io
import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import models
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from openpyxl import load_workbook
from pypdf import PdfReader

from enterprises.demo import demo_iban
from enterprises.models import FirmMembership, SocialEnterprise
from networking import links as meeting_links
from networking.models import Introduction, Meeting, Registration
from regie.accounts.groups import COORDINATORS
from regie.models import Regie
from regie.models.regies import regie_path
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.odd_input import site_routes
from tests.support.two_regies import MAASLAND_HOST, maasland, rows_of_every_kind
from tests.test_bank_files import regie_approved
from vouchers import links, services
from vouchers.bank_files import payout_file
from vouchers.models import Application, FollowUp, Payment, PayoutBatch, Redemption, Voucher
from vouchers.pdf import render_cheque_pdf
from vouchers.remittance import advice_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a sweep over every page: no date rule

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
SITE = "/nl/"
OTHER_PAGES = {"/health/", "/regie.css"}  # outside /nl/: the platform's check and the regie's colours, no argument
IMAGES = {"/media/logos/<path:path>"}  # a firm's public logo: an image, no text to leak


def a_values(regie):
    """{parameter name: [A's values]}, taken from A's rows and the links the portal mails for them."""
    applications = Application.objects.filter(call__regie=regie)
    registrations = Registration.objects.filter(meeting__regie=regie)
    mailed = [*(url(a) for a in applications for url in (links.confirm_url, links.applicant_url)),
              *(links.followup_url(f, "nl") for f in FollowUp.objects.filter(voucher__call__regie=regie)),
              *(url(r) for r in registrations for url in (meeting_links.registration_url, meeting_links.cancel_url,
                                                          meeting_links.calendar_url, meeting_links.wishes_url))]
    tokens = sorted({token for url in mailed for token in re.findall(r"/([^/]*:[^/]+)/", urlsplit(url).path)})
    firm_user = FirmMembership.objects.filter(enterprise__listings__regie=regie).first().user
    return {
        "token": [*tokens, default_token_generator.make_token(firm_user)],
        "code": [*Voucher.objects.filter(call__regie=regie).values_list("code", flat=True),
                 *registrations.values_list("check_in_code", flat=True)],
        "slug": [*SocialEnterprise.objects.of_regie(regie).values_list("slug", flat=True),
                 *Meeting.objects.filter(regie=regie).values_list("slug", flat=True)],
        "public_id": [str(pk) for pk in [
            *Redemption.objects.filter(voucher__call__regie=regie).values_list("public_id", flat=True),
            *Introduction.objects.filter(regie=regie).values_list("public_id", flat=True)]],
        "end_to_end_id": list(Payment.objects.filter(batch__regie=regie).values_list("end_to_end_id", flat=True)),
        "uidb64": [urlsafe_base64_encode(force_bytes(firm_user.pk))],
    }


def addresses(values):
    """(route, address, the values in it) of every address outside the admin, with every combination of A's values
    for its parameters."""
    found = []
    for route, _name in site_routes():
        if not (route.startswith(SITE) or route in OTHER_PAGES) or route in IMAGES:
            continue
        names = PARAMETER.findall(route)
        for missing in set(names) - set(values):
            pytest.fail(f"{route}: tell this test which of regie A's values to put in <{missing}>")
        for combination in itertools.product(*(values[n] for n in names)):
            chosen = dict(zip(names, combination, strict=True))
            found.append((route, PARAMETER.sub(lambda m, chosen=chosen: str(chosen[m.group(1)]), route),
                          list(chosen.values())))
    return found


def traces(regie):
    """What no page on B's host may show: "Zuidoost" (in every name of A's rows) and A's codes and numbers."""
    codes = list(Voucher.objects.filter(call__regie=regie).values_list("code", flat=True))
    return ["Zuidoost", *codes, *(f"{c[:4]}-{c[4:8]}-{c[8:12]}-{c[12:]}" for c in codes),
            *Application.objects.filter(call__regie=regie).values_list("enterprise_number", flat=True),
            *Payment.objects.filter(batch__regie=regie).values_list("end_to_end_id", flat=True),
            "BE21001234567803", "F2026-ZO-001"]


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return text_in(response.get("Content-Type", ""), body)


def text_in(kind: str, body: bytes) -> str:
    """A page, file or attachment as text: PDFs and spreadsheets read, anything else decoded."""
    if kind.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheetml" in kind:
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        return "\n".join(str(cell) for sheet in sheets for row in sheet.iter_rows(values_only=True) for cell in row)
    return body.decode("utf-8", "replace")


def snapshot(regie):
    """Every field of every row of A's, of each model that belongs to a regie."""
    scoped = [model for model in Regie._meta.apps.get_models() if regie_path(model)]
    return {model._meta.label: [tuple(values) for values in model._default_manager.filter(
        **{regie_path(model): regie}).order_by("pk").values_list(*(
            f.attname for f in model._meta.concrete_fields if not isinstance(f, models.FileField)))]
        for model in scoped}


def coordinator_of(regie):
    user = UserFactory(is_staff=True, regies=[regie])
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def two_regies(regie):
    rows_of_every_kind(regie)
    other = maasland()
    own_firm = SocialEnterpriseFactory(name="Maaswerk Groen", listed_by=[other])
    roles = {"anonymous": None,
             "B's firm user": FirmMembershipFactory(enterprise=own_firm).user,
             "B's coordinator": coordinator_of(other),
             "A's firm user": FirmMembership.objects.filter(enterprise__listings__regie=regie).first().user,
             "A's coordinator": coordinator_of(regie)}
    return other, roles


def test_no_public_or_partner_page_on_another_regies_host_shows_or_changes_anything_of_regie_a(
        client, regie, two_regies):
    _other, roles = two_regies
    with translation.override("nl"):
        filled = addresses(a_values(regie))
    before, leaks, server_errors = snapshot(regie), [], []
    for (role, user), (_route, address, typed), method in itertools.product(roles.items(), filled, ("get", "post")):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(address, HTTP_HOST=MAASLAND_HOST)
        where = f"{method.upper()} {address} as {role}: {response.status_code}"
        if response.status_code == 500:  # (503 is an answer: /health/ while a timer has not run yet)
            server_errors.append(where)
            continue
        page = text_of(response)
        for echoed in [*typed, *(["De Groene Hand Zuidoost"] if role == "A's firm user" else [])]:
            page = page.replace(echoed, "")  # what the address says (links to itself), and a firm user's own firm
        leaks += [f"{where} shows {trace!r}" for trace in traces(regie) if trace in page]
    assert server_errors == []
    assert leaks == []
    assert snapshot(regie) == before


def test_the_addresses_filled_with_regie_as_values_reach_regie_as_rows_on_its_own_host(client, regie, two_regies):
    """The control: on A's own host, each page with parameters shows one of A's names, codes or numbers to someone
    of A's (or, for an action, redirects elsewhere than to a log-in), so the sweep above asked for A's rows."""
    _other, roles = two_regies
    with translation.override("nl"):
        filled = addresses(a_values(regie))
    reached = set()
    for (role, user), (route, address, typed) in itertools.product(roles.items(), filled):
        if route in reached or role.startswith("B's"):
            continue
        client.logout()
        if user is not None:
            client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            redirected = response.status_code == 302 and not re.search(r"aanmelden|login", response["Location"])
            page = text_of(response)
            for echoed in typed:
                page = page.replace(echoed, "")
            if redirected or any(trace in page for trace in traces(regie)):
                reached.add(route)
    assert {route for route, _address, _typed in filled if PARAMETER.search(route)} - reached == set()


def mailed_text(message) -> str:
    parts = [message.subject, message.from_email, message.body,
             *(content for content, _kind in getattr(message, "alternatives", []))]
    parts += [text_in(kind, content if isinstance(content, bytes) else content.encode())
              for _name, content, kind in message.attachments]
    return "\n".join(str(part) for part in parts)


def test_what_regie_b_mails_prints_and_pays_carries_nothing_of_regie_a(regie, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    """B does all its work (applications, cheques, redemptions, checks, payouts, statements, follow-ups, meetings)
    and pays a firm both regies list, which has an approved redemption of A's waiting too: B's mails, cheque PDFs,
    payout files and remittance advice name nothing of A's, and B's batch pays B's redemption only."""
    rows_of_every_kind(regie)
    other = maasland()
    shared = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="Tuinploeg Samen", listed_by=[regie],
                                                                      iban=demo_iban(99)))
    a_redemption = regie_approved(shared, regie, "80.00")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rows_of_every_kind(other, name="Maasland", numbers=("0899003027", "0899003126"), mark="MA")
        b_redemption = regie_approved(shared, other, "120.00")
        batch = services.create_payout_batch(by=coordinator_of(other), regie=other,
                                             execution_date=timezone.localdate())
        services.mark_batch_paid(batch=batch, by=coordinator_of(other), paid_on=timezone.localdate())
    assert list(batch.redemptions.all()) == [b_redemption]
    assert Redemption.objects.get(pk=a_redemption.pk).status == "approved"  # A's, still A's to pay
    texts = {f"mail {m.subject!r} to {m.to}": mailed_text(m) for m in mailoutbox}
    assert len(texts) >= 10  # applications, cheques, redemptions, checks, payouts, follow-ups, meetings
    texts |= {f"cheque {v.code}": text_in("application/pdf", render_cheque_pdf(v))
              for v in Voucher.objects.filter(call__regie=other)}
    for b_batch in PayoutBatch.objects.filter(regie=other):
        texts |= {f"{kind} of {b_batch.reference}": payout_file(b_batch, kind, today=b_batch.execution_date)[0]
                  .decode() for kind in ("sepa", "csv")}
        texts |= {f"advice {p.end_to_end_id}": text_in("application/pdf", advice_pdf(p, "nl"))
                  for p in b_batch.payments.all()}
    a_traces = [trace for trace in traces(regie) if trace != "BE21001234567803"]  # both regies' firms use that IBAN
    assert [f"{where} names {trace!r}" for where, text in texts.items() for trace in a_traces if trace in text] == []
    assert any("Maasland" in text for text in texts.values())  # the control: B's own names are there
