"""The audit log in the admin: read-only, on its own page and beside every audited object; the outbox, the
scheduled commands' runs and django-axes' refused log-ins."""
from typing import cast

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext

from regie.accounts.language_views import my_language
from regie.accounts.locked_codes import locked_codes
from regie.admin_site import PortalAdminSite
from regie.audit import record
from regie.mail import outbox
from regie.models import AuditEvent, CommandRun, MailStatus, OutgoingMail


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "actor", "content_type"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor__username", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]
    readonly_fields = ["created_at", "actor", "address", "action", "content_type", "object_id", "object_repr",
                       "data"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups


class AuditEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The object's history, newest first, on its change page."""

    model = AuditEvent
    ct_field = "content_type"
    ct_fk_field = "object_id"
    readonly_fields = ["created_at", "action", "actor", "data"]
    fields = tuple(readonly_fields)  # a tuple: django-stubs types `fields` as a sequence of names or groups
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("audit log")
    classes = ["collapse"]


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin whose additions, changes and deletions also land in the audit log."""

    audit_prefix: str | None = None  # e.g. "enterprise" gives enterprise.created / .changed / .deleted

    def _audit_action(self, verb):
        return f"{self.audit_prefix or self.model._meta.model_name}.{verb}"

    def log_addition(self, request, obj, message):
        record(request.user, self._audit_action("created"), obj, {"via": "admin"})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(request.user, self._audit_action("changed"), obj, {"via": "admin", "changes": message})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record(request.user, self._audit_action("deleted"), obj, {"via": "admin"})
        return super().log_deletions(request, queryset)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: what was sent, what waits for a retry, what failed (with "send again").

    The message itself is not shown: it may hold personal links."""

    list_display = ["created_at", "status", "subject", "to", "attempts", "next_attempt_at", "sent_at"]
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


@admin.register(CommandRun)
class CommandRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    readonly_fields = ["name", "last_success_at", "summary"]
    fields = tuple(readonly_fields)  # a tuple: see AuditEventAdmin
    list_display = tuple(readonly_fields)  # its own tuple: mypy types the two attributes apart


portal_site = cast(PortalAdminSite, admin.site)  # regie.apps.PortalAdminConfig makes it the default site
# each staff member's language (regie.accounts.languages)
portal_site.register_view("mijn-taal/", my_language, "my_language")
portal_site.register_view("geblokkeerde-codes/", locked_codes, "locked_codes")  # second factors locked by wrong codes


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """django-axes' refused log-ins. Its "clean up" action reads the time axes sets only while someone logs in
    (django-axes 8.3 answers 500 without it): the action gives it the time of the request."""

    @admin.action(description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)
