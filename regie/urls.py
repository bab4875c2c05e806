from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.generic import RedirectView

from regie.ops import health
from regie.web import bad_input, outage, stylesheet, views

urlpatterns = [
    # The site is Dutch by default; French and English are one click away on every page.
    path("", RedirectView.as_view(url="/nl/", permanent=False)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("regie.css", stylesheet.regie_css, name="regie_css"),  # the brand colours of the host's regie
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

handler400 = bad_input.bad_request  # with the page's context: the regie, the language links
handler404 = views.page_not_found
handler500 = outage.server_error  # a database outage answers 503, not 500
