"""What a platform host serves (regie/web/hosts.py): the list of the regies on this install, and /health/; anything
else is the platform's own 404, never a page of a regie."""
from django.urls import path

from regie.ops import health
from regie.web import outage, platform

urlpatterns = [
    path("", platform.regies, name="platform"),
    path("health/", health.health, name="health"),
]

handler400 = platform.bad_request
handler404 = platform.not_found
handler500 = outage.server_error  # a database outage answers 503, not 500
