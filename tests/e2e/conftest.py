"""Browser tests: pytest-playwright driving the system Chromium against Django's live server."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.demo import seed_demo
from tests.support.demo_snapshot import demo_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true: Chromium is required for the browser tests ({CHROMIUM} not found).")
    skip = pytest.mark.skip(reason="needs Chromium (Debian: apt-get install chromium)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo(transactional_db, request):
    demo_data(request, "e2e", seed_demo)


@pytest.fixture
def axe_violations():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options=AXE_OPTIONS)
        return results.generate_report() if results.violations_count else ""

    return check


VNU_JAR = Path(os.environ.get("VNU_JAR") or
               Path(__file__).resolve().parents[2] / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")


@pytest.fixture
def vnu():
    """check(folder) -> vnu's errors about the .html files in folder, as 'file:line: message' lines."""
    java = shutil.which("java")
    needed = (("java (Debian: default-jre-headless)", java),
              (f"vnu.jar at {VNU_JAR} (npm install vnu-jar, or set VNU_JAR)", VNU_JAR.is_file()))
    missing = [what for what, there in needed if not there]
    if missing:
        message = "the Nu Html Checker needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)

    def check(folder):
        pages = sorted(str(file) for file in folder.glob("*.html"))
        if not pages:
            pytest.fail(f"the Nu Html Checker was given no .html file in {folder}")
        run = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--verbose", "--format", "json", *pages],
                             capture_output=True, text=True, timeout=300)
        return _vnu_errors(run, pages)

    return check


def _vnu_errors(run, pages):
    """vnu's errors as lines; fails the test when vnu did not really check every page.

    vnu exits 0 (no error) or 1 (errors found, listed as JSON on stderr); with --verbose it names each
    file it checked on stdout. A crash, a JVM that did not start or a file it silently skipped (it
    exits 0 for a file that is not there) is a broken check, not a pass.
    """
    def broken(why):
        pytest.fail(f"the Nu Html Checker did not check the pages: {why} (exit code {run.returncode})\n"
                    f"stdout: {run.stdout[-2000:]}\nstderr: {run.stderr[-2000:]}", pytrace=False)

    if run.returncode not in (0, 1):
        broken("it crashed")
    try:
        messages = json.loads(run.stderr)["messages"]  # vnu reports on stderr
    except (ValueError, KeyError, TypeError):
        broken("its report is not JSON")
    checked = run.stdout.splitlines()
    if sorted(checked) != sorted(pages):
        broken(f"it checked {len(checked)} of the {len(pages)} files given, not {sorted(set(pages) - set(checked))}")
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} {m.get('extract', '')!r}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    if run.returncode != (1 if errors else 0):
        broken("its exit code does not match its report")
    return errors
