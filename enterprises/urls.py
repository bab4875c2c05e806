from django.urls import path

from enterprises.views import public

app_name = "enterprises"
urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("<slug:slug>/", public.detail, name="detail"),
]
