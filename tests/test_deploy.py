"""deploy/ and README's production steps agree with the code: every variable documented, every scheduled
command on a timer and enabled, every unit valid."""
import configparser
import datetime
import os
import pathlib
import re
import shutil
import subprocess

import pytest
from django.core.management import get_commands

from regie.ops.scheduled import SCHEDULE
from tests.production_stack import nginx_config, self_signed_certificate

pytestmark = pytest.mark.slow
ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(SYSTEMD / name)
    return parser


def test_every_variable_the_settings_read_is_documented_in_the_environment_template():
    code = "".join(path.read_text() for path in [ROOT / "regie" / "settings.py", ROOT / "regie" / "ops" / "storage.py"])
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


def test_each_timer_starts_its_command_when_health_expects_it():
    """/health/ counts a command overdue from the schedule in regie/ops/scheduled.py: the timers must say the same."""
    for command, timer in SCHEDULE.items():
        section = unit(f"portal-{command.replace('_', '-')}.timer")["Timer"]
        assert section["Unit"] == f"portal-command@{command}.service"
        assert section["OnCalendar"] == timer.on_calendar, command
    assert unit("portal-expire-vouchers.timer")["Timer"]["OnCalendar"] == "*-*-* 03:10:00 Europe/Brussels"
    assert SCHEDULE["expire_vouchers"].on_calendar == "*-*-* 03:10:00 Europe/Brussels"
    assert SCHEDULE["send_mails"].on_calendar == "*:0/10"


def test_the_services_run_real_commands_with_the_environment_file():
    for name in ("portal-web.service", "portal-worker.service", "portal-command@.service"):
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/srv/portal/.env" and service["WorkingDirectory"] == "/srv/portal"
    assert unit("portal-worker.service")["Service"]["Restart"] == "always"
    assert "run_worker" in unit("portal-worker.service")["Service"]["ExecStart"]
    assert "check --deploy" in unit("portal-web.service")["Service"]["ExecStartPre"]


@pytest.mark.skipif(not shutil.which("systemd-analyze") and os.environ.get("CI") != "true",
                    reason="needs systemd-analyze (package systemd; CI installs it)")
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


@pytest.mark.skipif(not shutil.which("systemd-analyze") and os.environ.get("CI") != "true",
                    reason="needs systemd-analyze (package systemd; CI installs it)")
@pytest.mark.parametrize("base", ["2027-03-28T00:30:00+00:00", "2027-10-31T00:30:00+00:00", "2027-10-31T01:25:00+00:00",
                                  "2026-12-31T23:30:00+00:00", "2028-02-29T12:05:00+00:00"])
def test_health_expects_each_command_when_systemd_starts_it(base):
    """Around the nights the clocks change too: systemd's next start of each timer is the one /health/ waits for."""
    instant = datetime.datetime.fromisoformat(base)
    for command, timer in SCHEDULE.items():
        result = subprocess.run(["systemd-analyze", "calendar", f"--base-time=@{int(instant.timestamp())}",
                                 timer.on_calendar], capture_output=True, text=True,
                                env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
        elapse = re.search(r"Next elapse: \w+ (\S+ \S+) UTC", result.stdout).group(1)
        expected = datetime.datetime.fromisoformat(elapse).replace(tzinfo=datetime.UTC)
        assert timer.next_run_after(instant) == expected, (command, base)


def test_nginx_accepts_the_first_stage_before_the_certificate_exists_and_the_tls_site_only_after(tmp_path):
    """README installs deploy/nginx/portal-http.conf, runs certbot, then portal.conf: the only order nginx accepts."""
    if not shutil.which("nginx"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: needs nginx (CI installs nginx-light)")
        pytest.skip("needs nginx (package nginx-light)")

    def nginx_test(site):
        (tmp_path / "nginx.conf").write_text(nginx_config(tmp_path, site, 8443, 8080, 8000))
        return subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                              capture_output=True, text=True)

    too_early = nginx_test("portal.conf")
    assert too_early.returncode != 0 and "fullchain.pem" in too_early.stderr  # why certbot --nginx failed
    first_stage = nginx_test("portal-http.conf")
    assert first_stage.returncode == 0, first_stage.stderr
    assert "location /.well-known/acme-challenge/ { root /var/www/letsencrypt; }" in (
        ROOT / "deploy" / "nginx" / "portal-http.conf").read_text()
    self_signed_certificate(tmp_path)  # what certbot certonly --webroot writes
    with_certificate = nginx_test("portal.conf")
    assert with_certificate.returncode == 0, with_certificate.stderr
