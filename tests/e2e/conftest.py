"""Browser tests: pytest-playwright driving the system Chromium against Django's live server."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.demo import seed_demo

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
def demo(transactional_db):
    seed_demo()


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
    missing = [what for what, there in (("java (Debian: default-jre-headless)", java),
                                        (f"vnu.jar at {VNU_JAR} (npm install vnu-jar, or set VNU_JAR)", VNU_JAR.is_file()))
               if not there]
    if missing:
        message = "the Nu Html Checker needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)

    def check(folder):
        pages = sorted(str(file) for file in folder.glob("*.html"))
        run = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
                             capture_output=True, text=True, timeout=300)
        messages = json.loads(run.stderr or "{}").get("messages", [])  # vnu reports on stderr
        return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} {m.get('extract', '')!r}"
                for m in messages if m.get("type") in ("error", "non-document-error")]

    return check
