"""The admin site: staff give their second factor before any admin page when STAFF_TWO_FACTOR is on.

Also what the apps' admins use so that every admin page is valid HTML and names each control (WCAG 2.2 AA; tested
page by page in tests/e2e/test_admin_pages.py): named inline fields, autocomplete boxes, the password summary."""
from functools import wraps

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BLANK_CHOICE_DASH
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from regie.accounts import two_factor
from regie.web.bad_input import BoundedUsername, is_value_of


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
    pass


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

    def register_view(self, route, view, name):
        """An admin page of an app (e.g. the dashboard), behind the admin's log-in and second factor."""
        self.extra_views.append((route, view, name))

    def each_context(self, request):
        """The header and the title suffix of every admin page: the name of the regie the host serves."""
        context = super().each_context(request)
        regie = getattr(request, "regie", None)
        if regie is not None:
            context.update(site_header=regie.name, site_title=regie.name)
        return context

    def has_permission(self, request):
        if not super().has_permission(request):
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

    def get_urls(self):
        return [path("tweestaps/", two_factor.verify, name="two_factor"),
                path("tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
                *[path(route, self.admin_view(view), name=name) for route, view, name in self.extra_views],
                *super().get_urls()]
