"""PLACEHOLDER: a helper replaces this module (issue 19)."""
from django.http import Http404


def _placeholder(request, **kwargs):
    raise Http404


door = check_in_code = attendee_list_pdf = attendee_list_xlsx = _placeholder
