"""What a platform host serves (regie/web/hosts.py): the list of the regies on this install, and /health/."""
from django.urls import path

from regie.ops import health
from regie.web import platform

urlpatterns = [
    path("", platform.regies, name="platform"),
    path("health/", health.health, name="health"),
]
