"""`manage.py create_regie`: a platform administrator adds a regie with its host names and its first coordinator."""
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from enterprises.region import covered_postcodes
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent, Regie
from tests.factories import MunicipalityFactory, PostcodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names, forms and commands: no date rule

MAASLAND = ["--short-name", "maasland", "--name", "Regie sociale economie Maasland", "--region", "Maasland",
            "--host", "Cheque.Maasland.example", "--host", "maasland.localhost",
            "--contact-email", "info@maasland.example", "--sender-email", "noreply@maasland.example",
            "--legal-name", "Regie Maasland vzw", "--iban", "BE48 0011 2345 6727", "--bic", "gkccbebb",
            "--enterprise-number", "0403.170.701", "--coordinator", "an.maasland",
            "--coordinator-email", "an@maasland.example"]


def create_regie(*args):
    out = io.StringIO()
    call_command("create_regie", *args, stdout=out)
    return out.getvalue()


def replaced(option, value, arguments=MAASLAND):
    arguments = list(arguments)
    arguments[arguments.index(option) + 1] = value
    return arguments


def test_the_new_regie_serves_its_name_and_its_coordinator_logs_in_on_its_host(client):
    output = create_regie(*MAASLAND)

    regie = Regie.objects.get(short_name="maasland")
    assert [(host.name, host.is_primary) for host in regie.hosts.all()] == [("cheque.maasland.example", True),
                                                                           ("maasland.localhost", False)]
    assert (regie.iban, regie.bic, regie.enterprise_number) == ("BE48001123456727", "GKCCBEBB", "0403170701")
    assert "Regie maasland created: http://cheque.maasland.example/" in output
    assert "<title>" in (page := client.get("/nl/", HTTP_HOST="cheque.maasland.example").content.decode())
    assert "Regie sociale economie Maasland" in page and "Zuidoost" not in page
    link = re.search(r"http://cheque\.maasland\.example(/nl/partner/wachtwoord-instellen/\S+/)", output).group(1)

    form = client.get(link, HTTP_HOST="cheque.maasland.example", follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    client.post(form.redirect_chain[-1][0], {"new_password1": "een-nieuw-lang-wachtwoord",
                                             "new_password2": "een-nieuw-lang-wachtwoord"},
                HTTP_HOST="cheque.maasland.example")
    client.logout()
    login = client.post("/admin/login/", {"username": "an.maasland", "password": "een-nieuw-lang-wachtwoord"},
                        HTTP_HOST="cheque.maasland.example")
    assert login.status_code == 302
    assert client.get("/admin/", HTTP_HOST="cheque.maasland.example").status_code == 200
    user = User.objects.get(username="an.maasland")
    assert user.is_staff and not user.is_superuser and [g.name for g in user.groups.all()] == [COORDINATORS]
    assert {"regie.created", "user.created"} <= set(AuditEvent.objects.values_list("action", flat=True))


def test_a_regie_without_bank_details_is_made_and_told_what_it_lacks():
    arguments = [a for a in MAASLAND if a not in ("--iban", "BE48 0011 2345 6727", "--enterprise-number",
                                                  "0403.170.701")]
    output = create_regie(*arguments)
    assert "Still missing (in the admin, under Regies): IBAN that pays the firms, enterprise number." in output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--short-name", "zuidoost", "--short-name: Regie with this Short name already exists."),
    ("--iban", "BE00 1234", "--iban: This is not a valid IBAN, e.g. BE71 0961 2345 6769."),
    ("--bic", "GKCC", "--bic: A BIC has 8 or 11 letters and digits, e.g. GKCCBEBB."),
    ("--enterprise-number", "0403.170.702",
     ("--enterprise-number: This enterprise number does not exist: its check digits are wrong. Please check for a "
      "typo.")),
    ("--contact-email", "info-at-maasland", "--contact-email: Enter a valid email address."),
    ("--coordinator-email", "an-at-maasland", "--coordinator-email: Enter a valid email address."),
])
def test_bad_input_stops_with_the_option_named_and_nothing_saved(option, value, message):
    with pytest.raises(CommandError) as refused:
        create_regie(*replaced(option, value))
    assert message in str(refused.value)
    assert not Regie.objects.filter(name="Regie sociale economie Maasland").exists()
    assert not User.objects.filter(username="an.maasland").exists()


def test_a_host_of_another_regie_or_with_a_scheme_is_refused():
    with pytest.raises(CommandError) as taken:
        create_regie(*replaced("--host", "TestServer."))
    assert str(taken.value) == "--host: This host name already belongs to a regie."
    with pytest.raises(CommandError) as scheme:
        create_regie(*replaced("--host", "https://cheque.maasland.example/nl/"))
    assert str(scheme.value) == ("--host: https://cheque.maasland.example/nl/ is not a host name, such as "
                                 "cheque.regie-example.be (no https://, no path).")
    assert not Regie.objects.filter(short_name="maasland").exists()


def test_a_taken_username_leaves_no_regie_behind():
    User.objects.create_user("an.maasland")
    with pytest.raises(CommandError) as refused:
        create_regie(*MAASLAND)
    assert str(refused.value) == "--coordinator: A user with that username already exists."
    assert not Regie.objects.filter(short_name="maasland").exists()


def test_the_command_exits_with_code_1(tmp_path):
    """As a platform administrator runs it: exit code 1 and the message on stderr."""
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "create_regie", *replaced("--bic", "GKCC")])
    with pytest.raises(SystemExit) as exit_code:
        utility.execute()
    assert exit_code.value.code == 1


def test_the_postcodes_given_are_the_new_regies_area_and_an_unknown_one_stops_it(client):
    municipality = MunicipalityFactory(name_nl="Maasmechelen", slug="maasmechelen")
    for place in ("Maasmechelen", "Leut"):
        PostcodeFactory(code="3630", place_nl=place, in_area_of=[], municipality=municipality)
    with pytest.raises(CommandError) as refused:
        create_regie(*MAASLAND, "--postcode", "3630", "--postcode", "3999")
    assert str(refused.value) == ("--postcode: 3999 is not a postcode in the portal yet: load it (manage.py "
                                  "load_region) or add it in the admin under Municipalities.")
    assert not Regie.objects.filter(short_name="maasland").exists()
    create_regie(*MAASLAND, "--postcode", "3630")
    maasland = Regie.objects.get(short_name="maasland")
    assert sorted(covered_postcodes(maasland).values_list("place_nl", flat=True)) == ["Leut", "Maasmechelen"]
    assert "Maasmechelen" in client.get("/nl/", HTTP_HOST="cheque.maasland.example").content.decode()
