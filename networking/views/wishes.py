"""The after-meeting wishes page, reached by the signed link of the mail (no password): an attendee ticks the
other attendees' companies they would like to meet again; mutual wishes become introductions."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from networking import links
from networking.services.wishes import candidates, check_may_wish, record_wishes, wishes_close_at, wishes_made
from networking.wish_forms import WishForm

TEMPLATE = "networking/wishes.html"


def wishes(request, token):
    registration = links.registration_for_token(token, regie=request.regie)
    if registration is None:  # tampered with, expired or erased
        return TemplateResponse(request, TEMPLATE, {"invalid_link": True}, status=410)
    context = {"registration": registration, "meeting": registration.meeting, "made": wishes_made(registration),
               "closes_at": wishes_close_at(registration.meeting)}
    try:
        check_may_wish(registration)
    except ValidationError as problem:
        status = 403 if problem.code == "not_attended" else 200
        return TemplateResponse(request, TEMPLATE, {**context, "problem": problem.message}, status=status)
    already = [other.pk for other, _mutual in context["made"]]
    context["has_candidates"] = candidates(registration).exists()
    data = request.POST if request.method == "POST" else None
    form = WishForm(data, choices=candidates(registration).exclude(pk__in=already))
    if request.method == "POST" and form.is_valid():
        try:
            record_wishes(registration=registration, wished=form.cleaned_data["wished"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            _thank(request, before=context["made"], after=wishes_made(registration))
            return redirect(request.path)
    return TemplateResponse(request, TEMPLATE, {**context, "form": form}, status=400 if form.errors else 200)


def _thank(request, *, before, after):
    mutual = sum(is_mutual for _other, is_mutual in after) - sum(is_mutual for _other, is_mutual in before)
    if mutual:
        messages.success(request, ngettext(
            "Thank you. One of them would like to meet you again too: we put you in touch with each other.",
            "Thank you. %(count)d of them would like to meet you again too: we put you in touch with each other.",
            mutual) % {"count": mutual})
    else:
        messages.success(request, ngettext(
            "Thank you: your wish is noted. If they wish the same, we put you in touch with each other.",
            "Thank you: your wishes are noted. If they wish the same, we put you in touch with each other.",
            len(after) - len(before)))
