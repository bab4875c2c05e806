"""A database outage (PostgreSQL restarting or stopped): every request gets a short 503 page in its reader's
language with Retry-After, the process logs one line when it starts and one when the database is back.

The database is stopped for this process only (its connection is closed and pointed at a socket nobody
listens on, or at a SQLite file that cannot be opened): the real cluster serves other processes meanwhile.
"""
import contextlib
import logging
import socket
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.core.management import CommandError, call_command
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client

from regie.accounts.groups import COORDINATORS
from regie.web import outage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def database_stopped(tmp_path):
    """Until the block ends, every connection to the database fails, as while it is stopped."""
    settings, kept = connection.settings_dict, dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.close()
        settings["PORT"] = str(unused_port())
    else:  # the in-memory test database lives as long as its connection: keep it aside
        in_memory, connection.connection = connection.connection, None
        settings["NAME"] = str(tmp_path / "stopped" / "db.sqlite3")
    try:
        yield
    finally:
        settings.clear()
        settings.update(kept)
        if connection.vendor == "postgresql":
            connection.close()
        else:
            connection.connection = in_memory


@pytest.fixture(autouse=True)
def no_outage_before(monkeypatch):
    monkeypatch.setattr(outage, "_outage_since", None)


def logged(caplog):
    return [f"{record.name}: {record.getMessage()}" for record in caplog.records if record.levelno >= logging.WARNING]


def test_while_the_database_is_away_every_page_answers_503_in_its_language_and_the_log_says_it_once(
        caplog, tmp_path, firm_user, staff_user):
    anonymous, partner, staff = (Client(raise_request_exception=False) for _ in range(3))
    partner.force_login(firm_user)
    staff.force_login(staff_user(COORDINATORS))
    with caplog.at_level(logging.INFO), database_stopped(tmp_path):
        for _ in range(20):
            answers = {
                "nl": [anonymous.get("/nl/"), partner.get("/nl/partner/"), staff.get("/admin/"),
                       anonymous.post("/nl/partner/aanmelden/", {"username": "x", "password": "y"})],
                "fr": [anonymous.get("/fr/"), partner.get("/fr/partner/"),
                       staff.get("/admin/vouchers/application/", HTTP_ACCEPT_LANGUAGE="fr")],
                "en": [anonymous.get("/en/"), partner.get("/en/partner/")],
            }
    expected = {"nl": "Tijdelijk niet beschikbaar", "fr": "Temporairement indisponible",
                "en": "Temporarily unavailable"}
    for language, responses in answers.items():
        for response in responses:
            assert response.status_code == 503, response.request["PATH_INFO"]
            assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
            assert expected[language] in response.content.decode()
            assert f'<html lang="{language}">' in response.content.decode()
    assert len(logged(caplog)) == 1 and logged(caplog)[0].startswith("regie.web.outage: Database unavailable")

    caplog.clear()
    with caplog.at_level(logging.INFO):
        assert anonymous.get("/nl/").status_code == 200
        assert partner.get("/nl/partner/").status_code == 200
        assert staff.get("/admin/").status_code == 200
    assert len(logged(caplog)) == 1 and logged(caplog)[0].startswith("regie.web.outage: Database back after")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """The portal served over HTTP on this machine, as a browser or curl reaches it."""
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_a_browser_and_curl_get_503_with_retry_after_over_http_while_the_database_is_stopped(
        caplog, tmp_path, http_server):
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "Accept": "text/html,*/*;q=0.8",
               "Accept-Language": "fr-BE,fr;q=0.9"}
    with caplog.at_level(logging.INFO), database_stopped(tmp_path):
        for _ in range(10):
            page = fetch(f"{http_server}/fr/", **browser)
            curl = fetch(f"{http_server}/nl/", **{"User-Agent": "curl/8.11.1", "Accept": "*/*"})
    for status, headers, _body in (page, curl):
        assert status == 503 and headers["Retry-After"] == "30" and "no-store" in headers["Cache-Control"]
    assert "Temporairement indisponible" in page[2] and "Tijdelijk niet beschikbaar" in curl[2]
    assert len(logged(caplog)) == 1 and logged(caplog)[0].startswith("regie.web.outage: Database unavailable")


def test_a_timer_command_that_falls_due_while_the_database_is_stopped_waits_for_it_then_runs(
        caplog, tmp_path, monkeypatch):
    pauses = []
    with contextlib.ExitStack() as outage:
        outage.enter_context(database_stopped(tmp_path))

        def pause(seconds):  # while the command waits, the database comes back after its third pause
            pauses.append(seconds)
            if len(pauses) == 3:
                outage.close()

        monkeypatch.setattr("regie.management.commands.wait_for_database.time.sleep", pause)
        with caplog.at_level(logging.INFO):
            call_command("wait_for_database")
    assert pauses == [1, 2, 4]
    assert [line.split(" (")[0].split(" after")[0] for line in logged(caplog)] == [
        "regie.management.commands.wait_for_database: Database unavailable",
        "regie.management.commands.wait_for_database: Database back"]


def test_a_timer_command_gives_up_when_the_database_stays_away_past_its_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr("regie.management.commands.wait_for_database.time.sleep", lambda seconds: None)
    with database_stopped(tmp_path), pytest.raises(CommandError, match="The database has not answered for 10 s"):
        call_command("wait_for_database", "--timeout", "10")
