"""Pages with personal data are never stored by a browser or a proxy: `Cache-Control: no-store` on the
admin, /health/, the pages each app declares private (`register`, from its AppConfig.ready) and anything
shown to a logged-in user."""
import re

from django.utils.cache import add_never_cache_headers, patch_cache_control

from regie.web.addresses import dutch_path

# In Dutch words: a French or English page is matched by its Dutch address (regie.web.addresses.dutch_path).
PERSONAL: list[re.Pattern[str]] = [re.compile(r"^/(admin|health)/")]


def register(pattern):
    """Never store the pages whose Dutch address matches the regular expression `pattern`."""
    PERSONAL.append(re.compile(pattern))


def is_personal(path):
    return any(pattern.match(path) for pattern in PERSONAL)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = is_personal(request.path) or is_personal(dutch_path(request))
        if personal or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
