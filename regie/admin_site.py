"""The admin site: staff give their second factor before any admin page when STAFF_TWO_FACTOR is on."""
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode

from regie import two_factor


class PortalAdminSite(admin.AdminSite):
    enable_nav_sidebar = False  # the lists need the width (1280 px without sideways scroll)
    landing = "admin:index"  # where staff arrive after log-in; the vouchers app sets its dashboard

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_views = []

    def register_view(self, route, view, name):
        """An admin page of an app (e.g. the dashboard), behind the admin's log-in and second factor."""
        self.extra_views.append((route, view, name))
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

    def get_urls(self):
        return [path("tweestaps/", two_factor.verify, name="two_factor"),
                path("tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
                *[path(route, self.admin_view(view), name=name) for route, view, name in self.extra_views],
                *super().get_urls()]
