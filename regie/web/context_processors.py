from django.conf import settings


def site(request):
    """What every page shows: the regie's contact details."""
    return {"CONTACT_EMAIL": settings.CONTACT_EMAIL, "CONTACT_PHONE": settings.CONTACT_PHONE}
