"""deploy/ and README's production steps agree with the code: every variable documented, every scheduled
command on a timer and enabled, every unit valid."""
import configparser
import pathlib
import re
import shutil
import subprocess

import pytest
from django.core.management import get_commands

from regie.operations import SCHEDULE

pytestmark = pytest.mark.slow
ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(SYSTEMD / name)
    return parser


def test_every_variable_the_settings_read_is_documented_in_the_environment_template():
    code = "".join(path.read_text() for path in [ROOT / "regie" / "settings.py", ROOT / "regie" / "storage.py"])
    read = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', code))
    template = (ROOT / "deploy" / "portal.env.example").read_text()
    documented = set(re.findall(r"^([A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert read - documented == set()
    gunicorn = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "deploy" / "gunicorn.conf.py").read_text()))
    assert gunicorn and gunicorn <= documented


def test_every_scheduled_command_has_a_timer_that_readme_enables():
    timers = {path.name: unit(path.name) for path in SYSTEMD.glob("*.timer")}
    commands = {t["Timer"]["Unit"].removeprefix("portal-command@").removesuffix(".service") for t in timers.values()}
    assert commands == set(SCHEDULE) and commands <= set(get_commands())
    readme = (ROOT / "README.md").read_text()
    for name in [*timers, "portal-web", "portal-worker"]:
        assert name in readme
    assert "deploy/install.sh" in readme


def test_the_services_run_real_commands_with_the_environment_file():
    for name in ("portal-web.service", "portal-worker.service", "portal-command@.service"):
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/srv/portal/.env" and service["WorkingDirectory"] == "/srv/portal"
    assert unit("portal-worker.service")["Service"]["Restart"] == "always"
    assert "run_worker" in unit("portal-worker.service")["Service"]["ExecStart"]
    assert "check --deploy" in unit("portal-web.service")["Service"]["ExecStartPre"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze (package systemd)")
def test_systemd_accepts_the_units_and_their_calendar_times(tmp_path):
    for path in SYSTEMD.iterdir():
        text = path.read_text().replace("/srv/portal/.venv/bin/python", shutil.which("python3"))
        text = text.replace("/srv/portal/.venv/bin/gunicorn", shutil.which("python3")).replace(
            "User=portal", "User=root").replace("Group=portal", "Group=root")
        (tmp_path / path.name).write_text(text.replace("/srv/portal", str(tmp_path)))
    (tmp_path / ".env").write_text("")
    for timer in SYSTEMD.glob("*.timer"):
        calendar = unit(timer.name)["Timer"]["OnCalendar"]
        result = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    services = [str(tmp_path / name) for name in ("portal-web.service", "portal-worker.service")]
    result = subprocess.run(["systemd-analyze", "verify", *services], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
