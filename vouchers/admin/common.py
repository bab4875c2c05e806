"""What the vouchers admin pages share: actions that ask for a reason, money formatting."""
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html

from vouchers.exceptions import TransitionError


def euro(amount):
    return number_format(amount, 2, force_grouping=True)


def form_action(request, queryset, *, title, form_class, apply, action_name):
    """Ask for a reason (or a date) on an intermediate page, then `apply(cleaned_data)` to the selection."""
    form = form_class(request.POST if "confirmed" in request.POST else None)
    if form.is_bound and form.is_valid():
        return apply(form.cleaned_data)
    return TemplateResponse(request, "admin/vouchers/reason_form.html", {
        **admin.site.each_context(request), "title": title, "form": form, "objects": queryset, "action": action_name,
        "opts": queryset.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


def each(model_admin, request, queryset, change, done):
    """Apply `change` to each object; report what could not be changed and how many were."""
    succeeded = 0
    for obj in queryset:
        try:
            change(obj)
            succeeded += 1
        except TransitionError as error:
            model_admin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
    if succeeded:
        model_admin.message_user(request, f"{succeeded} × {done}", messages.SUCCESS)


ALARMING = {"contested", "failed"}


def status_badge(obj, field="status"):
    """The status as a readable coloured badge (admin.css: .badge.status-<value>); ⚠ where action is due."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    sign = "⚠ " if value in ALARMING else ""
    return format_html('<span class="badge status-{}">{}{}</span>', value, sign, label)


def short_date(moment):
    """dd/mm/yyyy in Brussels, for narrow list columns."""
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT") if moment else "–"
