"""Users in the admin, with the firms they act for and, for staff, the regies they work for."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from enterprises.models import FirmMembership
from regie.accounts.languages import choose_language
from regie.accounts.two_factor_lock import unlock_second_factor
from regie.admin import AuditedModelAdmin, AuditEventInline
from regie.admin_site import AutocompleteFields, NamedInlineFields, PasswordHashWidget
from regie.models import StaffMembership, UserProfile
from regie.regies.services import attach_to_the_only_regie

User = get_user_model()


class FirmUserMembershipInline(NamedInlineFields, AutocompleteFields, admin.TabularInline):
    model = FirmMembership
    extra = 1
    autocomplete_fields = ["enterprise"]
    verbose_name = _("firm")
    verbose_name_plural = _("firms this user acts for")


class StaffMembershipInline(NamedInlineFields, admin.TabularInline):
    """The regies a staff user works for: their admin, on each regie's host, shows that regie's rows. Platform
    administrators (superusers) set them; a change is in the user's audit record."""

    model = StaffMembership
    fields = ["regie"]
    extra = 1
    verbose_name = _("regie")
    verbose_name_plural = _("works for the regies")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class LanguageInline(admin.StackedInline):
    """The user's language (mails, admin pages); whoever may change the user may change it."""

    model = UserProfile
    fields = ["language"]
    extra, max_num, can_delete = 1, 1, False
    verbose_name = verbose_name_plural = _("language of mails and admin pages")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("auth.view_user")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("auth.change_user")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("auth.change_user")


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(AuditedModelAdmin, UserAdmin):
    """Users, with the firms they act for. Only superusers grant staff rights."""

    audit_prefix = "user"
    inlines = [LanguageInline, FirmUserMembershipInline, AuditEventInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "firms"]
    list_filter = ["is_staff", "is_active", "groups", "firm_memberships__enterprise"]
    search_fields = ["username", "email", "first_name", "last_name", "firm_memberships__enterprise__name"]
    # Facts, not settings; and a time in the hour lived twice when the clocks go back could not be sent back
    # through the form unambiguously (saving a user who logged in then would fail).
    readonly_fields = ["last_login", "date_joined"]
    actions = ["unlock_codes"]

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("firm_memberships__enterprise")
        if not request.user.is_superuser:  # a coordinator manages firm users, not staff accounts
            users = users.filter(is_staff=False, is_superuser=False)
        return users

    @admin.display(description=_("firms"))
    def firms(self, obj):
        return ", ".join(m.enterprise.name for m in obj.firm_memberships.all())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [fs for fs in fieldsets if "is_superuser" not in fs[1]["fields"]] + [
            (_("Status"), {"fields": ["is_active"]})
        ]

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [StaffMembershipInline, *self.inlines] if obj.is_staff and not obj.is_superuser else self.inlines

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "password" in form.base_fields:
            form.base_fields["password"].widget = PasswordHashWidget()
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        attach_to_the_only_regie(by=request.user, user=form.instance)  # an install of one regie: no choice to make

    def save_formset(self, request, form, formset, change):
        if formset.model is not UserProfile:
            return super().save_formset(request, form, formset, change)
        for profile in formset.save(commit=False):  # the language changes through its service (audited)
            choose_language(user=form.instance, language=profile.language, by=request.user)
        return None

    @admin.action(description=_("Unlock the second-factor codes (after too many wrong codes)"),
                  permissions=["change"])
    def unlock_codes(self, request, queryset):
        unlocked = [user for user in queryset if unlock_second_factor(user=user, by=request.user)]
        if unlocked:
            self.message_user(request, _("Codes unlocked, they can be typed again now: %(users)s.")
                              % {"users": ", ".join(user.get_username() for user in unlocked)}, messages.SUCCESS)
        else:
            self.message_user(request, _("None of these users' codes were locked."), messages.WARNING)
