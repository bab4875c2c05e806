"""System checks that stop a production start with a wrong or missing setting (DEBUG off only).

`manage.py check --deploy` reports them, and the WSGI application refuses to start with them
(regie/wsgi.py), so a web server never runs half configured. Each message names the variable.
Apps register the checks of their own settings from their AppConfig.ready.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register

SAMPLE_SECRETS = {"", "change-me", "django-insecure-development-only-key-never-use-in-production"}


def _site_url_errors():
    url = settings.SITE_URL
    parts = urlsplit(url)
    if not url:
        return [Error("SITE_URL is not set.", hint="Set it to the portal's public address, e.g. "
                      "https://cheque.regie-zuidoost-limburg.be; it is printed on every cheque as a QR code.",
                      id="regie.E001")]
    if parts.scheme != "https" or not parts.hostname or "127.0.0.1" in url or "localhost" in url:
        return [Error(f"SITE_URL must be the public https:// address, not {url!r}.",
                      hint="Cheques print it as a QR code for good: set it before issuing any.", id="regie.E002")]
    return []


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    errors = _site_url_errors()
    if settings.SECRET_KEY in SAMPLE_SECRETS or len(settings.SECRET_KEY) < 40:
        errors.append(Error("DJANGO_SECRET_KEY is missing, a sample value or shorter than 40 characters.",
                            hint='python -c "import secrets; print(secrets.token_urlsafe(50))"', id="regie.E005"))
    if not settings.EMAIL_HOST and settings.MAIL_TRANSPORT_BACKEND.endswith("smtp.EmailBackend"):
        errors.append(Error("EMAIL_HOST is not set: confirmation links and cheques could not be mailed.",
                            hint="The SMTP server of the regie (with EMAIL_PORT, EMAIL_HOST_USER, "
                                 "EMAIL_HOST_PASSWORD).", id="regie.E006"))
    if settings.FILE_STORAGE not in ("local", "s3"):
        errors.append(Error(f"FILE_STORAGE must be 'local' or 's3', not {settings.FILE_STORAGE!r}.", id="regie.E008"))
    elif settings.FILE_STORAGE == "s3" and not settings.STORAGES["private"]["OPTIONS"].get("bucket_name"):
        errors.append(Error("FILE_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, "
                            "S3_SECRET_ACCESS_KEY).", id="regie.E009"))
    if not settings.ALLOWED_HOSTS:
        errors.append(Error("DJANGO_ALLOWED_HOSTS is not set.", hint="The host name of SITE_URL, e.g. "
                            "cheque.regie-zuidoost-limburg.be.", id="regie.E007"))
    return errors


def serious_deploy_errors():
    """The errors (not warnings) of every deployment check, for the WSGI start."""
    return [message for message in checks.run_checks(include_deployment_checks=True) if message.is_serious()]
