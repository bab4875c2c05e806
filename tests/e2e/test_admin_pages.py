"""Every admin page a coordinator or finance opens has no axe violation (WCAG 2.2 A and AA) and no error of the Nu
Html Checker: the admin is the staff's workplace and is held to the same accessibility duty as the public site.

tests/e2e/admin_pages.py finds the pages from the admin URL resolver and registry, so a page added later is
tested without anyone listing it. axe runs in the browser on each page; vnu runs once over all of them.
"""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from regie.models import BackgroundJob, OutgoingMail
from tests.e2e.admin_pages import Page, log_in, survey
from tests.support.bank_statements import EntryFactory, write_camt053
from vouchers import services

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_WCAG22 = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
LOCALES = {"coordinator": "nl-BE", "finance": "fr-BE"}  # the admin follows the browser's language


@pytest.fixture
def a_row_of_each_kind(demo, settings, regie):
    """Rows the demo has none of, so that their admin pages exist: a ledger check and the run of its command, an
    e-mail in the outbox, a refused log-in (with django-axes on, as in production: its action needs it), a bank
    statement with an entry to assign, background work that failed."""
    settings.AXES_ENABLED = True
    call_command("check_ledger")
    OutgoingMail.objects.create(sender="regie@demo.example", recipients=["info@demo.example"], subject="Demo",
                                message=b"Subject: Demo\n\nDemo")
    AccessAttempt.objects.create(user_agent="Demo", ip_address="127.0.0.1", username="demo", http_accept="text/html",
                                 path_info="/admin/login/", get_data="", post_data="", failures_since_start=1)
    iban = regie.iban  # the demo regie's account: the statement is its
    services.import_bank_statement(content=write_camt053(
        [EntryFactory(end_to_end_id="ONBEKEND-1", communication="")], iban=iban, statement_id="2026-12-01"),
        filename="afschrift.xml", by=None)
    BackgroundJob.objects.create(task="vouchers.tasks.deliver_cheque", args=[1], status="failed", attempts=6,
                                 last_error="OSError: storage away")


def _login_pages():
    """The log-in page, as it comes and sent empty (what staff see before anything else)."""
    client = Client()
    login = reverse("admin:login")
    return [Page(login, client.get(login).content.decode(), {}),
            Page(login, client.post(login, {}).content.decode(), {}, how="sent empty")]


def _axe(page, base, shown):
    """axe's violations on `shown`, served to the browser at its own address (also the answers to a POST)."""
    url = base + shown.path
    headers = {k: v for k, v in shown.headers.items() if k.lower() not in ("content-length", "content-encoding")}
    page.route(url, lambda route: route.fulfill(status=200, headers=headers, body=shown.html,
                                                content_type="text/html; charset=utf-8"))
    page.goto(url)
    page.unroute(url)
    results = page.evaluate("options => axe.run(document, options)", AXE_WCAG22)
    return [f"{shown.how} {shown.path}: {v['id']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in results["violations"]]


def _fetcher(page, base):
    def fetch(path):
        answer = page.request.get(base + path, max_redirects=0)
        headers = answer.headers
        html = answer.text() if headers.get("content-type", "").startswith("text/html") else ""
        return answer.status, headers, html
    return fetch


def test_every_admin_page_of_a_coordinator_or_finance_passes_axe_and_vnu(browser, live_server, a_row_of_each_kind, vnu,
                                                                         tmp_path):
    base, folder, axe = live_server.url, tmp_path / "admin-pages", Axe()
    folder.mkdir()
    violations, uncovered, server_errors, count = [], {}, [], 0
    for username, locale in LOCALES.items():
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        context.add_init_script(axe.axe_script)  # axe-core in every page, once
        page = context.new_page()
        shown = _login_pages() if username == "coordinator" else []
        log_in(page, base, username)
        found = survey(username, _fetcher(page, base))
        uncovered[username] = sorted(found.uncovered)
        server_errors += found.server_errors
        for each in shown + found.pages:
            count += 1
            name = re.sub(r"[^A-Za-z0-9]+", "_", f"{each.path}_{each.how}").strip("_")[:90]
            (folder / f"{username}_{count:03d}_{name}.html").write_text(each.html, encoding="utf-8")
            violations += [f"{username}: {line}" for line in _axe(page, base, each)]
        context.close()

    assert uncovered == {"coordinator": [], "finance": []}
    assert server_errors == []
    assert count > 100  # the pages of both users: lists, forms, filters, history, actions, dashboard, privacy
    assert violations == []
    assert vnu(folder) == []
