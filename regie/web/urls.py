from django.urls import path
from django.utils.translation import pgettext_lazy

from regie.web import views

urlpatterns = [
    path(pgettext_lazy("URL path", "privacy/"), views.privacy, name="privacy"),
    path(pgettext_lazy("URL path", "toegankelijkheid/"), views.accessibility, name="accessibility"),
]
