"""Settings of the kennismakingscheque portal: one module, configured by the environment.

Every variable is documented in `.env.example`. Development defaults are safe for a
laptop (DEBUG on, SQLite); production sets DJANGO_DEBUG=false and real secrets.
"""
import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# One environment file for every process (web, worker, timers, manage.py): PORTAL_ENV_FILE or ./.env.
# Variables already set in the environment win over the file.
ENV_FILE = Path(os.environ.get("PORTAL_ENV_FILE") or BASE_DIR / ".env")
if ENV_FILE.is_file():
    load_dotenv(ENV_FILE, override=False)


def env(name, default=None):
    """The variable's value; unset and empty (as in a copied .env.example) mean the default."""
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Production unless DJANGO_DEBUG=true says otherwise: nothing switches to development by itself.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set (looked in the environment and in {ENV_FILE}). Production needs a "
            "long random value; development sets DJANGO_DEBUG=true (make run does).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
# Each regie's host names are rows (regie/models/regies.py): the Host of a request decides its regie and an unknown
# host gets 400 (regie/web/hosts.py). DJANGO_ALLOWED_HOSTS may narrow the names further in front of that.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "*")
# Hosts that are no regie's: they list the regies (development: 127.0.0.1:8000 next to <short name>.localhost:8000).
PLATFORM_HOSTS = env_list("PLATFORM_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# Mailed links and the QR codes printed on cheques: <PUBLIC_SCHEME>://<the regie's primary host>[:<PUBLIC_PORT>].
PUBLIC_SCHEME = env("PUBLIC_SCHEME", "http" if DEBUG else "https")
PUBLIC_PORT = env("PUBLIC_PORT", "8000" if DEBUG else "")
# Before several regies: the one regie's public address. Read once, by the migration that makes it regie 1.
SITE_URL = (env("SITE_URL", "") or "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "regie.apps.PortalAdminConfig",  # django.contrib.admin with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "regie",
    "enterprises",
    "enterprises.register",  # the enterprise register (KBO open data)
    "networking",  # meetings and introductions
    "vouchers",
]

MIDDLEWARE = [
    "regie.web.context.RequestContextMiddleware",
    "regie.web.outage.DatabaseOutageMiddleware",  # database away: a 503 page with Retry-After, one log line
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "regie.web.headers.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # the Host decides the regie; an unknown host gets 400 (with the security headers above; static files are
    # everyone's); before LocaleMiddleware, which reads the platform hosts' URLconf
    "regie.web.hosts.RegieHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "regie.web.addresses.OldAddressMiddleware",  # Dutch addresses under /fr/ and /en/ still lead to the page
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "regie.accounts.languages.UserLanguageMiddleware",
    "regie.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "regie.web.bad_input.BadInputMiddleware",  # a NUL byte or a selection that is no row: 400, not a server error
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regie.urls"
WSGI_APPLICATION = "regie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "regie.web.context_processors.site",
                "enterprises.context_processors.region",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-ins (admin and partner portal): django-axes refuses a username from a client (an IPv4 address, an IPv6 /64)
# after 10 wrong passwords for 15 minutes, so nobody can lock a named user out from everywhere; a client is
# refused after LOGIN_FAILURES_PER_CLIENT wrong passwords in all (regie.accounts.logins.LoginHandler).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "regie.web.context.client_key"
AXES_HANDLER = "regie.accounts.logins.LoginHandler"
AXES_LOCKOUT_CALLABLE = "regie.accounts.logins.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no log of successful log-ins: failures only
AXES_VERBOSE = False
# A second factor (authenticator app, recovery codes) for every staff user before the admin; on by
# default in production, off with DEBUG so the demo logins keep working. Firm users may switch it on.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "Kennismakingscheque"
LOGIN_URL = "partner:login"
LOGIN_REDIRECT_URL = "partner:home"
LOGOUT_REDIRECT_URL = "partner:login"

# Languages: Dutch first; French for Voeren's language facilities; English.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["regie.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic's; nginx serves it
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files only the portal hands out after a permission check (cheque PDFs, invoices): never under MEDIA_URL.
PRIVATE_ROOT = Path(env("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/-/"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Several hosts: private files and logos in S3-compatible object storage (regie/ops/storage.py).
FILE_STORAGE = env("FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    from regie.ops.storage import s3_storages  # late: settings; boto3 only with S3

    STORAGES.update(s3_storages(env))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted in now

# Background work (e-mails, cheque PDFs) runs after the transaction commits. Development runs it at
# once; production queues it in the database: TASKS_BACKEND=django_tasks_db.DatabaseBackend and
# `manage.py db_worker` as a service.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Shared by all server processes: rate limits of code guessing.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL",
                         "Regie sociale economie Zuidoost-Limburg <noreply@regie-zuidoost-limburg.example>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Every mail goes to the outbox first (regie/mail/outbox.py): the worker sends it through EMAIL_BACKEND and
# retries about 1 min, 5 min, 30 min, 2 h and 12 h later while the mail server is away.
MAIL_TRANSPORT_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
EMAIL_TIMEOUT = 20
ADMINS = [("Admin", a) for a in env_list("DJANGO_ADMINS")]

# Before several regies, the one regie's bank account, enterprise number and contact were settings. Now each regie
# has them in its row (regie/models/regies.py); these are read once, by vouchers/migrations/0023, to fill regie 1's
# row when an install from before migrates (development keeps its fictitious values for an old demo database).
PAYOUT_DEBTOR = {
    "name": env("PAYOUT_DEBTOR_NAME", "Regie sociale economie Zuidoost-Limburg"),
    "IBAN": env("PAYOUT_DEBTOR_IBAN", "BE71096123456769" if DEBUG else ""),
    "BIC": env("PAYOUT_DEBTOR_BIC", "GKCCBEBB" if DEBUG else ""),
}
PAYOUT_INITIATOR_ENTERPRISE_NUMBER = env("PAYOUT_INITIATOR_ENTERPRISE_NUMBER", "0899000057" if DEBUG else "")
CONTACT_EMAIL = env("CONTACT_EMAIL", "socialeeconomie@regie-zuidoost-limburg.example")
CONTACT_PHONE = env("CONTACT_PHONE", "+32 12 00 00 00")

CATALOGUE_PAGE_SIZE = 20
# Throttles (regie/web/throttles.py): attempts that did not succeed, per client within a window; then 429.
# A client is an IPv4 address or an IPv6 /64; each limit per client has a slower twin per IPv6 /48 (a site):
# `limit_factor` times the limit over `window_factor` times the window.
IPV6_CLIENT_PREFIX = 64
IPV6_SITE_LIMITS = {"prefix": 48, "limit_factor": 5, "window_factor": 4}
# Wrong cheque codes on /nl/cheque/<code>/, per client; past that only a real cheque's code is still answered,
# `when_blocked` times per window (so an office is not blocked by one colleague's typos, and guessing stays capped).
CODE_GUESSING_LIMITS = {"limit": 20, "window_seconds": 900, "when_blocked": 10}
# A firm's user proving possession of a cheque (code + customer's enterprise number): wrong proofs per user,
# and per client with the same `when_blocked` rule (one firm's typos do not block another firm at that address).
REDEEM_GUESSING_LIMITS = {"limit": 10, "window_seconds": 900}
REDEEM_GUESSING_WHEN_BLOCKED = 10
# Wrong passwords per client whatever the username, within AXES_COOLOFF_TIME (django-axes locks one username
# per client at AXES_FAILURE_LIMIT): one firm's typos lock out that username only, password spraying stays capped.
LOGIN_FAILURES_PER_CLIENT = 30
# Mails anyone can trigger (password reset, a new link to an application): per recipient and per address.
MAIL_REQUEST_LIMITS = {"per_recipient": {"limit": 3, "window_seconds": 3600},
                       "per_address": {"limit": 10, "window_seconds": 3600}}
# Submissions of the application form per client (an IPv4 address, an IPv6 /64), refused ones included; each
# stored one sends a confirmation mail. An office applying for a few businesses stays within it; someone typing
# other businesses' numbers in bulk does not.
APPLICATION_LIMITS = {"limit": 10, "window_seconds": 3600}
# How many reverse proxies (nginx, a load balancer) stand in front of the portal; 0 = none, use REMOTE_ADDR.
NUM_PROXIES = int(env("DJANGO_NUM_PROXIES", "0"))
LOGO_MAX_BYTES = 1_048_576
INVOICE_MAX_BYTES = 5 * 1_048_576
# A Peppol UBL e-invoice (an embedded PDF included) and a bank statement (camt.053, CODA) are read whole, so their
# size is limited before reading.
EINVOICE_MAX_BYTES = 5 * 1_048_576
BANK_STATEMENT_MAX_BYTES = 20 * 1_048_576

# Security: strict in production, relaxed only where DEBUG needs plain HTTP.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# One line per event, with the request id (also in the X-Request-ID response header and nginx's log).
# Content-Security-Policy: everything from the portal itself; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "font-src": ["'self'"], "connect-src": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"], "object-src": ["'none'"],
}}
# Browser features the portal never uses are switched off.
PERMISSIONS_POLICY: dict[str, list[str]] = {name: [] for name in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "regie.web.context.RequestIdFilter"}},
    "formatters": {"line": {"()": "regie.ops.logs.OneLineFormatter",
                            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "django_tasks", "axes", "pikepdf")},
}

# Errors to Sentry when SENTRY_DSN is set (off otherwise); no personal data is sent.
SENTRY_DSN = env("SENTRY_DSN")
HEALTH_TOKEN = env("HEALTH_TOKEN", "")  # /health/'s details for monitoring (Authorization: Bearer ...); "" = staff only
if SENTRY_DSN:
    import sentry_sdk  # late: settings; only with SENTRY_DSN

    sentry_sdk.init(dsn=SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"), send_default_pii=False,
                    traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")))
