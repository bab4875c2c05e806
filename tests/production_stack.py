"""The portal as production runs it, on this machine, for one test session: deploy/install.sh with an
environment file, gunicorn and the worker started with the very commands of the systemd units, nginx first
with the http-only deploy/nginx/portal-http.conf (which answers Let's Encrypt's challenge), then with
deploy/nginx/portal.conf once the certificate is there (self-signed, where certbot writes it), PostgreSQL, and
an SMTP sink (aiosmtpd) for mail: README's production steps, in README's order. The regie is added with
`manage.py create_regie` (host portal.test), as README's "Adding a regie" says; a second regie (maasland.test) joins
later the same way, behind the same nginx (`add_second_regie`).

Host names portal.test and maasland.test are mapped to 127.0.0.1 in Chromium (--host-resolver-rules), so each
regie's address is a real https address (on this test's port: PUBLIC_PORT) and the links in the mails work as they are.
"""
import email
import email.policy
import os
import pathlib
import re
import secrets
import shlex
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
import uuid

from aiosmtpd.controller import Controller
from dotenv import dotenv_values

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOST = "portal.test"
HEALTH_TOKEN = secrets.token_urlsafe(32)  # monitoring's key to /health/'s details
REGIE = ["--short-name", "zuidoost", "--name", "Regie sociale economie Zuidoost-Limburg", "--region",
         "Zuidoost-Limburg", "--host", HOST, "--contact-email", "regie@portal.test", "--sender-email",
         "noreply@portal.test", "--legal-name", "Regie sociale economie Zuidoost-Limburg", "--iban",
         "BE71 0961 2345 6769", "--bic", "GKCCBEBB", "--enterprise-number", "0899.000.057", "--coordinator",
         "coordinator", "--coordinator-email", "coordinator@portal.test",
         "--postcode", "3700,3730,3732,3740,3742,3746,3770,3790,3791,3792,3793,3798"]

SECOND_HOST = "maasland.test"
SECOND_REGIE = ["--short-name", "maasland", "--name", "Regie sociale economie Maasland", "--region", "Maasland",
                "--host", SECOND_HOST, "--contact-email", "info@maasland.test", "--sender-email",
                "noreply@maasland.test", "--legal-name", "Regie sociale economie Maasland", "--iban",
                "BE48 0011 2345 6727", "--bic", "GKCCBEBB", "--enterprise-number", "0403.170.701", "--phone",
                "+32 89 00 00 00", "--coordinator", "an.peeters", "--coordinator-email", "an.peeters@maasland.test"]


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


def nginx_config(tmp, site, https_port, http_port, gunicorn_port, hosts=(HOST,)):
    """deploy/nginx/<site> with this machine's ports and folders: the ACME webroot /var/www/letsencrypt and
    certbot's /etc/letsencrypt/ live under `tmp`; both server_name lines list `hosts` (README "Adding a regie")."""
    text = (ROOT / "deploy" / "nginx" / site).read_text()
    text = re.sub(r"server_name cheque\.regie-zuidoost-limburg\.be;", f"server_name {' '.join(hosts)};", text)
    for old, new in [("cheque.regie-zuidoost-limburg.be", HOST), ("listen 443", f"listen {https_port}"),
                     ("listen [::]:443", f"listen [::]:{https_port}"), ("listen 80", f"listen {http_port}"),
                     ("listen [::]:80", f"listen [::]:{http_port}"), ("127.0.0.1:8000", f"127.0.0.1:{gunicorn_port}"),
                     ("/etc/letsencrypt/", f"{tmp}/letsencrypt/"), ("/var/www/letsencrypt", f"{tmp}/acme"),
                     ("/srv/portal/staticfiles/", f"{tmp}/staticfiles/"), ("/srv/portal/", f"{ROOT}/"),
                     ("/var/log/nginx/", f"{tmp}/")]:
        text = text.replace(old, new)
    # As root, nginx's workers would run as "nobody" and could not write into this test's folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return NGINX_MAIN.format(tmp=tmp, site=text, user=user)


def self_signed_certificate(tmp, hosts=(HOST,)):
    """What `certbot certonly` writes, where it writes it (under `tmp`): Let's Encrypt is not reachable here. With
    several `hosts`, what `--expand --cert-name` writes: one certificate for all, in the first one's folder."""
    live = pathlib.Path(tmp) / "letsencrypt" / "live" / HOST
    live.mkdir(parents=True, exist_ok=True)
    names = ",".join(f"DNS:{host}" for host in hosts)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName={names}", "-keyout", str(live / "privkey.pem"),
                    "-out", str(live / "fullchain.pem")], check=True, capture_output=True)


class ProductionStack:
    def __init__(self, tmp):
        self.tmp = pathlib.Path(tmp)
        self.database = f"regie_production_{uuid.uuid4().hex[:8]}"
        self.https_port, self.http_port, self.gunicorn_port, self.smtp_port = (free_port() for _ in range(4))
        self.site_url = f"https://{HOST}:{self.https_port}"
        self.second_site_url = f"https://{SECOND_HOST}:{self.https_port}"
        self.hosts = [HOST]  # nginx's server_name, the certificate's names
        self.processes = []
        self.steps = []
        self.regie_steps = []  # README "Adding a regie", for the second regie
        self.password_link = None  # where the regie's first coordinator sets a password (create_regie prints it)
        self.second_password_link = None
        self.sink = MailSink()
        self.smtp = None

    def environment_file(self):
        values = {
            "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "PUBLIC_SCHEME": "https",
            "PUBLIC_PORT": str(self.https_port),
            # on a port other than 443, each regie's https origin (README "Adding a regie", step 4)
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"{self.site_url},{self.second_site_url}",
            "DJANGO_NUM_PROXIES": "1", "DATABASE_URL": f"postgres:///{self.database}",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.smtp_port), "EMAIL_USE_TLS": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "GUNICORN_BIND": f"127.0.0.1:{self.gunicorn_port}",
            "GUNICORN_WORKERS": "2", "DJANGO_PRIVATE_ROOT": str(self.tmp / "private"),
            "DJANGO_MEDIA_ROOT": str(self.tmp / "media"),
            # its own static files: collectstatic in this checkout's staticfiles/ would change them under the feet
            # of the tests running beside it (WhiteNoise reads that folder whenever a test client starts)
            "DJANGO_STATIC_ROOT": str(self.tmp / "staticfiles"),
            "STAFF_TWO_FACTOR": "true", "HEALTH_TOKEN": HEALTH_TOKEN,
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
        """README's production steps, in README's order (`steps` names each as README does)."""
        subprocess.run(["createdb", self.database], check=True)
        self.env_file = self.environment_file()
        install = subprocess.run([str(ROOT / "deploy" / "install.sh")], cwd=ROOT, env=self.env(), capture_output=True,
                                 text=True)
        if install.returncode:
            raise RuntimeError(f"deploy/install.sh failed:\n{install.stdout}\n{install.stderr}")
        self.steps.append("deploy/install.sh")
        self.add_regie()
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        self._spawn(unit_command("portal-web.service"))
        self._spawn(unit_command("portal-worker.service"))
        self.steps += ["portal-web", "portal-worker"]
        self._nginx_first_stage()
        self_signed_certificate(self.tmp)
        self.steps.append("certbot certonly --webroot -w /var/www/letsencrypt")
        self._nginx_site("portal.conf")
        self.nginx.send_signal(signal.SIGHUP)
        self.steps.append("systemctl reload nginx")
        wait_for_port(self.gunicorn_port, self.processes[0])
        wait_for_port(self.https_port, self.nginx)
        return self

    def add_regie(self):
        """README "Adding a regie": the regie with its host and first coordinator; keeps the printed password link."""
        output = self.manage("create_regie", *REGIE).stdout
        self.password_link = re.search(r"https://\S+/wachtwoord-instellen/\S+/", output).group(0)
        self.steps.append("manage.py create_regie")

    def add_second_regie(self):
        """README "Adding a regie" for a second regie behind the same nginx: its host in server_name, the certificate
        widened to it, the regie with its first coordinator (its password link kept)."""
        self.hosts.append(SECOND_HOST)
        self._nginx_site("portal.conf", steps=[])
        self.nginx.send_signal(signal.SIGHUP)
        self.regie_steps += ["server_name", "nginx -t && systemctl reload nginx"]
        self_signed_certificate(self.tmp, self.hosts)
        self.nginx.send_signal(signal.SIGHUP)
        self.regie_steps += ["certbot certonly --webroot -w /var/www/letsencrypt --expand", "systemctl reload nginx"]
        output = self.manage("create_regie", *SECOND_REGIE).stdout
        self.second_password_link = re.search(r"https://\S+/wachtwoord-instellen/\S+/", output).group(0)
        self.regie_steps.append("manage.py create_regie")
        self._wait_for_certificate_of(SECOND_HOST)

    def _wait_for_certificate_of(self, host, seconds=30):
        """Until nginx's workers serve the widened certificate to `host` (a reload takes a moment)."""
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with socket.create_connection(("127.0.0.1", self.https_port), timeout=5) as raw, \
                    context.wrap_socket(raw, server_hostname=host) as tls:
                if host.encode() in tls.getpeercert(binary_form=True):
                    return
            time.sleep(0.1)
        raise TimeoutError(f"nginx does not serve a certificate for {host}")

    def _nginx_site(self, site, steps=None):
        """Install deploy/nginx/<site> as the site and check it as `nginx -t` does (README's `steps`: production's)."""
        (self.tmp / "nginx.conf").write_text(nginx_config(self.tmp, site, self.https_port, self.http_port,
                                                          self.gunicorn_port, self.hosts))
        test = subprocess.run([*self.nginx_command, "-t"], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t refuses deploy/nginx/{site}:\n{test.stderr}")
        (self.steps if steps is None else steps).extend([f"deploy/nginx/{site}", "nginx -t"])

    def _nginx_first_stage(self):
        """http only, answering Let's Encrypt's challenge from the webroot, as certbot --webroot needs it."""
        self._nginx_site("portal-http.conf")
        self._spawn([*self.nginx_command, "-g", "daemon off;"])
        self.nginx = self.processes[-1]
        self.steps.append("systemctl reload nginx")  # on the server, nginx runs since its installation
        wait_for_port(self.http_port, self.nginx)
        token = secrets.token_urlsafe(32)
        challenge = self.tmp / "acme" / ".well-known" / "acme-challenge"
        challenge.mkdir(parents=True)
        (challenge / token).write_text(f"{token}.key")
        request = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/.well-known/acme-challenge/{token}",
                                          headers={"Host": HOST})
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10) as answer:
            if answer.read().decode() != f"{token}.key":
                raise RuntimeError("the first nginx stage does not answer Let's Encrypt's challenge")

    def run_timers(self):
        """What the enabled timers do as time passes: each one's command, with portal-command@.service's ExecStart."""
        for timer in sorted((ROOT / "deploy" / "systemd").glob("*.timer")):
            unit = re.search(r"^Unit=portal-command@(\w+)\.service$", timer.read_text(), re.MULTILINE).group(1)
            command = [part.replace("%i", unit) for part in unit_command("portal-command@.service")]
            subprocess.run(command, cwd=ROOT, env=self.env(), check=True, capture_output=True, text=True)

    @property
    def nginx_command(self):
        return ["nginx", "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")]

    def _spawn(self, command):
        # The child writes to its own copy of the file descriptor: ours can close once it runs.
        with open(self.tmp / f"{pathlib.Path(command[0]).name}-{len(self.processes)}.log", "w") as log:
            self.processes.append(
                subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT))

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
