"""The retention schedule is the one place: every model is in it (or declared free of personal data), every
automatic entry has a rule, the privacy page and the register of processing activities show exactly it."""
import datetime
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command, load_command_class
from django.utils import translation

from regie.accounts.groups import COORDINATORS, FINANCE
from regie.privacy.cookies import cookie_names, cookies
from regie.privacy.periods import Period
from regie.privacy.schedule import NO_PERSONAL_DATA, SCHEDULE, entry, period
from tests.demo import seed_demo
from tests.support.demo_snapshot import demo_data
from vouchers.privacy.retention import RULES, automatic_entries


def test_every_model_is_in_the_schedule_or_declared_free_of_personal_data():
    labels = {model._meta.label for model in apps.get_models()}
    scheduled = {label for item in SCHEDULE for label in item.models}
    assert labels - scheduled - NO_PERSONAL_DATA == set(), "put each new model in regie/privacy/schedule.py"
    assert (scheduled | NO_PERSONAL_DATA) - labels == set(), "the schedule names a model that does not exist"
    assert scheduled & NO_PERSONAL_DATA == set()


def test_every_automatic_entry_has_a_rule_and_every_rule_an_entry():
    assert {item.key for item in automatic_entries()} == set(RULES)
    assert len({item.key for item in SCHEDULE}) == len(SCHEDULE)
    for item in SCHEDULE:
        assert item.is_automatic == (item.period is not None and item.command is not None)


def test_the_suggested_periods_are_the_ones_applied():
    assert period("unconfirmed_applications") == Period(days=30)
    assert period("applications_without_cheque") == Period(years=2)
    assert period("cheques") == Period(years=10)
    assert period("kept_after_erasure") == Period(years=10)
    assert period("followup_answers") == Period(years=5)
    assert period("audit_log") == Period(years=10)
    assert period("mails") == Period(days=90)


def test_the_session_period_is_djangos_and_login_attempts_outlive_the_lock():
    assert datetime.timedelta(days=period("sessions").days).total_seconds() == settings.SESSION_COOKIE_AGE
    assert datetime.timedelta(days=period("login_attempts").days) > settings.AXES_COOLOFF_TIME


def test_purge_unverified_applications_waits_the_schedules_period_by_default():
    parser = load_command_class("vouchers", "purge_unverified_applications").create_parser("manage.py", "purge")
    assert parser.parse_args([]).days == period("unconfirmed_applications").days == 30


def test_periods_count_back_in_calendar_days_safely_on_29_february():
    assert Period(years=2).before(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)
    assert Period(days=90).before(datetime.date(2026, 3, 31)) == datetime.date(2025, 12, 31)
    assert Period(months=1).before(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)
    with translation.override("nl"):
        assert str(Period(years=10)) == "10 jaar" and str(Period(days=1)) == "1 dag"
    with translation.override("fr"):
        assert str(Period(years=2)) == "2 ans"


@pytest.mark.parametrize("language, path", [("nl", "/nl/privacy/"), ("fr", "/fr/vie-privee/"), ("en", "/en/privacy/")])
def test_the_privacy_page_shows_every_entry_with_its_period_and_every_cookie(client, db, language, path):
    html = client.get(path).content.decode()
    with translation.override(language):
        for item in SCHEDULE:
            assert escape(item.title) in html and escape(item.what_then) in html and escape(item.start)[1:] in html
            assert str(item.period or "") in html
        for cookie in cookies():
            assert f"<code>{cookie.name}</code>" in html and escape(cookie.purpose) in html
    assert "zeven jaar" not in html and "seven years" not in html and "sept ans" not in html


def test_the_privacy_page_is_translated(client, db):
    dutch, french = client.get("/nl/privacy/").content.decode(), client.get("/fr/vie-privee/").content.decode()
    with translation.override("nl"):
        assert str(entry("cheques").title) != "Cheques and their use" and escape(entry("cheques").title) in dutch
    assert "10 jaar" in dutch and "10 ans" in french


def test_the_cookies_are_the_ones_django_is_configured_to_set():
    assert cookie_names() == {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"}
    assert "django_language" not in cookie_names()  # no view sets it: the language is in every address


def test_an_applicant_gets_the_session_cookie_and_the_statement_says_so(client, db, request):
    demo_data(request, "demo", seed_demo)
    page = client.get("/nl/aanvragen/")
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # reading the form sets none
    response = client.post("/nl/aanvragen/", {
        "submission_key": page.context["form"].initial["submission_key"], "company_name": "Frituur Sessie",
        "enterprise_number": "BE 0403.170.701", "street": "Markt 1", "postcode": "3700", "place": "Tongeren",
        "sector": "retail", "size": "1-9", "contact_name": "An Peeters", "email": "an@frituur.example",
        "phone": "012 34 56 78", "language": "nl", "motivation": "Kennismaken.", "deminimis_amount": "0",
        "accept_terms": "on"})
    assert response.status_code == 302 and settings.SESSION_COOKIE_NAME in response.cookies
    [session] = [cookie for cookie in cookies() if cookie.name == settings.SESSION_COOKIE_NAME]
    with translation.override("en"):
        assert "application" in str(session.purpose) and "send an application" in str(session.set_when)
        assert "appl" in str(entry("sessions").subjects) and "application" in str(entry("sessions").start)


def test_what_the_coordinator_does_by_hand_is_within_the_coordinators_permissions():
    from regie.accounts.groups import GROUP_PERMISSIONS

    for item in [item for item in SCHEDULE if item.command is None]:
        assert item.by_hand and set(item.by_hand) <= set(GROUP_PERMISSIONS[COORDINATORS]), item.key
        app_label, model = item.models[0].lower().split(".")
        with translation.override("en"):
            text = str(item.what_then).lower()
        if "remove" in text or "delete" in text:  # the account or profile itself
            assert f"{app_label}.delete_{model}" in item.by_hand, item.key


@pytest.mark.parametrize("group", [COORDINATORS, FINANCE])
def test_staff_see_the_register_of_processing_activities(client, staff_user, group):
    client.force_login(staff_user(group))
    html = client.get("/admin/verwerkingsregister/").content.decode()
    for item in SCHEDULE:
        assert escape(item.title) in html and escape(item.legal_basis) in html and escape(item.subjects) in html
    assert "art. 30" in html


def test_the_register_is_for_staff_only(client, db):
    assert client.get("/admin/verwerkingsregister/").status_code == 302


def escape(text):
    from django.utils.html import escape as html_escape

    return str(html_escape(str(text)))


def test_the_register_names_the_regie_of_the_host_as_controller_in_the_readers_language(client, staff_user, regie):
    from enterprises.region import region_line
    from regie.accounts.groups import COORDINATORS
    from regie.accounts.languages import choose_language
    from regie.privacy.register import register_area_names
    from tests.factories import RegieFactory

    call_command("load_region", regie="zuidoost", stdout=io.StringIO())  # the municipalities come from the data
    register_area_names(region_line)  # as EnterprisesConfig.ready does
    regie.name_fr = "Régie d'économie sociale du Limbourg du Sud-Est"
    regie.legal_name = "Interlokale vereniging regie sociale economie Zuidoost-Limburg"
    regie.save()
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", contact_email="cheque@maasland.example",
                            hosts=["maasland.example"])
    coordinator = staff_user(COORDINATORS, regies=[regie, maasland])  # works for both regies
    choose_language(user=coordinator, language="fr", by=coordinator)
    client.force_login(coordinator)
    html = client.get("/admin/verwerkingsregister/").content.decode()
    assert ("Régie d&#x27;économie sociale du Limbourg du Sud-Est (Interlokale vereniging regie sociale economie "
            "Zuidoost-Limburg)") in html and "Fourons" in html
    assert "socialeeconomie@regie-zuidoost-limburg.example" in html and "Maasland" not in html
    other = client.get("/admin/verwerkingsregister/", HTTP_HOST="maasland.example").content.decode()
    assert "Regie Maasland" in other and "cheque@maasland.example" in other and "Sud-Est" not in other


def test_the_register_names_what_an_erasure_keeps_its_legal_basis_and_its_period(client, staff_user):
    from regie.accounts.languages import choose_language

    coordinator = staff_user(COORDINATORS)
    choose_language(user=coordinator, language="en", by=coordinator)
    client.force_login(coordinator)
    html = client.get("/admin/verwerkingsregister/").content.decode()
    section = html[html.index("What an erasure on request keeps"):][:3000]
    assert ("The enterprise number of a business that received a cheque (for a sole trader it is personal data)"
            in section)
    assert ("GDPR art. 6.1(c): legal obligations (Belgian accounting law: the accounts and their supporting documents "
            "are kept for 10 years; the de-minimis regulation (EU) 2023/2831: records of the aid are kept for 10 years "
            "for subsidy control).") in section
    assert "subsidy control: the record of which business received which de-minimis aid" in section
    assert "10 years after the closing date of the call or, when later, the last payment to a firm" in section
    assert "lists every invoice kept and until when" in section


@pytest.mark.parametrize("path, texts", [
    ("/nl/privacy/", ["Wat een wissing op verzoek bewaart", "voor een eenmanszaak is het een persoonsgegeven",
                      "AVG art. 6.1(c): wettelijke verplichtingen (Belgisch boekhoudrecht", "10 jaar na"]),
    ("/fr/vie-privee/", ["Ce qu&#x27;un effacement sur demande conserve", "pour une entreprise individuelle",
                         "le règlement de minimis (UE) 2023/2831", "10 ans après"]),
    ("/en/privacy/", ["What an erasure on request keeps", "Belgian accounting law", "10 years after"])])
def test_the_privacy_page_says_what_an_erasure_keeps_why_and_how_long(client, db, path, texts):
    html = client.get(path).content.decode()
    section = html[html.index('id="entry-kept_after_erasure"'):][:3000]
    for text in texts:
        assert text in section
