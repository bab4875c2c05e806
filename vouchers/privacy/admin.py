"""Admin pages for a business's personal data (type its enterprise number, or the e-mail address of a business
that only registered for networking moments without one): what is kept, export (JSON, PDF), correct the
application's contact details, erase on request; and the register of processing activities.

Each regie is the controller of what its calls and meetings keep: on a regie's host its staff look up, export and
erase that regie's data of the business only, and a business only another regie knows is unknown to them (in the
same words as one nobody knows). A platform administrator, on any regie's host (a platform host has no admin), sees
every regie's rows: a request addressed to one regie is answered for that regie by choosing it (`?regie=<id>`, kept
through the export, correction and erasure), or for every regie at once (each named as the controller of what it
keeps). The staff of an install of one regie answer for the whole install, whose data are theirs."""
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _, gettext_lazy

from networking.privacy.business import registrations_of
from regie.admin_site import PortalAdminSite
from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number
from regie.privacy.register import register
from regie.privacy.schedule import entry
from regie.web.hosts import sees_shared_rows, several_regies
from vouchers.exceptions import TransitionError
from vouchers.models import Application
from vouchers.privacy.correction import CorrectionForm, correct_application
from vouchers.privacy.erasure import (
    ErasureRefused,
    UnknownBusiness,
    applications_of,
    business_number,
    erase_personal_data,
    is_address,
    kept_of,
    networking_business,
    open_matters,
)
from vouchers.privacy.export import business_language, export_personal_data
from vouchers.privacy.scope import chosen_regie, regie_field

PERMISSION = "vouchers.erase_personal_data"
EXPORT_LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]  # each in its own language


class LookupForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Enterprise number or e-mail address"), max_length=254,
                             help_text=gettext_lazy("Any notation, e.g. 0403.170.701 or BE0403170701; the e-mail "
                                                    "address finds a business that registered for a networking "
                                                    "moment without one."))

    def __init__(self, *args, chooses=False, **kwargs):
        super().__init__(*args, **kwargs)
        if chooses:  # a platform administrator: whose data (vouchers/privacy/scope.py)
            self.fields["regie"] = regie_field()


class EraseForm(forms.Form):
    number = forms.CharField(widget=forms.HiddenInput)
    confirmation = forms.CharField(label=gettext_lazy("Type the enterprise number again to confirm"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if is_address(self.initial.get("number") or self.data.get("number") or ""):
            self.fields["confirmation"].label = _("Type the e-mail address again to confirm")

    def clean_confirmation(self):
        typed, number = (_normalised(self.cleaned_data["confirmation"]), _normalised(self.data.get("number")))
        if typed is None or typed != number:
            raise ValidationError(_("This is not the same enterprise number: nothing was erased."), code="mismatch")
        return typed


def _normalised(text):
    """An enterprise number in any notation, or an e-mail address (any case), as business_number keys them."""
    if "@" in (text or ""):
        return text.strip().lower()
    try:
        return normalize_enterprise_number(text)
    except ValidationError:
        return None


def _allowed(request):
    """Staff with the permission (the admin lets only the host's regie's staff and platform administrators in)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _chooses(request):
    """Whether the user chooses whose data the pages answer for: a platform administrator once the install serves
    several regies."""
    return request.user.is_superuser and several_regies(request)


def _regie(request, data=None):
    """Whose data the pages show and touch: the host's regie's, for its staff once the install serves several
    regies (a `regie` they send is not theirs to choose: ignored); for a platform administrator, the regie chosen in
    `data` (`regie`: its id) or, none chosen, every regie's (None: each named as the controller of what it keeps);
    the whole install's (None) for the staff of an install of one regie (nothing changes for them: also the
    platform's own mails that name the business are theirs to erase). ValidationError for the id of no regie."""
    if not sees_shared_rows(request):
        return request.regie
    return chosen_regie((data or {}).get("regie")) if _chooses(request) else None


def _chosen(request, data):
    """The regie a platform administrator chose (kept in the pages' links and forms), None otherwise or for a
    choice of no regie (the page then answers for every regie, as the look-up form says)."""
    try:
        return _regie(request, data) if _chooses(request) else None
    except ValidationError:
        return None


def _page(request, template, title, **context):
    return TemplateResponse(request, f"admin/privacy/{template}", {
        **admin.site.each_context(request), "title": title, **context})


def _here(number=None, chosen=None):
    """The look-up page (of the business), for the regie a platform administrator chose."""
    query = ({"number": format_enterprise_number(number)} if number else {}) | ({"regie": chosen.pk} if chosen else {})
    return f"{reverse('admin:personal_data')}?{urlencode(query)}" if query else reverse("admin:personal_data")


def personal_data(request):
    _allowed(request)
    chooses = _chooses(request)
    form = LookupForm(request.GET if "number" in request.GET else None, chooses=chooses,
                      initial={"regie": request.GET.get("regie")})
    context = {"form": form, "export_languages": EXPORT_LANGUAGES}
    if form.is_bound and form.is_valid():
        regie = form.cleaned_data.get("regie") if chooses else _regie(request)
        context["chosen"] = regie if chooses else None  # kept in the links and forms below
        try:
            number = business_number(form.cleaned_data["number"], regie=regie)
        except UnknownBusiness as error:
            form.add_error("number", str(error))
        else:
            context.update(_business(number, regie))
            context["show_regie"] = regie is None and several_regies(request)  # whose is which
            context["host_regie_id"] = request.regie.pk  # corrected on its own regie's host (correct())
    return _page(request, "personal_data.html", _("Personal data of a business"), **context)


def _business(number, regie):
    """What the page shows of the business (of `regie`; None: of the whole install): its applications, its
    registrations for networking moments, what is still open, what an erasure keeps."""
    applications = applications_of(number, regie=regie).select_related(
        "call__regie", "municipality", "voucher").order_by("submitted_at")
    registrations = registrations_of(networking_business(number, regie=regie)).select_related(
        "meeting__regie").order_by("created_at")
    erased = not applications.filter(anonymised_at=None).exists() and not registrations.filter(
        anonymised_at=None).exists()
    return {"number": number, "number_display": format_enterprise_number(number), "by_address": is_address(number),
            "open_matters": open_matters(number, regie=regie), "erase_form": EraseForm(initial={"number": number}),
            "business_language": business_language(number, regie=regie), "kept": kept_of(number, regie=regie),
            "kept_rule": entry("kept_after_erasure"), "applications": applications, "registrations": registrations,
            "all_erased": erased}


def export(request):
    _allowed(request)
    file_format = "pdf" if request.GET.get("format") == "pdf" else "json"
    language = request.GET.get("language") if request.GET.get("language") in ("nl", "fr", "en") else None
    try:
        regie = _regie(request, request.GET)
        content, filename = export_personal_data(enterprise_number=request.GET.get("number", ""),
                                                 file_format=file_format, language=language, by=request.user,
                                                 regie=regie)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("admin:personal_data")
    except UnknownBusiness as error:
        messages.error(request, str(error))
        return redirect(_here(chosen=_chosen(request, request.GET)))
    response = HttpResponse(content, content_type="application/pdf" if file_format == "pdf" else "application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def correct(request, pk):
    _allowed(request)
    application = get_object_or_404(Application.objects.of_regie(request.regie), pk=pk)  # the host's regie's
    form = CorrectionForm(request.POST or None, instance=application)
    back = _here(application.enterprise_number, _chosen(request, request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            changed = correct_application(application=application, changes=form.cleaned_data, by=request.user)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            labels = ", ".join(str(Application._meta.get_field(name).verbose_name) for name in changed)
            messages.success(request, _("Corrected: %(fields)s.") % {"fields": labels} if changed
                             else _("Nothing was changed."))
        return redirect(back)
    return _page(request, "correct.html", _("Correct the details of %(company)s") % {
        "company": application.company_name}, form=form, application=application, back=back)


def erase(request):
    _allowed(request)
    if request.method != "POST":
        return redirect("admin:personal_data")
    form = EraseForm(request.POST)
    number, chosen = request.POST.get("number", ""), _chosen(request, request.POST)
    try:
        regie = _regie(request, request.POST)
    except ValidationError as invalid:
        messages.error(request, invalid.messages[0])
        return redirect(_here(number))
    if not form.is_valid():
        for error in form.errors.get("confirmation", []):
            messages.error(request, error)
        return redirect(_here(number, chosen))
    try:
        result = erase_personal_data(enterprise_number=number, by=request.user, regie=regie)
    except (UnknownBusiness, ErasureRefused) as error:
        messages.error(request, str(error))
        return redirect(_here(number, chosen))
    messages.success(request, _erased(number, result, regie))
    return redirect(_here(number if applications_of(number, regie=regie).exists() else None, chosen))


def _erased(number, result, regie):
    """What was erased, and what the accounts and the record of state aid keep, until when."""
    text = _("The personal data of %(number)s are erased: %(applications)d application(s) anonymised, %(deleted)d "
             "deleted, %(mails)d e-mail(s) deleted.") % {
        "number": format_enterprise_number(number), "applications": result.applications,
        "deleted": result.deleted_applications, "mails": result.mails}
    registrations, introductions = result.registrations, result.introductions
    if registrations or introductions:
        text += " " + _("Anonymised as well: %(registrations)d registration(s) for networking moments and "
                        "%(introductions)d introduction(s).") % {
            "registrations": registrations, "introductions": introductions}
    kept = kept_of(number, regie=regie)
    if kept.until:
        text += " " + _("Kept for the accounts and the record of state aid (GDPR art. 6.1(c)): the enterprise number "
                        "and %(invoices)d invoice(s), until %(date)s.") % {
            "invoices": len(kept.invoices), "date": formats.date_format(kept.until, "SHORT_DATE_FORMAT")}
    return text


site = cast(PortalAdminSite, admin.site)  # the project's site: regie.apps sets it as the default
site.register_view("persoonsgegevens/", personal_data, "personal_data")
site.register_view("persoonsgegevens/export/", export, "personal_data_export")
site.register_view("persoonsgegevens/aanvraag/<int:pk>/verbeteren/", correct, "personal_data_correct")
site.register_view("persoonsgegevens/wissen/", erase, "personal_data_erase")
site.register_view("verwerkingsregister/", register, "privacy_register")
