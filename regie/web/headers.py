"""Pages with personal data are never stored by a browser or a proxy: `Cache-Control: no-store` on the
admin, the partner portal, the applicant's pages and anything shown to a logged-in user."""
import re

from django.utils.cache import add_never_cache_headers, patch_cache_control

from regie.web.addresses import dutch_path

# In Dutch words: a French or English page is matched by its Dutch address (regie.web.addresses.dutch_path).
PERSONAL = re.compile(r"^/(admin/|health/|[a-z]{2}/(partner|aanvraag|aanvragen/verstuurd|opvolging)/)")


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = PERSONAL.match(request.path) or PERSONAL.match(dutch_path(request))
        if personal or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
