"""The Nu Html Checker (vnu) finds no error on any public or partner page, in Dutch, French and English,
also when a form comes back with errors.

vnu runs once for all pages (a JVM starts slowly). It needs Java and vnu.jar: `.ci/run` installs both
(the jar from npm into .cache/vnu); VNU_JAR names another jar. Without them the test is skipped, with
CI=true it fails.
"""
import re

import pytest

from tests.e2e.site_pages import LANGUAGES, find_a_cheque, log_in_as_partner, partner_paths, path_in, public_paths

pytestmark = pytest.mark.browser


def _save(folder, path, html):
    name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")[:80] or "root"
    (folder / f"{len(list(folder.iterdir())):03d}_{name}.html").write_text(html, encoding="utf-8")


def _sent_with_errors(page, fill=None):
    """The page's data-entry form sent (empty unless `fill` fills it), as the server answered it."""
    if fill:
        fill()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.locator("main form[novalidate] [type=submit]").last.click()  # the form's own button, after any lookup
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible(), page.url
    return answer.value.text()


def test_every_page_is_valid_html(page, live_server, demo, vnu, tmp_path):
    base, folder = live_server.url, tmp_path / "pages"  # tmp_path also holds the demo's private files
    folder.mkdir()
    for language in LANGUAGES:
        for path in public_paths(language):
            _save(folder, path, page.request.get(base + path).text())
        for path in (path_in(language, name) for name in ("vouchers:apply", "vouchers:request_link", "partner:login")):
            page.goto(base + path)
            _save(folder, path + "-errors", _sent_with_errors(page))

    log_in_as_partner(page, base)
    for language in LANGUAGES:
        for path in partner_paths(language):
            _save(folder, path, page.request.get(base + path).text())
        page.goto(base + path_in(language, "partner:redeem"))
        _save(folder, "redeem-errors", _sent_with_errors(page, lambda: (
            page.locator("#id_code").fill("ABCD-EFGH-KLMN-PQRS"),
            page.locator("#id_enterprise_number").fill("0123456749"))))
        find_a_cheque(page, base, language)
        _save(folder, page.url, page.request.get(page.url).text())
        _save(folder, "redeem-details-errors", _sent_with_errors(page))

    assert len(list(folder.iterdir())) == 3 * (len(public_paths("nl")) + len(partner_paths("nl")) + 6)
    assert vnu(folder) == []
