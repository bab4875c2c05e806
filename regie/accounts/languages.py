"""Each staff and firm user's language: chosen in their profile, else taken from the browser at their first
log-in. Their mails go out in it, and the admin (whose addresses carry no language) shows in it; public
and partner pages follow the language in their address, as everyone's do."""
from django.conf import settings
from django.db import transaction
from django.utils import translation

from regie.audit import record
from regie.models import UserProfile

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def supported(language):
    """`language` as one of the portal's languages ("fr-BE" -> "fr"), or "" when it is none of them."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGE_CODES else ""


def chosen_language(user):
    """The language the user chose (or was given at their first log-in), "" when none yet."""
    if user is None or not user.pk:
        return ""
    try:
        return user.profile.language
    except UserProfile.DoesNotExist:
        return ""


def preferred_language(user, default=None):
    """The language to write to `user` in: their own, else `default` (e.g. the page they asked from), else Dutch."""
    return chosen_language(user) or supported(default) or settings.LANGUAGE_CODE


def profile_of(user):
    """The user's profile, made on first use."""
    return UserProfile.objects.get_or_create(user=user)[0]


@transaction.atomic
def choose_language(*, user, language, by):
    """`by` (the user themselves, or a coordinator) sets the language of `user`'s mails and admin pages;
    "" leaves it to the browser at the next log-in."""
    if language and not supported(language):
        raise ValueError(f"{language!r} is not one of the portal's languages.")
    language = supported(language)
    profile = UserProfile.objects.select_for_update().get_or_create(user=user)[0]
    if profile.language != language:
        record(by, "user.language_chosen", user, {"language": language, "before": profile.language})
        profile.language = language
        profile.save(update_fields=["language"])
    return profile


@transaction.atomic
def adopt_browser_language(*, user, language):
    """At log-in: a user without a language gets the one of the page they logged in on (its address, else
    the browser's Accept-Language). A language once set is never overwritten here."""
    language = supported(language)
    if not language:
        return None
    profile = UserProfile.objects.select_for_update().get_or_create(user=user)[0]
    if not profile.language:
        profile.language = language
        profile.save(update_fields=["language"])
        record(user, "user.language_from_browser", user, {"language": language})
    return profile


def remember_browser_language(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in RegieConfig.ready)."""
    if request is not None:
        adopt_browser_language(user=user, language=getattr(request, "LANGUAGE_CODE", ""))


class UserLanguageMiddleware:
    """Pages whose address has no language (the admin) show in the signed-in user's own language.

    Sits after AuthenticationMiddleware and LocaleMiddleware; costs one small query on such pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not translation.get_language_from_path(request.path_info):
            language = chosen_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
