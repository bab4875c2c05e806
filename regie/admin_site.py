"""The admin site: staff give their second factor before any admin page when STAFF_TWO_FACTOR is on.

Also what the apps' admins use so that every admin page is valid HTML and names each control (WCAG 2.2 AA; tested
page by page in tests/e2e/test_admin_pages.py): named inline fields, autocomplete boxes, the password summary.

Each regie's rows stay in its own admin (DESIGN.md 5, "Several regies, one install"). The admin is served per host:
on a regie's host it is that regie's admin (request.regie), open only to the staff who work for it and to platform
administrators (has_permission). A model that belongs to a regie names the way to it in `regie_path`
(regie.models.regies.RegieScopedQuerySet); its admin must take RegieScopedAdmin (registering it otherwise is refused),
so that the list, the change and delete pages, the actions, the exports and the autocomplete boxes that point to it
see the host's regie's rows only: another regie's row asked for by its id is "not there". Every choice box of a
model admin and every list filter for a row of such a model offers the host's regie's rows only, so a coordinator
who posts another regie's id is told the choice is not valid (an editable inline that offers such rows takes
RegieScopedChoices too; none does today). A model without a regie of its own whose rows each regie's staff see by
how they relate to its rows takes ScopedThroughRelations (user accounts: those acting for the regie's firms). The
admin of any other model is made SharedByEveryRegie when it is registered (also those of Django, django-otp and
django-tasks; django-axes' log-in records take ScopedThroughRelations: regie.admin)."""
from functools import wraps

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db.models import BLANK_CHOICE_DASH, Q
from django.db.models.base import ModelBase
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from regie.accounts import two_factor
from regie.models.regies import regie_path, works_for
from regie.web.bad_input import BoundedUsername, is_value_of
from regie.web.hosts import sees_shared_rows, several_regies


class NamedInlineFields:
    """For a tabular inline: its fields' labels stand only in the column headers, so each field of each row (and
    its delete box) also gets its label as accessible name, for a screen reader and for voice control."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Named(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    widget = getattr(field.widget, "widget", field.widget)  # inside the add/change links
                    if not widget.is_hidden and field.label:
                        widget.attrs.setdefault("aria-label", str(field.label))

        return Named


class RequiredAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box, with an empty first choice ("---------") also when a value is required, as HTML
    asks of a required select box (the form still refuses to be saved without a value). A value sent back that
    cannot be a row's (text where a number is expected) is not shown: the form says the choice is not valid."""

    def optgroups(self, name, value, attr=None):
        value = [each for each in value if each in (None, "") or is_value_of(self.field.target_field, str(each))]
        groups = super().optgroups(name, value, attr)
        choices = groups[0][1]
        if choices and choices[0]["value"] == "":
            choices.pop(0)
        choices.insert(0, self.create_option(name, "", BLANK_CHOICE_DASH[0][1], False, 0))
        return groups


class AutocompleteFields:
    """A model admin or inline whose autocomplete boxes are RequiredAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RequiredAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PasswordHashWidget(ReadOnlyPasswordHashWidget):
    """The user's password summary, without the `disabled` attribute Django gives it: a div cannot be disabled."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        """Staff log in on the hosts of the regies they work for; on another regie's host the right password says
        where they are, not "wrong password" (they proved who they are), and logs them in nowhere."""
        super().confirm_login_allowed(user)
        regie = getattr(self.request, "regie", None)
        if not works_for(user, regie):
            raise ValidationError(
                _("%(username)s does not work for %(regie)s. Log in at the address of your own regie; the platform "
                  "administrator can add you to this one."), code="other_regie",
                params={"username": user.get_username(), "regie": regie})


class PortalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm  # a username longer than any account's is refused before django-axes counts it
    site_header = _("Introduction cheque")  # each page names the regie of its host instead (each_context)
    site_title = _("Introduction cheque")
    index_title = _("Management")
    enable_nav_sidebar = False  # the lists need the width (1280 px without sideways scroll)
    landing = "admin:index"  # where staff arrive after log-in; an app may set its dashboard

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_views = []

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin keeps each regie's rows apart (the module's docstring): one of a model that belongs to
        a regie must be a RegieScopedAdmin; any other becomes SharedByEveryRegie."""
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        admin_class = admin_class or admin.ModelAdmin
        for model in models:
            if regie_path(model) and not issubclass(admin_class, RegieScopedAdmin):
                raise ImproperlyConfigured(f"{admin_class.__name__}: {model._meta.label} belongs to a regie; its "
                                           "admin must take regie.admin_site.RegieScopedAdmin.")
            mixins = [mixin for mixin, needed in [
                (SharedByEveryRegie, not regie_path(model) and not issubclass(
                    admin_class, (SharedByEveryRegie, ScopedThroughRelations))),
                (OwnStaffHistory, not issubclass(admin_class, OwnStaffHistory))] if needed]
            final = type(admin_class.__name__, (*mixins, admin_class), {"__module__": admin_class.__module__}
                         ) if mixins else admin_class
            super().register(model, final, **options)

    def register_view(self, route, view, name):
        """An admin page of an app (e.g. the dashboard), behind the admin's log-in and second factor."""
        self.extra_views.append((route, view, name))

    def each_context(self, request):
        """The header and the title suffix of every admin page: the name of the regie the host serves."""
        context = super().each_context(request)
        regie = getattr(request, "regie", None)
        if regie is not None:
            context.update(site_header=regie.name, site_title=regie.name)
        user = getattr(request, "user", None)
        context["sees_shared_rows"] = sees_shared_rows(request)  # SharedByEveryRegie: what the regies still share
        context["one_regie"] = not several_regies(request)  # Django's "recent actions" name rows of any regie
        context["works_for_several_regies"] = bool(user and user.is_authenticated and user.is_staff and (
            several_regies(request) if user.is_superuser else user.regie_memberships.count() > 1))
        return context

    def has_permission(self, request):
        """Active staff of the host's regie (a platform administrator for every regie), with their second factor."""
        if not super().has_permission(request) or not works_for(request.user, getattr(request, "regie", None)):
            return False
        return not two_factor.staff_needs_it(request.user) or request.user.is_verified()

    def login(self, request, extra_context=None):
        user = request.user
        landing = reverse(self.landing)
        if request.method == "GET" and two_factor.staff_needs_it(user) and not user.is_verified():
            target = "admin:two_factor" if two_factor.has_second_factor(user) else "admin:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.GET.get('next', landing)})}")
        if "next" not in request.GET and "next" not in request.POST:
            extra_context = {**(extra_context or {}), "next": landing}
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        """Each admin page; one that asks for a row that is not there (an address with a number no row has) answers
        404, also in views other apps add to their admins (django-otp's QR code of a device)."""
        @wraps(view)
        def row_or_404(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except ObjectDoesNotExist as error:
                raise Http404(str(error)) from error

        return super().admin_view(row_or_404, cacheable)

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" (admin/r/<type>/<id>/), for a row the host's admin shows: another regie's row,
        or a row of a model without an admin, is not there (its address would tell its name)."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model_admin = self._registry.get(content_type.model_class()) if content_type else None
        row = model_admin.get_object(request, object_id) if model_admin else None
        if row is None or not model_admin.has_view_permission(request, row):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def get_urls(self):
        django_urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [path("tweestaps/", two_factor.verify, name="two_factor"),
                path("tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
                path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site),
                     name="view_on_site"),
                *[path(route, self.admin_view(view), name=name) for route, view, name in self.extra_views],
                *django_urls]


def _of_host_regie(queryset, request):
    return queryset.filter(**{regie_path(queryset.model): getattr(request, "regie", None)})


class RegieScopedChoices:
    """Choice boxes (foreign keys, many-to-many) for rows of a model that belongs to a regie offer the host's
    regie's rows only."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if regie_path(db_field.related_model) and "queryset" not in kwargs:
            kwargs["queryset"] = _of_host_regie(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if regie_path(db_field.related_model) and "queryset" not in kwargs:
            kwargs["queryset"] = _of_host_regie(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegieScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a row of a model that belongs to a regie (a list's "by call", "by meeting") offers the
    host's regie's rows only: another regie's calls are not named in its filters either, and an address that names
    one (?categories__id__exact=<its id>) is refused as Django refuses any bad filter (the list with ?e=1), so no
    list or export tells which rows another regie's row is linked to."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to={
            regie_path(field.related_model): getattr(request, "regie", None)})

    def queryset(self, request, queryset):
        asked = {value for value in self.lookup_val or () if value}
        try:
            known = _of_host_regie(self.field.related_model._default_manager.filter(pk__in=asked), request).count()
        except (ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error
        if known != len(asked):
            raise IncorrectLookupParameters(f"Not a row of this regie: {sorted(asked)}")
        return super().queryset(request, queryset)


admin.FieldListFilter.register(lambda field: field.remote_field is not None and regie_path(field.related_model),
                               RegieScopedRelatedFieldListFilter, take_priority=True)


class RegieScopedAdmin(RegieScopedChoices):
    """The admin of a model that belongs to a regie: it shows, changes and acts on the host's regie's rows only.
    With `platform_rows`, rows of no regie (the platform's own: of the audit log, the outbox, background work) show
    too to those who see what the regies share (sees_shared_rows): platform administrators on every host, and
    everyone's staff while the install serves one regie."""

    platform_rows = False

    def get_list_display(self, request):
        """With `platform_rows`, a platform administrator's list says whose each row is (empty: the platform's)."""
        shown = super().get_list_display(request)
        return [*shown, "regie"] if self.platform_rows and several_regies(request) and request.user.is_superuser \
            else shown

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if self.platform_rows and sees_shared_rows(request):
            path = regie_path(rows.model)
            return rows.filter(Q(**{path: getattr(request, "regie", None)}) | Q(**{f"{path}__isnull": True}))
        return _of_host_regie(rows, request)


class OwnStaffHistory:
    """A row's change history (Django's admin log, "History") shows a regie's staff what their own regie's staff,
    platform administrators and firm users did, not another regie's staff's work on a row both regies see (a firm
    they both list, its users), as the audit log beside the row does (regie.admin.audit.AuditEventInline). Every
    admin takes it when registered."""

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if request.user.is_superuser or not isinstance(response, TemplateResponse):
            return response
        entries = response.context_data["action_list"].paginator.object_list.filter(
            Q(user__is_staff=False) | Q(user__is_superuser=True)
            | Q(user__regie_memberships__regie=getattr(request, "regie", None))).distinct()
        paginator = self.get_paginator(request, entries, 100)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        response.context_data.update(action_list=page, page_range=paginator.get_elided_page_range(page.number),
                                     pagination_required=paginator.count > 100)
        return response


class ScopedThroughRelations:
    """The admin of a model without a regie of its own that shows each regie's staff only the rows related to their
    regie's, by a rule it writes in get_queryset (enterprises.admin.users: the accounts acting for the regie's
    firms). It must not be the wide-open default: tests/test_regie_admin_scoping.py walks each such admin as another
    regie's staff."""


class SharedByEveryRegie:
    """The admin of rows that belong to no regie (municipalities and postcodes, which every regie's staff read:
    enterprises.admin.BelgiumsGeography; Django's, django-otp's and django-tasks' own). While the
    install serves one regie, its staff use them as before; with several, only platform administrators
    (superusers) do, so that no coordinator reads or changes what may be another regie's."""

    def _closed_to(self, request) -> bool:
        return not sees_shared_rows(request)

    def has_module_permission(self, request):
        return not self._closed_to(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return not self._closed_to(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return not self._closed_to(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._closed_to(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._closed_to(request) and super().has_delete_permission(request, obj)
