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
