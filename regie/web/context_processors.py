def site(request):
    """What every page shows about the regie it is served as: `regie` (its names, contact details and brand)."""
    regie = getattr(request, "regie", None)
    return {"regie": regie, "CONTACT_EMAIL": regie.contact_email if regie else "",
            "CONTACT_PHONE": regie.contact_phone if regie else ""}
