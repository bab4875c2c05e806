"""Production refuses to start wrong, the client's address is found once and right, throttles answer
429 with Retry-After, log-ins are locked per user and address, mails anyone can trigger are limited."""
import pathlib
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from regie.accounts.groups import COORDINATORS
from regie.web.context import client_address
from tests.factories import UserFactory
from tests.vouchers_factories import ApplicationFactory

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRODUCTION = {  # what a regie needs (hosts, IBAN, enterprise number) is its row, not a setting
    "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-entropy-9f8e7d6c5b4a",
    "EMAIL_HOST": "smtp.example.be",
}


def manage(tmp_path, *args, **env):
    environment = {"PATH": "/usr/bin:/bin", "PORTAL_ENV_FILE": str(tmp_path / "none.env"),
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env}
    return subprocess.run([sys.executable, "manage.py", *args], capture_output=True, text=True, env=environment,
                          cwd=ROOT)


@pytest.mark.slow
def test_production_settings_pass_the_deploy_check(tmp_path):
    """SITE_URL, DJANGO_ALLOWED_HOSTS, PAYOUT_* and CONTACT_* moved into the regie's row: none is asked for."""
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("variable, value", [
    ("PUBLIC_SCHEME", "http"), ("PUBLIC_SCHEME", "ftp"), ("PUBLIC_PORT", "eighty"), ("PUBLIC_PORT", "70000"),
    ("EMAIL_HOST", ""), ("DJANGO_SECRET_KEY", "short"),
])
def test_a_missing_or_wrong_setting_fails_the_deploy_check_naming_it(tmp_path, variable, value):
    result = manage(tmp_path, "check", "--deploy", **{**PRODUCTION, variable: value})
    assert result.returncode != 0 and variable in result.stderr


@pytest.mark.slow
def test_without_a_secret_key_nothing_starts_and_no_mode_is_guessed(tmp_path):
    result = manage(tmp_path, "check")  # no DJANGO_DEBUG, no key: production mode, which refuses
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_DEBUG=true" in result.stderr


@pytest.mark.slow
def test_the_environment_file_is_read_by_manage_py(tmp_path):
    env_file = tmp_path / "portal.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in PRODUCTION.items()))
    result = manage(tmp_path, "check", "--deploy", PORTAL_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_web_application_refuses_to_start_with_a_wrong_setting(tmp_path):
    code = "import regie.wsgi"
    environment = {"PATH": "/usr/bin:/bin", "PORTAL_ENV_FILE": "/nonexistent", **PRODUCTION, "PUBLIC_SCHEME": "http"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT)
    assert result.returncode != 0 and "PUBLIC_SCHEME must be https in production, not 'http'." in result.stderr


EXAMPLE = re.compile(r"e\.g\. (.+?)(?=[,;]\s|\s\(|\.\s|\.?$)", re.MULTILINE)


def template_with_its_examples():
    """deploy/portal.env.example as an operator fills it in: each variable's value, or the example ("e.g. ...")
    its comment gives, and the secret key made with the command its comment gives."""
    values, comment = {}, ""
    for line in (ROOT / "deploy" / "portal.env.example").read_text().splitlines():
        if line.startswith("#"):
            comment += line.lstrip("# ") + "\n"
        elif "=" in line:
            name, value = line.split("=", 1)
            examples = EXAMPLE.findall(comment)
            values[name], comment = (examples[0] if examples else value), ""
    command = re.search(r'python3 -c "(.+)"', (ROOT / "deploy" / "portal.env.example").read_text()).group(1)
    values["DJANGO_SECRET_KEY"] = subprocess.run([sys.executable, "-c", command], capture_output=True,
                                                 text=True).stdout.strip()
    return values


@pytest.mark.slow
def test_the_environment_template_filled_in_with_its_own_examples_passes_the_deploy_check(tmp_path):
    values = template_with_its_examples()
    assert values["PUBLIC_SCHEME"] == "https" and values["PUBLIC_PORT"] == "8443"
    assert values["PLATFORM_HOSTS"] == "cheque-platform.example.be"
    # the one regie's old settings stay empty on a new install (read only when an old install migrates)
    assert {values[name] for name in ("SITE_URL", "PAYOUT_DEBTOR_IBAN", "PAYOUT_INITIATOR_ENTERPRISE_NUMBER",
                                      "CONTACT_EMAIL")} == {""}
    assert values["DATABASE_URL"] == "postgres://portal:password@localhost/regie"
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **values)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_every_hint_of_the_deploy_check_is_an_example_the_check_accepts(tmp_path):
    wrong = {"PUBLIC_SCHEME": "http", "PUBLIC_PORT": "eighty"}
    refused = manage(tmp_path, "check", "--deploy", **{**PRODUCTION, **wrong}).stderr
    hints = dict(re.findall(r"\(regie\.E\d+\) ([A-Z_]+) .*\n\s*HINT: .*?" + EXAMPLE.pattern, refused, re.MULTILINE))
    assert set(hints) == set(wrong), refused
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, **hints})
    assert result.returncode == 0, f"{hints}\n{result.stderr}"


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "10.0.0.1", "1.2.3.4", "10.0.0.1"),
    (1, "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # what nginx saw; the client wrote 6.6.6.6 itself
    (2, "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
    (1, "127.0.0.1", "", "127.0.0.1"),
    (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
])
def test_the_client_address_behind_proxies(settings, proxies, remote, forwarded, expected):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_behind_the_proxy_one_guesser_does_not_block_everyone(client, settings):
    settings.NUM_PROXIES = 1
    guesser = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for n in range(20):  # README: 20 per 15 minutes per address
        assert client.get(f"/nl/cheque/GUESS{n:02d}AAAAAAAAA/", **guesser).status_code == 404
    refused = client.get("/nl/cheque/GUESSMOREAAAAAAA/", **guesser)
    assert refused.status_code == 429 and "Retry-After" in refused
    visitor = client.get("/nl/cheque/SOMEONEELSEAAAAA/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert visitor.status_code == 404


@pytest.mark.django_db
def test_a_new_link_is_mailed_a_few_times_per_recipient_then_quietly_not(client, django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    data = {"email": application.email, "enterprise_number": application.enterprise_number}
    with django_capture_on_commit_callbacks(execute=True):
        pages = [client.post("/nl/aanvraag/link/", data) for _ in range(5)]
    assert all(page.status_code == 200 and "Kijk in je mailbox" in page.content.decode() for page in pages)
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_mail_requests_from_one_address_are_refused_after_a_while(client):
    for n in range(10):
        client.post("/nl/partner/wachtwoord-vergeten/", {"email": f"someone{n}@example.be"})
    refused = client.post("/nl/partner/wachtwoord-vergeten/", {"email": "another@example.be"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_admin_login_is_locked_per_user_and_address_and_a_coordinator_unlocks_it(settings, staff_user):
    settings.AXES_ENABLED = True
    finance = UserFactory(username="finance-user", is_staff=True)
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(10):  # README: locked after 10 wrong passwords
        response = attacker.post("/admin/login/", {"username": "finance-user", "password": "guess"})
        assert response.status_code == (429 if n == 9 else 200)
    right = attacker.post("/admin/login/", {"username": "finance-user", "password": "a-long-test-password"})
    assert right.status_code == 429 and "_auth_user_id" not in attacker.session
    office = Client(REMOTE_ADDR="192.0.2.10")
    assert office.post("/admin/login/", {"username": "finance-user", "password": "a-long-test-password"}
                       ).status_code == 302
    coordinator = Client()
    coordinator.force_login(staff_user(COORDINATORS))
    attempts = coordinator.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200 and "finance-user" in attempts.content.decode()
    from axes.models import AccessAttempt

    coordinator.post("/admin/axes/accessattempt/", {"action": "delete_selected", "post": "yes",
                                                    "_selected_action": list(AccessAttempt.objects.values_list(
                                                        "pk", flat=True))})
    assert attacker.post("/admin/login/", {"username": "finance-user", "password": "a-long-test-password"}
                         ).status_code == 302
    assert finance.pk
