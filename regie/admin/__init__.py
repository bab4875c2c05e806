"""regie's admin: the audit log (regie/admin/audit.py), the regies with their host names for platform administrators
(regie/admin/regies.py); the outbox, the background work that failed (with "try again"), the scheduled commands'
runs and django-axes' refused log-ins."""
from typing import cast

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.attempts import get_cool_off_threshold
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from regie.accounts.groups import COORDINATORS, FINANCE, grant
from regie.accounts.language_views import my_language
from regie.accounts.locked_codes import helped_accounts, locked_codes
from regie.admin.audit import AuditedModelAdmin, AuditEventAdmin, AuditEventInline, ReadOnlyAdminMixin
from regie.admin.regies import RegieAdmin, RegieHostInline, my_regies
from regie.admin_site import PortalAdminSite, RegieScopedAdmin, ScopedThroughRelations
from regie.mail import outbox
from regie.models import BackgroundJob, CommandRun, JobStatus, MailStatus, OutgoingMail
from regie.ops import background
from regie.privacy import schedule
from regie.privacy.periods import Period
from regie.web.hosts import sees_shared_rows

__all__ = ["AuditEventAdmin", "AuditEventInline", "AuditedModelAdmin", "ReadOnlyAdminMixin", "RegieAdmin",
           "RegieHostInline"]  # what the apps' admins import from here; importing registers them


@admin.register(OutgoingMail)
class OutgoingMailAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The host's regie's outbox: what was sent, what waits for a retry, what failed (with "send again"); a platform
    administrator also reads the platform's own mails (of no regie).

    The message itself is not shown: it may hold personal links."""

    platform_rows = True

    list_display = ["created_at", "status", "subject", "to", "attempts", "next_attempt_at", "sent_at"]
    list_select_related = ["regie"]  # its column, for platform administrators (RegieScopedAdmin.platform_rows)
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "status", "sender", "recipients", "subject", "attempts", "next_attempt_at",
                       "sent_at", "last_error"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    actions = ["send_again"]

    @admin.display(description=_("to"))
    def to(self, mail):
        return ", ".join(mail.recipients)

    def has_send_permission(self, request):
        return request.user.has_perm("regie.change_outgoingmail")

    @admin.action(description=_("Send again"), permissions=["send"])
    def send_again(self, request, queryset):
        mails = [outbox.send_again(mail=mail, by=request.user) for mail in queryset.exclude(status=MailStatus.SENT)]
        self.message_user(request, ngettext("%d mail queued again.", "%d mails queued again.", len(mails))
                          % len(mails), messages.SUCCESS)


SET_ASIDE_FROM = (JobStatus.FAILED, JobStatus.WAITING)


class SetAsideForm(forms.ModelForm):
    """A failed job set aside: what was done by hand instead (required)."""

    class Meta:
        model = BackgroundJob
        fields = ["handled_note"]

    def clean_handled_note(self):
        note = self.cleaned_data["handled_note"].strip()
        if not note and self.instance.status in SET_ASIDE_FROM:
            raise forms.ValidationError(_("Say what was done by hand instead."))
        return note


@admin.register(BackgroundJob)
class BackgroundJobAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The host's regie's background work that failed: what, for which object, the error, the tries; "try again"
    (regie/ops/background.py), or set aside as handled by hand (the only field that can be changed, while the job
    failed or waits). The arguments are ids and the task's own words (a mail's kind): no content. A platform
    administrator also reads the platform's own (of no regie)."""

    platform_rows = True

    form = SetAsideForm
    list_display = ["created_at", "status", "what", "about", "attempts", "last_try_at", "next_try_at"]
    list_filter = ["status"]
    search_fields = ["task", "object_repr", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = ["what", "about", "status", "attempts", "created_at", "last_try_at", "next_try_at",
                       "resolved_at", "last_error", "task", "args", "kwargs"]
    fields = (*readonly_fields, "handled_note")  # a tuple: django-stubs types `fields` as names or groups

    def has_change_permission(self, request, obj=None):
        return self.has_retry_permission(request) and (obj is None or obj.status in SET_ASIDE_FROM)

    def get_readonly_fields(self, request, obj=None):
        editable = obj is not None and self.has_change_permission(request, obj)
        return self.readonly_fields if editable else [*self.readonly_fields, "handled_note"]

    def save_model(self, request, obj, form, change):
        background.set_aside(job=obj, by=request.user, note=form.cleaned_data["handled_note"])
    list_select_related = ["content_type", "regie"]
    actions = ["try_again"]

    @admin.display(description=_("what"))
    def what(self, job):
        return background.title(job)

    @admin.display(description=_("for"))
    def about(self, job):
        if job.content_type is None:
            return job.object_repr or "-"
        try:
            url = reverse(f"admin:{job.content_type.app_label}_{job.content_type.model}_change", args=[job.object_id])
        except NoReverseMatch:
            return job.object_repr
        return format_html('<a href="{}">{}</a>', url, job.object_repr)

    def has_retry_permission(self, request):
        return request.user.has_perm("regie.retry_backgroundjob")

    @admin.action(description=_("Try again"), permissions=["retry"])
    def try_again(self, request, queryset):
        jobs = [background.try_again(job=job, by=request.user) for job in queryset.exclude(status=JobStatus.DONE)]
        self.message_user(request, ngettext("%d task started again.", "%d tasks started again.", len(jobs))
                          % len(jobs), messages.SUCCESS)


@admin.register(CommandRun)
class CommandRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    readonly_fields = ["name", "last_success_at", "summary"]
    fields = tuple(readonly_fields)  # a tuple: see AuditEventAdmin
    list_display = tuple(readonly_fields)  # its own tuple: mypy types the two attributes apart


portal_site = cast(PortalAdminSite, admin.site)  # regie.apps.PortalAdminConfig makes it the default site
# each staff member's language (regie.accounts.languages)
portal_site.register_view("mijn-taal/", my_language, "my_language")
portal_site.register_view("geblokkeerde-codes/", locked_codes, "locked_codes")  # second factors locked by wrong codes
portal_site.register_view("mijn-regies/", my_regies, "my_regies")  # the regies one works for, a link to each


admin.site.unregister(AccessAttempt)


def _register_background_work():
    """Who sees the background work that failed (coordinators and finance, with "try again"), and how long it is
    kept: regie's registries. (Here because regie.ops may not import regie.privacy.)"""
    grant(COORDINATORS, ["regie.view_backgroundjob", "regie.retry_backgroundjob"])
    grant(FINANCE, ["regie.view_backgroundjob", "regie.retry_backgroundjob"])
    schedule.register([schedule.Retention(
        "background_jobs", _("Background work that failed"),
        _("Which background task failed (a mail or a cheque PDF), for which application, cheque, redemption or "
          "payment, with the error message and its tries."),
        _("Businesses with an application or a cheque; social-economy firms."),
        _("Retrying the work until it succeeds, and showing the staff what could not be done."), schedule.PUBLIC_TASK,
        _("The coordinator and the finance staff."),
        Period(days=90), _("the day the work succeeded, or its last try"), schedule.Then.DELETE, _("Deleted."),
        ("regie.BackgroundJob",), command=background.COMMAND)])


_register_background_work()


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ScopedThroughRelations, AxesAccessAttemptAdmin):
    """django-axes' refused log-ins; deleting an account's attempts lifts its lock. Once the install serves several
    regies, a regie's staff see and delete those of the accounts whose second-factor locks they lift
    (regie.accounts.locked_codes.helped_accounts: their colleagues, the users of the firms their regie alone lists),
    matched by username as django-axes stores it (as typed, and as Django finds the account: case counts); the
    attempts for any other username, known or not, are the platform administrator's.

    Its "clean up" action deletes the expired attempts among those (django-axes' own deletes every expired attempt
    of the install, which stays the platform administrator's), and gives django-axes the time of the request, which
    it reads only while someone logs in (django-axes 8.3 answers 500 without it)."""

    def get_queryset(self, request):
        attempts = super().get_queryset(request)
        if sees_shared_rows(request):
            return attempts
        if not hasattr(request, "_attempts_helped"):  # asked once per request (the list, its counts, an action)
            named = get_user_model().objects.filter(username__in=attempts.values("username"))
            accounts = helped_accounts(request, named)
            request._attempts_helped = list(accounts.values_list("username", flat=True))
        return attempts.filter(username__in=request._attempts_helped)

    @admin.action(description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        if sees_shared_rows(request):
            return super().cleanup_expired_attempts(request, queryset)
        expired = Q(attempt_time__lte=get_cool_off_threshold(request))
        if axes_settings.AXES_USE_ATTEMPT_EXPIRATION:  # as django-axes cleans up (off here)
            expired = Q(expiration__expires_at__lte=request.axes_attempt_time)
        count = self.get_queryset(request).filter(expired).delete()[0]
        self.message_user(request, ngettext("%d expired log-in attempt deleted.", "%d expired log-in attempts deleted.",
                                            count) % count, messages.SUCCESS)
        return None
