"""The coordinator's admin for the region, categories, enterprises and firm users."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from enterprises.models import FirmMembership, Municipality, Postcode, ServiceCategory, SocialEnterprise
from regie.accounts.languages import choose_language
from regie.accounts.two_factor_lock import unlock_second_factor
from regie.admin import AuditedModelAdmin, AuditEventInline
from regie.admin_site import AutocompleteFields, NamedInlineFields, PasswordHashWidget
from regie.exports.lists import ExportMixin
from regie.models import StaffMembership, UserProfile
from regie.regies.services import attach_to_the_only_regie

User = get_user_model()


class PostcodeInline(NamedInlineFields, TranslationTabularInline):
    model = Postcode
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin, TranslationAdmin):
    list_display = ["name", "postcode_list", "enterprise_count", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "postcodes__code", "postcodes__place"]
    prepopulated_fields = {"slug": ["name_nl"]}
    inlines = [PostcodeInline, AuditEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("postcodes").annotate(
            n_enterprises=Count("postcodes__enterprises", distinct=True)
        )

    @admin.display(description=_("postcodes"))
    def postcode_list(self, obj):
        return ", ".join(sorted({p.code for p in obj.postcodes.all()}))

    @admin.display(description=_("enterprises"), ordering="n_enterprises")
    def enterprise_count(self, obj):
        return obj.n_enterprises


@admin.register(Postcode)
class PostcodeAdmin(AuditedModelAdmin, TranslationAdmin):
    list_display = ["code", "place", "municipality", "covered"]
    list_filter = ["covered", "municipality"]
    search_fields = ["code", "place"]
    list_select_related = ["municipality"]
    inlines = [AuditEventInline]


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(AuditedModelAdmin, TranslationAdmin):
    list_display = ["name", "slug", "enterprise_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name_nl"]}
    inlines = [AuditEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_enterprises=Count("enterprises"))

    @admin.display(description=_("enterprises"), ordering="n_enterprises")
    def enterprise_count(self, obj):
        return obj.n_enterprises


class FirmMembershipInline(NamedInlineFields, AutocompleteFields, admin.TabularInline):
    model = FirmMembership
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("user of this firm")
    verbose_name_plural = _("users of this firm")


class RecognitionFilter(admin.SimpleListFilter):
    title = _("recognition")
    parameter_name = "erkenning"

    def lookups(self, request, model_admin):
        return [("geldig", _("valid today")), ("verlopen", _("expired or missing"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "geldig":
            return queryset.filter(recognition_valid_until__gte=today)
        if self.value() == "verlopen":
            return queryset.exclude(recognition_valid_until__gte=today)
        return queryset


@admin.register(SocialEnterprise)
class SocialEnterpriseAdmin(AutocompleteFields, ExportMixin, AuditedModelAdmin, TranslationAdmin):
    audit_prefix = "enterprise"
    export_columns = [
        (_("name"), lambda e: e.name), (_("kind"), lambda e: e.get_kind_display()),
        (_("enterprise number"), lambda e: e.enterprise_number_display),
        (_("street"), lambda e: e.street), (_("postcode"), lambda e: e.postcode.code if e.postcode else ""),
        (_("municipality"), lambda e: e.postcode.municipality.name if e.postcode else ""),
        (_("e-mail"), lambda e: e.email), (_("phone"), lambda e: e.phone), (_("website"), lambda e: e.website),
        (_("service categories"), lambda e: ", ".join(c.name for c in e.categories.all())),
        (_("recognition valid until"), lambda e: e.recognition_valid_until),
        (_("published"), lambda e: e.is_published), (_("accepts cheques"), lambda e: e.accepts_cheques),
        (_("also serves private households"), lambda e: e.serves_households),
    ]
    list_display = ["name", "kind", "municipality_name", "enterprise_number_display", "recognition_valid_until",
                    "is_published", "accepts_cheques"]
    list_filter = ["is_published", "accepts_cheques", "serves_households", "kind", "postcode__municipality",
                   "categories", RecognitionFilter, "is_demo"]
    search_fields = ["name", "enterprise_number", "email", "postcode__code", "postcode__place"]
    list_select_related = ["postcode__municipality"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["postcode"]
    filter_horizontal = ["categories"]
    inlines = [FirmMembershipInline, AuditEventInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "enterprise_number", "kind", "is_published", "accepts_cheques",
                           "serves_households"]}),
        (_("Recognition"), {"fields": ["recognition_reference", "recognition_valid_until"]}),
        (_("Address and contact"), {"fields": ["street", "postcode", "website", "email", "phone"]}),
        (_("Catalogue profile"), {"fields": ["summary", "description", "services", "categories", "logo"]}),
        (_("Payouts"), {"fields": ["iban"]}),
    ]

    @admin.display(description=_("municipality"), ordering="postcode__municipality__name")
    def municipality_name(self, obj):
        return obj.postcode.municipality.name

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def enterprise_number_display(self, obj):
        return obj.enterprise_number_display


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
