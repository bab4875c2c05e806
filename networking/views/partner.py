"""PLACEHOLDER: a helper replaces this module (issue 19)."""
from django.http import Http404


def _placeholder(request, **kwargs):
    raise Http404


register = introductions = introduction = _placeholder
