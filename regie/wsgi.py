"""The WSGI application. With DEBUG off it refuses to start when a deployment check finds an error
(regie/ops/checks.py), so gunicorn never serves a half-configured portal."""
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from regie.ops.checks import serious_deploy_errors

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
application = get_wsgi_application()


def _refuse_wrong_settings():
    if not settings.DEBUG:
        errors = serious_deploy_errors()
        if errors:
            raise ImproperlyConfigured("The portal does not start:\n" + "\n".join(str(e) for e in errors))


_refuse_wrong_settings()
