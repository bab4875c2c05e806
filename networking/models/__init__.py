from networking.models.introductions import Introduction, IntroductionOutcome, IntroductionSource
from networking.models.meetings import Audience, Meeting, MeetingQuerySet
from networking.models.registrations import (
    ACTIVE,
    Registration,
    RegistrationKind,
    RegistrationQuerySet,
    RegistrationStatus,
    Wish,
)

__all__ = [
    "ACTIVE", "Audience", "Introduction", "IntroductionOutcome", "IntroductionSource", "Meeting", "MeetingQuerySet",
    "Registration", "RegistrationKind", "RegistrationQuerySet", "RegistrationStatus", "Wish",
]
