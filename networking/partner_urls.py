"""The partner portal's part about bringing them together: meetings in one click, introductions."""
from django.urls import path
from django.utils.translation import pgettext_lazy

from networking.views import partner

urlpatterns = [
    path(pgettext_lazy("URL path", "ontmoetingen/<slug:slug>/inschrijven/"), partner.register, name="meeting_register"),
    path(pgettext_lazy("URL path", "introducties/"), partner.introductions, name="introductions"),
    path(pgettext_lazy("URL path", "introducties/<uuid:public_id>/"), partner.introduction, name="introduction"),
]
