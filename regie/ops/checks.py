"""System checks that stop a production start with a wrong or missing setting (DEBUG off only).

`manage.py check --deploy` reports them, and the WSGI application refuses to start with them
(regie/wsgi.py), so a web server never runs half configured. Each message names the variable.
What a regie needs (its hosts, IBAN, enterprise number) is its row, not a setting: /health/ names a regie whose
setup is incomplete (regie/ops/health.py). Apps register the checks of their own settings from their AppConfig.ready.
"""
from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register

SAMPLE_SECRETS = {"", "change-me", "django-insecure-development-only-key-never-use-in-production"}


def _public_address_errors():
    """Mailed links and the QR codes printed on cheques: https://<the regie's primary host>[:PUBLIC_PORT]."""
    errors = []
    if settings.PUBLIC_SCHEME != "https":
        errors.append(Error(f"PUBLIC_SCHEME must be https in production, not {settings.PUBLIC_SCHEME!r}.",
                            hint="Mailed links and the QR codes printed on cheques use it for good, e.g. https.",
                            id="regie.E002"))
    port = str(settings.PUBLIC_PORT or "")
    if port and not (port.isdecimal() and 0 < int(port) < 65536):
        errors.append(Error(f"PUBLIC_PORT must be a port number or empty, not {port!r}.",
                            hint="Empty for the standard port of https (443); otherwise the port, e.g. 8443.",
                            id="regie.E001"))
    return errors


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    errors = _public_address_errors()
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
    return errors


def serious_deploy_errors():
    """The errors (not warnings) of every deployment check, for the WSGI start."""
    return [message for message in checks.run_checks(include_deployment_checks=True) if message.is_serious()]
