"""The partner portal's part about bringing them together: a firm's user registers for a meeting in one click
(from the partner home, whose box `home_box` fills), and sees the firm's introductions and marks what came of
each. A firm sees only its own firms' introductions; another's is as unknown as one that does not exist.

The one click posts a form (RegisterForm): the firm among the user's own (the first when none is posted) and
whether the firm's name may be shown to the other attendees after the meeting (only when ticked)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from enterprises.models import FirmListing, SocialEnterprise
from networking.exceptions import RegistrationRefused
from networking.links import registration_token
from networking.models import Audience, Introduction, IntroductionOutcome, Meeting, Registration
from networking.services.introductions import mark_outcome
from networking.services.registrations import register_firm_user

NOT_MEMBER = RegistrationRefused.messages["not_member"]
OUTCOMES = [(value, label) for value, label in IntroductionOutcome.choices if value != IntroductionOutcome.NEW]


class RegisterForm(forms.Form):
    firm = forms.ModelChoiceField(label=gettext_lazy("Enterprise"), queryset=SocialEnterprise.objects.none(),
                                  required=False, error_messages={"invalid_choice": NOT_MEMBER})
    listed = forms.BooleanField(
        label=gettext_lazy("Show our firm's name to the other attendees after the meeting"), required=False)

    def __init__(self, *args, user, regie, **kwargs):
        """The user's firms, the regie's listed ones first (one it does not list: the service says why)."""
        super().__init__(*args, **kwargs)
        firms = SocialEnterprise.objects.of_user(user)
        self.fields["firm"].queryset = firms.order_by(Exists(FirmListing.objects.filter(
            regie=regie, enterprise=OuterRef("pk"))).desc(), "name", "pk")

    def clean_firm(self):
        """The firm posted, else the user's first; a user of no firm cannot register for one."""
        firm = self.cleaned_data.get("firm") or self.fields["firm"].queryset.first()
        if firm is None:
            raise ValidationError(NOT_MEMBER, code="not_member")
        return firm


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("What came of it?"), choices=OUTCOMES,
                                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))


def home_box(user, firms, regie) -> dict:
    """For the partner home: the upcoming meetings open to firms (each with its places left, the user's active
    registration, if any, and its personal page's token) and the number of the firms' introductions not yet
    followed up."""
    now = timezone.now()
    active = Registration.objects.active().filter(user=user, meeting__ends_at__gte=now, meeting__regie=regie)
    mine = {r.meeting_id: r for r in active}
    meetings = list(Meeting.objects.published().filter(regie=regie).upcoming(now)
                    .exclude(audience=Audience.BUSINESSES).with_counts()
                    .filter(Q(registration_closes_at__gt=now) | Q(pk__in=list(mine))).order_by("starts_at")[:10])
    for meeting in meetings:
        meeting.places_left = max(0, meeting.capacity - meeting.registered_count)
        meeting.my_registration = mine.get(meeting.pk)
        meeting.my_token = registration_token(meeting.my_registration) if meeting.my_registration else ""
    new = Introduction.objects.visible().of_regie(regie).filter(enterprise__in=firms,
                                                                outcome=IntroductionOutcome.NEW).count()
    return {"firm_meetings": meetings, "new_introductions": new}


@require_POST
@login_required
def register(request, slug):
    """One click on the partner home: the user registers for their firm (the one posted, else their first)."""
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug, regie=request.regie)
    form = RegisterForm(request.POST, user=request.user, regie=request.regie)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("partner:home")
    try:
        registration = register_firm_user(meeting=meeting, user=request.user, enterprise=form.cleaned_data["firm"],
                                          listed=form.cleaned_data["listed"])
    except RegistrationRefused as refused:
        messages.error(request, refused.message)
    else:
        if registration.status == "waiting":
            messages.success(request, _("The meeting is full: you are on the waiting list. We mail you when a "
                                        "place frees up."))
        else:
            messages.success(request, _("You are registered. The confirmation with the calendar invitation is on "
                                        "its way to %(email)s.") % {"email": registration.email})
    return redirect("partner:home")


def _firm_introductions(user, regie):
    return (Introduction.objects.of_regie(regie).filter(enterprise__in=SocialEnterprise.objects.of_user(user))
            .select_related("enterprise", "registration__meeting").prefetch_related("categories"))


@login_required
def introductions(request):
    firms = SocialEnterprise.objects.of_user(request.user)
    if not firms.exists():
        return redirect("partner:home")
    return TemplateResponse(request, "networking/partner_introductions.html", {
        "introductions": _firm_introductions(request.user, request.regie).order_by("-created_at", "-id")[:500],
        "several_firms": firms.count() > 1})


@login_required
def introduction(request, public_id):
    introduction = _firm_introductions(request.user, request.regie).filter(public_id=public_id).first()
    if introduction is None:
        raise Http404
    form = OutcomeForm(request.POST or None, initial={"outcome": introduction.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            mark_outcome(introduction=introduction, outcome=form.cleaned_data["outcome"], by=request.user)
        except ValidationError as error:
            form.add_error("outcome", error.messages[0])
        else:
            messages.success(request, _("Thank you: what came of this introduction is noted."))
            return redirect("partner:introductions")
    return TemplateResponse(request, "networking/partner_introduction.html",
                            {"introduction": introduction, "form": form})
