"""regie/ knows no app above it (vouchers -> enterprises -> regie): it imports none, and names none of their
permissions, models, URLs, paths or commands; the apps register those from their AppConfig.ready. Only the
project's wiring (settings.py, urls.py) names the apps."""
import ast
import pathlib
import re

import pytest

from regie.ops.scheduled import SCHEDULE
from regie.privacy.schedule import SCHEDULE as RETENTION_SCHEDULE

pytestmark = pytest.mark.slow  # no date rule: run once, not at each instant

REGIE = pathlib.Path(__file__).resolve().parent.parent / "regie"
APPS = {"vouchers", "enterprises"}
WIRING = {REGIE / "settings.py", REGIE / "urls.py"}
APP_NAMES = re.compile(r"\b(vouchers|enterprises)\.[A-Za-z_]|\bpartner:|/partner/|\b(aanvraag|aanvragen|opvolging)\b|"
                       r"\b(expire_vouchers|check_ledger|remind_expiring|send_followups|confirm_due_redemptions|"
                       r"purge_unverified_applications)\b")


def _modules():
    return [path for path in REGIE.rglob("*.py") if "migrations" not in path.parts]


def _docstrings(tree):
    nodes = [tree, *(node for node in ast.walk(tree)
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))]
    return {id(node.body[0].value) for node in nodes
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def test_no_module_of_regie_imports_an_app_not_even_inside_a_function():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(REGIE.parent)}:{node.lineno} {name}" for name in names
                      if name.split(".")[0] in APPS]
    assert found == []


def test_no_code_of_regie_names_an_apps_permissions_urls_paths_or_commands():
    found = []
    for path in set(_modules()) - WIRING:
        tree = ast.parse(path.read_text())
        docstrings = _docstrings(tree)
        found += [f"{path.relative_to(REGIE.parent)}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and APP_NAMES.search(node.value)]
    assert found == []


def test_once_the_apps_are_ready_the_schedules_are_whole_and_in_their_order():
    assert list(SCHEDULE) == ["expire_vouchers", "purge_unverified_applications", "apply_retention", "check_ledger",
                              "remind_expiring", "send_followups", "confirm_due_redemptions", "send_mails",
                              "retry_background_work", "import_kbo", "send_meeting_reminders", "ask_meeting_wishes"]
    assert [item.key for item in RETENTION_SCHEDULE] == [
        "unconfirmed_applications", "applications_without_cheque", "cheques", "kept_after_erasure",
        "deminimis_grants", "followup_answers", "audit_log", "audit_addresses", "mails", "throttles",
        "login_attempts", "sessions", "task_results", "user_accounts", "background_jobs", "firm_profiles",
        "enterprise_register", "registrations", "introductions"]
