"""Every cookie the site sets, read from the settings that name them and fix their age. The privacy page
lists exactly these; tests/e2e/test_privacy_cookies.py checks that a browser gets no other."""
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.translation import gettext_lazy as _

from regie.privacy.periods import describe_seconds


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str
    set_when: str


def cookies():
    """The site's cookies; none for tracking or advertising, none from other sites."""
    session_lifetime = (_("until the browser closes") if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
                        else describe_seconds(settings.SESSION_COOKIE_AGE))
    return [
        Cookie(settings.CSRF_COOKIE_NAME, _("Protects the forms against submissions made by other sites."),
               describe_seconds(settings.CSRF_COOKIE_AGE), _("When a page with a form is shown.")),
        Cookie(settings.SESSION_COOKIE_NAME,
               _("Keeps you logged in (partner portal and administration). After you send an application, it "
                 "remembers which one it was, to show it on the next page."),
               _("%(age)s, or until you log out") % {"age": session_lifetime},
               _("When you log in, or when you send an application.")),
        Cookie(CookieStorage.cookie_name, _("Carries a confirmation, such as “Your profile has been saved”, to the "
                                            "next page."),
               _("Until the next page shows it."), _("When you save or confirm something.")),
    ]


def cookie_names():
    return {cookie.name for cookie in cookies()}
