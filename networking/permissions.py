"""What the staff groups may do with the networking app's models (granted from NetworkingConfig.ready).
Coordinators run the meetings (a meeting without registrations may be deleted), cancel registrations (no adding
nor deleting them: people register themselves, personal data goes by the privacy erasure), check people in at the
door, see the attendee list and the introductions; finance has nothing to do here."""
from regie.accounts.groups import COORDINATORS, grant


def grant_permissions():
    grant(COORDINATORS, [
        "networking.view_meeting", "networking.add_meeting", "networking.change_meeting",
        "networking.delete_meeting",
        "networking.view_registration", "networking.change_registration",
        "networking.check_in_registration", "networking.view_attendee_list",
        "networking.view_introduction",
    ])
