"""The coordinator's admin for the region, categories, enterprises (listed by the host's regie) and firm users."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from enterprises import services
from enterprises.models import (
    FirmListing,
    FirmMembership,
    Municipality,
    Postcode,
    ServiceCategory,
    SocialEnterprise,
    categories_of,
)
from enterprises.selectors import firm_users_only_of
from regie.admin import AuditedModelAdmin, AuditEventInline
from regie.admin_site import AutocompleteFields, NamedInlineFields, RegieScopedAdmin, SharedByEveryRegie
from regie.exports.lists import ExportMixin
from regie.web.hosts import sees_shared_rows


class BelgiumsGeography(SharedByEveryRegie):
    """Municipalities and postcodes are Belgium's, shared by every regie (each regie's area is its own: area.py). Every
    regie's staff read them (the choices of a firm's postcode) and add one, which changes no other regie; once an
    install serves several regies, only platform administrators change or delete one."""

    def has_module_permission(self, request):
        return super(SharedByEveryRegie, self).has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return super(SharedByEveryRegie, self).has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return super(SharedByEveryRegie, self).has_add_permission(request, *args)


class PostcodeInline(NamedInlineFields, TranslationTabularInline):
    model = Postcode
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(BelgiumsGeography, AuditedModelAdmin, TranslationAdmin):
    list_display = ["name", "postcode_list", "enterprise_count", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "postcodes__code", "postcodes__place"]
    prepopulated_fields = {"slug": ["name_nl"]}
    inlines = [PostcodeInline, AuditEventInline]

    def get_queryset(self, request):
        """With the number of the host regie's firms in each (another regie's are not counted here)."""
        listed = Q(postcodes__enterprises__listings__regie=getattr(request, "regie", None))
        return super().get_queryset(request).prefetch_related("postcodes").annotate(
            n_enterprises=Count("postcodes__enterprises", filter=listed, distinct=True)
        )

    @admin.display(description=_("postcodes"))
    def postcode_list(self, obj):
        return ", ".join(sorted({p.code for p in obj.postcodes.all()}))

    @admin.display(description=_("enterprises"), ordering="n_enterprises")
    def enterprise_count(self, obj):
        return obj.n_enterprises


@admin.register(Postcode)
class PostcodeAdmin(BelgiumsGeography, AuditedModelAdmin, TranslationAdmin):
    list_display = ["code", "place", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["code", "place"]
    list_select_related = ["municipality"]
    inlines = [AuditEventInline]


class FirmMembershipInline(NamedInlineFields, AutocompleteFields, admin.TabularInline):
    model = FirmMembership
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("user of this firm")

    def get_formset(self, request, obj=None, **kwargs):
        """A firm user is no staff member (a coordinator cannot make themselves one); on an install of several
        regies, a regie's staff choose among the accounts they change (users.py) and the firm's own users."""
        formset = super().get_formset(request, obj, **kwargs)
        choices = get_user_model().objects.filter(is_staff=False, is_superuser=False)
        if not sees_shared_rows(request):
            choices = choices.filter(Q(pk__in=firm_users_only_of(request.regie).values("pk"))
                                     | Q(pk__in=FirmMembership.objects.filter(enterprise=obj).values("user")))
        formset.form.base_fields["user"].queryset = choices
        return formset
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


class ListingFlagFilter(admin.SimpleListFilter):
    """Yes / no on the host regie's listing of each firm (published, accepts cheques)."""

    flag = ""

    def lookups(self, request, model_admin):
        return [("1", _("Yes")), ("0", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(**{self.flag: self.value() == "1"})
        return queryset


class PublishedFilter(ListingFlagFilter):
    title, parameter_name, flag = _("published"), "is_published__exact", "is_published"


class AcceptsChequesFilter(ListingFlagFilter):
    title, parameter_name, flag = _("accepts cheques"), "accepts_cheques__exact", "accepts_cheques"


class FirmForm(forms.ModelForm):
    """The firm, with what the host's regie decides on its own listing of it (FirmListing)."""

    is_published = forms.BooleanField(label=capfirst(_("published")), required=False,
                                      help_text=_("Visible in this regie's public catalogue and on its forms."))
    accepts_cheques = forms.BooleanField(label=capfirst(_("accepts cheques")), required=False, initial=True,
                                         help_text=_("The firm's users may redeem this regie's cheques while it is "
                                                     "published."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flag in ("is_published", "accepts_cheques"):
            if self.instance.pk is not None:  # the admin's queryset reads the host regie's listing
                self.fields[flag].initial = getattr(self.instance, flag, None)


@admin.register(SocialEnterprise)
class SocialEnterpriseAdmin(RegieScopedAdmin, AutocompleteFields, ExportMixin, AuditedModelAdmin, TranslationAdmin):
    """The firms the host's regie lists; a firm added here is listed by it. A firm already in the portal (listed by
    another regie) is listed for this one too by the platform administrator (Listings by regies)."""

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
                    "published", "accepting_cheques"]
    form = FirmForm
    list_filter = [PublishedFilter, AcceptsChequesFilter, "serves_households", "kind", "postcode__municipality",
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

    def has_change_permission(self, request, obj=None):
        """A firm another regie lists too, or listed and still has rows of (SocialEnterpriseQuerySet.of_regie_alone),
        is changed by the platform administrator only: its profile, account and users are that regie's as well."""
        if obj is not None and not request.user.is_superuser and self._shared(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        """Read only (a firm another regie lists too), its listing's flags show as the list shows them."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        shown = {"is_published": "published", "accepts_cheques": "accepting_cheques"}
        return [(name, {**options, "fields": [shown.get(field, field) for field in options["fields"]]})
                for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        shown = ["published", "accepting_cheques"] if obj is not None and not self.has_change_permission(request, obj) \
            else []
        return [*super().get_readonly_fields(request, obj), *shown]

    @staticmethod
    def _listing_url(request, firm):
        listing = firm.listing_of(getattr(request, "regie", None))
        return reverse("admin:enterprises_firmlisting_change", args=[listing.pk]) if listing else ""

    @staticmethod
    def _shared(request, obj):
        return not SocialEnterprise.objects.of_regie_alone(getattr(request, "regie", None)).filter(pk=obj.pk).exists()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        firm = self.get_object(request, object_id)
        if request.method == "GET" and firm is not None and not request.user.is_superuser and (
                self._shared(request, firm)):
            self.message_user(request, format_html(
                _("Another regie lists this firm too (or did, and still has its redemptions or introductions), so "
                  "only the platform administrator changes it (its profile, bank account and users are theirs as "
                  "well). Whether your regie publishes it, lets it redeem cheques and which of your service "
                  "categories it offers, you set on <a href=\"{}\">your regie's listing of it</a>."),
                self._listing_url(request, firm)) if request.user.has_perm("enterprises.change_firmlisting") else _(
                "Another regie lists this firm too (or did, and still has its redemptions or introductions), so only "
                "the platform administrator changes it (its profile, bank account and users are theirs as well)."),
                messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        """With the host regie's categories of each firm (the export's column) and what its listing says."""
        regie = getattr(request, "regie", None)
        listing = FirmListing.objects.filter(enterprise=OuterRef("pk"), regie=regie)
        return super().get_queryset(request).prefetch_related(categories_of(regie)).annotate(
            is_published=Subquery(listing.values("is_published")),
            accepts_cheques=Subquery(listing.values("accepts_cheques")))

    def save_related(self, request, form, formsets, change):
        """The form sets the host regie's categories of the firm; those another regie gave it stay."""
        kept = list(ServiceCategory.objects.filter(enterprises=form.instance).exclude(
            regie=getattr(request, "regie", None))) if change else []  # not the instance's (prefetched) categories
        super().save_related(request, form, formsets, change)
        form.instance.categories.add(*kept)
        listing = services.list_firm(regie=request.regie, enterprise=form.instance, by=request.user) if not change \
            else FirmListing.objects.get(regie=request.regie, enterprise=form.instance)  # added here: listed here
        services.change_listing(listing=listing, by=request.user, is_published=form.cleaned_data["is_published"],
                                accepts_cheques=form.cleaned_data["accepts_cheques"])

    @admin.display(description=_("published"), boolean=True, ordering="is_published")
    def published(self, obj):
        return obj.is_published

    @admin.display(description=_("accepts cheques"), boolean=True, ordering="accepts_cheques")
    def accepting_cheques(self, obj):
        return obj.accepts_cheques

    @admin.display(description=_("municipality"), ordering="postcode__municipality__name")
    def municipality_name(self, obj):
        return obj.postcode.municipality.name

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def enterprise_number_display(self, obj):
        return obj.enterprise_number_display


from enterprises.admin import area, categories, listings, users  # noqa: E402, F401  registers their admins
