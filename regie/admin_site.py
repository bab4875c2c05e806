"""The admin site: staff give their second factor before any admin page when STAFF_TWO_FACTOR is on."""
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode

from regie import two_factor


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor.staff_needs_it(request.user) or request.user.is_verified()

    def login(self, request, extra_context=None):
        user = request.user
        if request.method == "GET" and two_factor.staff_needs_it(user) and not user.is_verified():
            target = "admin:two_factor" if two_factor.has_second_factor(user) else "admin:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.GET.get('next', reverse('admin:index'))})}")
        return super().login(request, extra_context)

    def get_urls(self):
        return [path("tweestaps/", two_factor.verify, name="two_factor"),
                path("tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
                *super().get_urls()]
