"""Site pages: privacy and accessibility statements, error pages, logos, the log-in lock-out page.
(The home page is the cheque's: vouchers.)"""
import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.response import TemplateResponse

from regie.accounts.logins import connection_lock


def privacy(request):
    """The privacy statement, made from the retention schedule and the list of cookies (regie/privacy/)."""
    from regie.privacy.cookies import cookies
    from regie.privacy.schedule import SCHEDULE

    return TemplateResponse(request, "regie/privacy.html", {"schedule": SCHEDULE, "cookies": cookies()})


def accessibility(request):
    return TemplateResponse(request, "regie/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the template must not need a database.
    return render(request, "500.html", {"CONTACT_EMAIL": settings.CONTACT_EMAIL}, status=500)


def locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed log-ins for this user from this client, or from this client (its IPv6 site)
    for any user (regie.accounts.logins). 429 with Retry-After, the log-in page's look (admin or partner portal), which
    of the two it is, and the way out (a new password by mail)."""
    whole_connection = connection_lock(request)
    seconds = whole_connection or int(settings.AXES_COOLOFF_TIME.total_seconds())
    template = "admin/locked_out.html" if request.path.startswith("/admin/") else "registration/locked_out.html"
    response = render(request, template, {"retry_minutes": max(1, -(-seconds // 60)),
                                          "whole_connection": whole_connection is not None}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def logo(request, path):
    """A firm's logo from the file storage; nothing outside logos/ and no listing."""
    name = f"logos/{path}"
    if ".." in path.split("/") or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
