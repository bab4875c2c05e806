from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django.views.generic import RedirectView

from regie.ops import health
from regie.web import outage, views

admin.site.site_header = _("Regie sociale economie Zuidoost-Limburg")
admin.site.site_title = _("Introduction cheque")
admin.site.index_title = _("Management")

urlpatterns = [
    # The site is Dutch by default; French and English are one click away on every page.
    path("", RedirectView.as_view(url="/nl/", permanent=False)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    # Firm logos are public, handed out from the file storage (local disk or object storage).
    path("media/logos/<path:path>", views.logo, name="logo"),
]

urlpatterns += i18n_patterns(
    path("", include("regie.web.urls")),
    path(pgettext_lazy("URL path", "ondernemingen/"), include("enterprises.urls")),
    path(pgettext_lazy("URL path", "partner/"), include("vouchers.partner_urls")),
    path(pgettext_lazy("URL path", "ontmoetingen/"), include("networking.urls")),
    path("", include("vouchers.urls")),
    prefix_default_language=True,
)

handler404 = views.page_not_found
handler500 = outage.server_error  # a database outage answers 503, not 500
