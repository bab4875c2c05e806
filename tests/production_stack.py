"""The portal as production runs it, on this machine, for one test session: deploy/install.sh with an
environment file, gunicorn and the worker started with the very commands of the systemd units, nginx with
deploy/nginx/portal.conf (a self-signed certificate), PostgreSQL, and an SMTP sink (aiosmtpd) for mail.

Host name portal.test is mapped to 127.0.0.1 in Chromium (--host-resolver-rules), so SITE_URL is a real
https address and the links in the mails work as they are.
"""
import email
import email.policy
import os
import pathlib
import re
import secrets
import shlex
import socket
import subprocess
import time
import uuid

from aiosmtpd.controller import Controller
from dotenv import dotenv_values

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOST = "portal.test"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} stopped (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def unit_command(unit):
    """The ExecStart= of a systemd unit in deploy/systemd/, with /srv/portal replaced by this checkout."""
    text = (ROOT / "deploy" / "systemd" / unit).read_text()
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart=").replace("/srv/portal", str(ROOT)))


class MailSink:
    """Keeps every message the portal sends; `wait_for` finds one by recipient and subject."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, to, subject_part, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in self.messages:
                if to in message["To"] and subject_part.lower() in message["Subject"].lower():
                    return message
            time.sleep(0.2)
        raise TimeoutError(f"no mail to {to} about {subject_part!r}; got {[m['Subject'] for m in self.messages]}")

    @staticmethod
    def link(message, pattern):
        body = message.get_body(preferencelist=("plain",)).get_content()
        return re.search(pattern, body).group(0)


NGINX_MAIN = """
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx.error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    {site}
}}
"""


def nginx_config(tmp, https_port, http_port, gunicorn_port):
    """deploy/nginx/portal.conf with this machine's ports, certificate and folders."""
    site = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    for old, new in [("cheque.regie-zuidoost-limburg.be", HOST), ("listen 443", f"listen {https_port}"),
                     ("listen [::]:443", f"listen [::]:{https_port}"), ("listen 80", f"listen {http_port}"),
                     ("listen [::]:80", f"listen [::]:{http_port}"), ("127.0.0.1:8000", f"127.0.0.1:{gunicorn_port}"),
                     (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", f"{tmp}/cert.pem"),
                     (f"/etc/letsencrypt/live/{HOST}/privkey.pem", f"{tmp}/key.pem"),
                     ("/srv/portal/", f"{ROOT}/"), ("/var/log/nginx/", f"{tmp}/")]:
        site = site.replace(old, new)
    # As root, nginx's workers would run as "nobody" and could not write into this test's folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return NGINX_MAIN.format(tmp=tmp, site=site, user=user)


class ProductionStack:
    def __init__(self, tmp):
        self.tmp = pathlib.Path(tmp)
        self.database = f"regie_production_{uuid.uuid4().hex[:8]}"
        self.https_port, self.http_port, self.gunicorn_port, self.smtp_port = (free_port() for _ in range(4))
        self.site_url = f"https://{HOST}:{self.https_port}"
        self.processes = []
        self.sink = MailSink()
        self.smtp = None

    def environment_file(self):
        values = {
            "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "SITE_URL": self.site_url,
            "DJANGO_ALLOWED_HOSTS": HOST, "DJANGO_NUM_PROXIES": "1", "DATABASE_URL": f"postgres:///{self.database}",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.smtp_port), "EMAIL_USE_TLS": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "GUNICORN_BIND": f"127.0.0.1:{self.gunicorn_port}",
            "GUNICORN_WORKERS": "2", "DJANGO_PRIVATE_ROOT": str(self.tmp / "private"),
            "DJANGO_MEDIA_ROOT": str(self.tmp / "media"), "PAYOUT_DEBTOR_IBAN": "BE71 0961 2345 6769",
            "PAYOUT_DEBTOR_BIC": "GKCCBEBB", "PAYOUT_INITIATOR_ENTERPRISE_NUMBER": "0899.000.057",
            "STAFF_TWO_FACTOR": "true", "CONTACT_EMAIL": "regie@portal.test",
        }
        path = self.tmp / "portal.env"
        path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
        return path

    def env(self):
        return {"PATH": os.environ["PATH"], "HOME": str(self.tmp), "PORTAL_ENV_FILE": str(self.env_file),
                **{k: v for k, v in dotenv_values(self.env_file).items() if v is not None}}

    def manage(self, *args, check=True):
        return subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args], cwd=ROOT, env=self.env(),
                              check=check, capture_output=True, text=True)

    def today(self):
        """The date in Brussels as the production processes see it (ISO)."""
        output = self.manage("shell", "--no-imports", "-c",
                             "from django.utils import timezone; print(timezone.localdate())").stdout
        return output.strip().splitlines()[-1]

    def start(self):
        subprocess.run(["createdb", self.database], check=True)
        self.env_file = self.environment_file()
        install = subprocess.run([str(ROOT / "deploy" / "install.sh")], cwd=ROOT, env=self.env(), capture_output=True,
                                 text=True)
        if install.returncode:
            raise RuntimeError(f"deploy/install.sh failed:\n{install.stdout}\n{install.stderr}")
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        self._spawn(unit_command("portal-web.service"))
        self._spawn(unit_command("portal-worker.service"))
        self._certificate()
        (self.tmp / "nginx.conf").write_text(nginx_config(self.tmp, self.https_port, self.http_port,
                                                          self.gunicorn_port))
        self._spawn(["nginx", "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf"), "-g", "daemon off;"])
        wait_for_port(self.gunicorn_port, self.processes[0])
        wait_for_port(self.https_port, self.processes[2])
        return self

    def _spawn(self, command):
        log = open(self.tmp / f"{pathlib.Path(command[0]).name}-{len(self.processes)}.log", "w")
        self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT))

    def _certificate(self):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        f"/CN={HOST}", "-keyout", str(self.tmp / "key.pem"), "-out", str(self.tmp / "cert.pem")],
                       check=True, capture_output=True)

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.smtp is not None:
            self.smtp.stop()
        subprocess.run(["dropdb", "--if-exists", "--force", self.database], check=False)

    def logs(self):
        return "\n".join(f"--- {log.name} ---\n{log.read_text()[-3000:]}" for log in sorted(self.tmp.glob("*.log")))
