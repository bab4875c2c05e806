"""The register of processing activities (GDPR art. 30) in the admin, made from the retention schedule."""
from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _, gettext_lazy

from regie.privacy.cookies import cookies
from regie.privacy.schedule import SCHEDULE

ORGANISATION = gettext_lazy("Intermunicipal association regie sociale economie Zuidoost-Limburg")
# How to name the regie's municipalities ("A · B · C"): the data is the enterprises app's, which registers it
# from its AppConfig.ready (regie imports no app).
_AREA_NAMES: list[Callable[[], str]] = []


def register_area_names(names: Callable[[], str]) -> None:
    _AREA_NAMES[:] = [names]


def controller():
    """The controller as the register names it: the organisation, with its municipalities where known."""
    places = _AREA_NAMES[0]() if _AREA_NAMES else ""
    return format_lazy("{} ({})", ORGANISATION, places) if places else ORGANISATION

SECURITY_MEASURES = [
    gettext_lazy("Encrypted connections only (HTTPS with HSTS) and a strict Content-Security-Policy."),
    gettext_lazy("Staff log in with a second factor; log-ins are locked for 15 minutes after 10 wrong passwords."),
    gettext_lazy("Least privilege: coordinators and finance staff see what their work needs; a firm sees only its "
                 "own redemptions; an applicant's signed link opens only their own application."),
    gettext_lazy("Invoices and cheques are private files, handed out only after a permission check."),
    gettext_lazy("Guessing cheque codes and requesting mails is limited per address and per recipient."),
    gettext_lazy("Every change is written to the audit log."),
    gettext_lazy("The retention schedule is applied every night (manage.py apply_retention)."),
    gettext_lazy("Nightly database backups, kept off the server (see the operating instructions in README)."),
]

PROCESSORS = gettext_lazy("The hosting provider of the server, the e-mail provider that delivers the mails and, "
                          "when switched on, the error monitoring service Sentry (sent without personal data).")
TRANSFERS = gettext_lazy("None: the portal and its data stay in the European Union.")


def register(request):
    """Admin page admin:privacy_register: one section per processing activity of the schedule."""
    return TemplateResponse(request, "admin/privacy/register.html", {
        **admin.site.each_context(request), "title": _("Register of processing activities (GDPR art. 30)"),
        "schedule": SCHEDULE, "controller": controller(), "contact": settings.CONTACT_EMAIL,
        "security_measures": SECURITY_MEASURES, "processors": PROCESSORS, "transfers": TRANSFERS,
        "cookies": cookies()})
