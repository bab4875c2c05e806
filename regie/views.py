"""Site pages: privacy and accessibility statements, error pages. (The home page is the cheque's: vouchers.)"""
from django.conf import settings
from django.shortcuts import render
from django.template.response import TemplateResponse


def privacy(request):
    return TemplateResponse(request, "regie/privacy.html")


def accessibility(request):
    return TemplateResponse(request, "regie/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the template must not need a database.
    return render(request, "500.html", {"CONTACT_EMAIL": settings.CONTACT_EMAIL}, status=500)


def locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed log-ins for this user from this address. 429 with Retry-After, the
    log-in page's look (admin or partner portal), and the way out (a new password by mail)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    template = "admin/locked_out.html" if request.path.startswith("/admin/") else "registration/locked_out.html"
    response = render(request, template, {"retry_minutes": max(1, seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response
