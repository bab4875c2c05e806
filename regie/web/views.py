"""Site pages: privacy and accessibility statements, error pages, logos.
(The home page is an app's.)"""
import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.response import TemplateResponse

from regie.privacy.cookies import cookies
from regie.privacy.schedule import SCHEDULE


def privacy(request):
    """The privacy statement, made from the retention schedule and the list of cookies (regie/privacy/)."""
    return TemplateResponse(request, "regie/privacy.html", {"schedule": SCHEDULE, "cookies": cookies()})


def accessibility(request):
    return TemplateResponse(request, "regie/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page needs no database (500.html uses nothing the context processors would read from it). The regie is
    named only when the request already has it (regie.web.hosts read it before the error): no query here."""
    return render(request, "500.html", {"regie": getattr(request, "regie", None)}, status=500)


def logo(request, path):
    """A firm's or a regie's logo from the file storage; nothing outside logos/ and no listing."""
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
