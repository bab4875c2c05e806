"""The host regie's service categories in its admin: the kinds of service its catalogue filters by, its forms offer
and its reports count. Each regie keeps its own list; a coordinator adds, renames or removes one of theirs."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from enterprises.models import ServiceCategory
from regie.admin import AuditedModelAdmin, AuditEventInline
from regie.admin_site import RegieScopedAdmin


class CategoryForm(forms.ModelForm):
    regie = None  # the host's, set by the admin

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if ServiceCategory.objects.filter(regie=self.regie, slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This regie already has a category with this slug."), code="slug_taken")
        return slug


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(RegieScopedAdmin, AuditedModelAdmin, TranslationAdmin):
    list_display = ["name", "slug", "enterprise_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name_nl"]}
    exclude = ["regie"]
    inlines = [AuditEventInline]

    def get_queryset(self, request):
        """With the number of the host regie's firms in each (a firm another regie lists only is not counted)."""
        listed = Q(enterprises__listings__regie=getattr(request, "regie", None))
        return super().get_queryset(request).annotate(n_enterprises=Count("enterprises", filter=listed,
                                                                          distinct=True))

    @admin.display(description=_("enterprises"), ordering="n_enterprises")
    def enterprise_count(self, obj):
        return obj.n_enterprises

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **{**kwargs, "form": CategoryForm})
        return type("CategoryOfThisRegie", (form,), {"regie": request.regie})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.regie = request.regie
        super().save_model(request, obj, form, change)
