"""Input that no page can use gets 400 and a clear page in the reader's language, never a server error.

- A NUL byte in the address, a query parameter or a form field: PostgreSQL can neither store nor compare it, so a
  list filter, a search, a cheque code or a reason read as it came failed deep in the database.
- An admin action on a selection that is not rows of the list (text where a row's number is expected).
- A number too large for any column where a list of rows is expected (a form's choices, an admin selection):
  `IntegerIn` finds no row, as Django's own `pk=` already does, instead of failing in the database.
- A log-in's username longer than any account's: Django's log-in form shows the limit in the box but does not
  check it, so the failed log-in reached django-axes, which cannot store a username over 255 characters. The
  log-in forms of the admin and the partner portal refuse it next to the field (BoundedUsername).
"""
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import IntegerField
from django.db.models.lookups import In
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
REASONS = {
    "nul": _("The address or the form contains a character that no page accepts (a NUL byte)."),
    "selection": _("The selection contains something that is not a row of this list."),
}


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(NUL in part for key, values in request.GET.lists() for part in (key, *values)):
            return bad_request(request, reason="nul")
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST":
            return None
        if any(NUL in part for key, values in request.POST.lists() for part in (key, *values)):  # files aside
            return bad_request(request, reason="nul")
        model_admin = getattr(view, "model_admin", None)  # set by ModelAdmin.get_urls on each of its views
        if model_admin is not None:
            selection = request.POST.getlist(ACTION_CHECKBOX_NAME)
            if not all(is_value_of(model_admin.opts.pk, value) for value in selection):
                return bad_request(request, reason="selection")
        return None


def is_value_of(field, text):
    """Whether `text` can be a value of the model field (a row's number: digits only)."""
    try:
        field.to_python(text)
    except ValidationError:
        return False
    return NUL not in text


def bad_request(request, exception=None, reason=None):
    """The 400 page, with the reason. (What Django itself refuses, such as a field the admin may not refer to, gets
    the same template through Django's own handler400.)"""
    return render(request, "400.html", {"reason": REASONS.get(reason)}, status=400)


class BoundedUsername:
    """For a log-in form (AuthenticationForm): the username's limit (the user model's, 150 characters) is checked,
    not only shown, so that a longer one never reaches authenticate() and django-axes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


@IntegerField.register_lookup
class IntegerIn(In):
    """`__in` on an integer column (every primary key) leaves out the numbers the column cannot hold, as Django's
    `exact` lookup does: no row has them. Registered when this module is imported (by regie.admin_site, at start)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            except KeyError:  # a column type Django gives no range for
                low = high = None
            self.rhs = [value for value in self.rhs if not isinstance(value, int) or
                        ((low is None or value >= low) and (high is None or value <= high))]
        return super().process_rhs(compiler, connection)
