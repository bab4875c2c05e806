"""Users in the admin, with the firms they act for and, for staff, the regies they work for.

Each regie's staff see the firm users of their regie: the accounts acting for a firm it lists (all firm users while
the install serves one regie). They change those acting only for firms their regie alone lists; an account that also
acts for a firm another regie lists is the platform administrator's to change, as that firm is. They add a firm user
with the firm it acts for, in one step. Staff accounts are the platform administrator's."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from enterprises import services
from enterprises.models import FirmMembership, SocialEnterprise
from enterprises.selectors import firm_users_of, firm_users_only_of
from regie.accounts.languages import choose_language
from regie.accounts.two_factor_lock import unlock_second_factor
from regie.admin import AuditedModelAdmin, AuditEventInline
from regie.admin_site import AutocompleteFields, NamedInlineFields, PasswordHashWidget, ScopedThroughRelations
from regie.models import StaffMembership, UserProfile
from regie.regies.services import attach_to_the_only_regie
from regie.web.hosts import sees_shared_rows

User = get_user_model()


def firms_to_choose(request):
    """The firms the request's user may add a firm user to: on a regie's host, its firms; for its staff on an
    install of several regies, those it alone lists."""
    if request.user.is_superuser or sees_shared_rows(request):
        return SocialEnterprise.objects.of_regie(request.regie)
    return SocialEnterprise.objects.of_regie_alone(request.regie)


class FirmUserMembershipInline(NamedInlineFields, AutocompleteFields, admin.TabularInline):
    model = FirmMembership
    extra = 1
    autocomplete_fields = ["enterprise"]
    verbose_name = _("firm")
    verbose_name_plural = _("firms this user acts for")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":  # another regie's firm, or one several regies list, is not a valid choice
            kwargs["queryset"] = firms_to_choose(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        """A regie's staff read the user's memberships of their regie's firms, not which other firms it acts for."""
        memberships = super().get_queryset(request)
        if sees_shared_rows(request):
            return memberships
        return memberships.filter(enterprise__in=SocialEnterprise.objects.of_regie(request.regie))


class FirmUserCreationForm(UserAdmin.add_form):
    """A new account, with the firm it acts for (required of a regie's staff once the install has several regies:
    an account acting for none would belong to no regie)."""

    firm = forms.ModelChoiceField(SocialEnterprise.objects.none(), label=_("acts for the firm"), required=False,
                                  help_text=_("The social-economy firm this user redeems cheques for. More can be "
                                              "added on the next page."))


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
class PortalUserAdmin(ScopedThroughRelations, AuditedModelAdmin, UserAdmin):
    """Users, with the firms they act for (the module's docstring). Only superusers grant staff rights."""

    audit_prefix = "user"
    add_form = FirmUserCreationForm
    add_fieldsets = ((None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2",
                                                              "firm"]}),)
    inlines = [LanguageInline, FirmUserMembershipInline, AuditEventInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "firms"]
    list_filter = ["is_staff", "is_active", "groups", "firm_memberships__enterprise"]
    search_fields = ["username", "email", "first_name", "last_name", "firm_memberships__enterprise__name"]
    # Facts, not settings; and a time in the hour lived twice when the clocks go back could not be sent back
    # through the form unambiguously (saving a user who logged in then would fail).
    readonly_fields = ["last_login", "date_joined"]
    actions = ["unlock_codes"]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users.prefetch_related("firm_memberships__enterprise")
        if sees_shared_rows(request):  # an install of one regie: its staff manage every firm user, no staff account
            return users.filter(is_staff=False, is_superuser=False).prefetch_related("firm_memberships__enterprise")
        return users.filter(pk__in=firm_users_of(request.regie).values("pk")).prefetch_related(Prefetch(
            "firm_memberships", FirmMembership.objects.filter(  # the regie's firms only, not the others it acts for
                enterprise__in=SocialEnterprise.objects.of_regie(request.regie)).select_related("enterprise")))

    def get_search_fields(self, request):
        """Its staff find users by the names of their regie's firms only (the list shows no other firm)."""
        fields = super().get_search_fields(request)
        if sees_shared_rows(request):
            return fields
        return [field for field in fields if not field.startswith("firm_memberships__")]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if sees_shared_rows(request) or not search_term:
            return found, may_have_duplicates
        by_firm = queryset.filter(firm_memberships__enterprise__in=SocialEnterprise.objects.of_regie(
            request.regie).filter(name__icontains=search_term))
        return found | by_firm, True

    def has_change_permission(self, request, obj=None):
        """An account that also acts for a firm another regie lists is read, not changed, by a regie's staff."""
        if obj is not None and not self._changes(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._changes(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def _changes(request, obj) -> bool:
        return (request.user.is_superuser or sees_shared_rows(request)
                or firm_users_only_of(request.regie).filter(pk=obj.pk).exists())

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
        if "firm" in form.base_fields:
            form.base_fields["firm"].queryset = firms_to_choose(request)
            form.base_fields["firm"].required = not sees_shared_rows(request)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and form.cleaned_data.get("firm"):
            services.add_firm_user(enterprise=form.cleaned_data["firm"], user=form.instance, by=request.user)
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
        unlocked = [user for user in queryset if self._changes(request, user)
                    and unlock_second_factor(user=user, by=request.user)]
        if unlocked:
            self.message_user(request, _("Codes unlocked, they can be typed again now: %(users)s.")
                              % {"users": ", ".join(user.get_username() for user in unlocked)}, messages.SUCCESS)
        else:
            self.message_user(request, _("None of these users' codes were locked."), messages.WARNING)
