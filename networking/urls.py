"""The networking moments on the public site: the list, a meeting's page and registration, a registrant's
personal page (signed link), the after-meeting wishes, and the staff's door (check-in) and attendee lists.
Each address is in the page's language (the Dutch one is the msgid)."""
from django.urls import path
from django.utils.translation import pgettext_lazy

from networking.views import door, public, wishes

app_name = "networking"
urlpatterns = [
    path("", public.meetings, name="meetings"),
    path(pgettext_lazy("URL path", "inschrijving/<str:token>/"), public.registration, name="registration"),
    path(pgettext_lazy("URL path", "inschrijving/<str:token>/annuleren/"), public.cancel, name="cancel"),
    path(pgettext_lazy("URL path", "inschrijving/<str:token>/agenda.ics"), public.calendar, name="calendar"),
    path(pgettext_lazy("URL path", "inschrijving/<str:token>/wensen/"), wishes.wishes, name="wishes"),
    path(pgettext_lazy("URL path", "inchecken/<str:code>/"), door.check_in_code, name="check_in_code"),
    path("<slug:slug>/", public.meeting, name="meeting"),
    path(pgettext_lazy("URL path", "<slug:slug>/ingeschreven/"), public.registered, name="registered"),
    path(pgettext_lazy("URL path", "<slug:slug>/deur/"), door.door, name="door"),
    path(pgettext_lazy("URL path", "<slug:slug>/aanwezigen.pdf"), door.attendee_list_pdf, name="attendees_pdf"),
    path(pgettext_lazy("URL path", "<slug:slug>/aanwezigen.xlsx"), door.attendee_list_xlsx, name="attendees_xlsx"),
]
