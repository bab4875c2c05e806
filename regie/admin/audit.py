"""The audit log in the admin: read-only, on its own page and beside every audited object (AuditEventInline); the
admin classes whose writes land in it (AuditedModelAdmin)."""
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.admin_site import RegieScopedAdmin
from regie.audit import record
from regie.models import AuditEvent


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(RegieScopedAdmin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The host's regie's audit log; a platform administrator also reads the platform's own events (of no regie)."""

    platform_rows = True
    list_display = ["created_at", "action", "object_repr", "actor", "content_type"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor__username", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type", "regie"]
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

    def get_queryset(self, request):
        """A regie's staff read the events of their own regie's staff, of platform administrators, of firm users and
        of the system, not what another regie's staff did on a row they share (a firm, a postcode); platform
        administrators read all."""
        events = super().get_queryset(request)
        if request.user.is_superuser:
            return events
        return events.filter(Q(actor=None) | Q(actor__is_staff=False) | Q(actor__is_superuser=True)
                             | Q(actor__regie_memberships__regie=getattr(request, "regie", None)))


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
