"""The networking app's entries of the retention schedule (regie/privacy/schedule.py): registrations for
networking moments (with the wishes to meet again) and introductions; registered from NetworkingConfig.ready.
The privacy page and the register of processing activities are made from them."""
from django.utils.translation import gettext_lazy as _

from regie.privacy import schedule
from regie.privacy.periods import Period
from regie.privacy.schedule import PUBLIC_TASK, Retention, Then

REGISTRATIONS = Retention(
    "registrations", _("Registrations for networking moments"),
    _("Name, company, enterprise number (if given), e-mail address and language of whoever registers; what they "
      "would like to find and the services and firms that interest them; whether they agreed to introductions and "
      "to be listed for the other attendees; the place or the waiting list, check-in at the door, cancellation; "
      "after the meeting, whom they would like to meet again."),
    _("Businesses and their contact persons; staff of the social-economy enterprises who register."),
    _("Organising the networking moment (places, waiting list, invitations, reminder, check-in) and its "
      "follow-up (meeting again, the meeting's figures)."),
    PUBLIC_TASK,
    _("The coordinator (the attendee list is for staff only); the other attendees see the company's name only when "
      "it agreed to be listed."),
    Period(years=1), _("the day of the meeting"), Then.ANONYMISE,
    _("Anonymised: the name, company, enterprise number, e-mail address, what they would like to find and their "
      "interests are removed; the status, the kind of registration and the check-in stay for the meeting's "
      "figures."),
    ("networking.Registration", "networking.Wish"))

INTRODUCTIONS = Retention(
    "introductions", _("Introductions"),
    _("The company, contact person, e-mail address, phone, enterprise number and language of a business; what it "
      "is looking for and the services and firms it asked for; what came of the introduction."),
    _("Businesses that agreed to be introduced, and their contact persons."),
    _("Introducing a business to the social-economy firms it is interested in, so that they can contact it; "
      "measuring what came of it."),
    _("GDPR art. 6.1(a): the business's consent, given on the application or registration form; it can withdraw "
      "it at any time on its personal page (what was shared before stays lawful)."),
    _("The firms concerned, each only its own introductions; the coordinator."),
    Period(years=3), _("the day of the introduction"), Then.ANONYMISE,
    _("Anonymised: the company, contact person, e-mail address, phone, enterprise number and what the business "
      "was looking for are removed; the firm, the services asked for and the outcome stay for the figures. When "
      "the business withdraws its consent, the firm no longer sees the introduction at once, and its contact "
      "details are removed the following night."),
    ("networking.Introduction",))

ENTRIES = [REGISTRATIONS, INTRODUCTIONS]


def register_schedule() -> None:
    schedule.register(ENTRIES)
    schedule.free_of_personal_data("networking.Meeting")  # a venue's address and the programme, no person
