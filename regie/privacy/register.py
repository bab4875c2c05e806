"""The register of processing activities (GDPR art. 30) in the admin, made from the retention schedule."""
from collections.abc import Callable

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _, gettext_lazy

from regie.models import Regie
from regie.privacy.cookies import cookies
from regie.privacy.schedule import SCHEDULE

# How to name the regie's municipalities ("A · B · C"): the data is the enterprises app's, which registers it
# from its AppConfig.ready (regie imports no app).
_AREA_NAMES: list[Callable[[Regie], str]] = []


def register_area_names(names: Callable[[Regie], str]) -> None:
    _AREA_NAMES[:] = [names]


def organisation(regie: Regie) -> str:
    """The controller: the regie as the public knows it (in the active language), with its legal name where that
    differs, as its row has them."""
    name = str(regie.name)
    return name if regie.legal_name in ("", name) else f"{name} ({regie.legal_name})"


def controller(regie: Regie) -> str:
    """The controller as the register names it: the regie, with its municipalities where known."""
    places = _AREA_NAMES[0](regie) if _AREA_NAMES else ""
    return f"{organisation(regie)} – {places}" if places else organisation(regie)


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
    """Admin page admin:privacy_register: one section per processing activity of the schedule, for the regie whose
    host the admin is on (its name, its contact address)."""
    regie = getattr(request, "regie", None)
    if regie is None:
        raise Http404
    return TemplateResponse(request, "admin/privacy/register.html", {
        **admin.site.each_context(request), "title": _("Register of processing activities (GDPR art. 30)"),
        "schedule": SCHEDULE, "controller": controller(regie), "contact": regie.contact_email,
        "security_measures": SECURITY_MEASURES, "processors": PROCESSORS, "transfers": TRANSFERS,
        "cookies": cookies()})
