"""Whose data a request about a business's personal data is answered for (GDPR: each regie is the controller of
what it keeps). A business addresses its request to one regie; a platform administrator, who sees every regie's
rows, answers it for that regie only by choosing it (`?regie=<id>` on the admin pages, `--regie <short name or id>`
on the command line), or for every regie at once (None), each then named as the controller of what it keeps."""
from django import forms
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy

from regie.models import Regie


def regie_field():
    """The choice of a regie (by its id), or of every regie (empty)."""
    return forms.ModelChoiceField(queryset=Regie.objects.order_by("short_name"), required=False,
                                  label=gettext_lazy("Answer for"), empty_label=gettext_lazy("every regie"),
                                  error_messages={"invalid_choice": gettext_lazy(
                                      "There is no regie with the id %(value)s: choose one from the list.")},
                                  help_text=gettext_lazy("The regie the business addressed its request to: the "
                                                         "look-up, the export and the erasure then hold that "
                                                         "regie's data only."))


def chosen_regie(value):
    """The regie of this id ("" or None: every regie, None). ValidationError for any other value, also the id of
    a regie that does not exist."""
    return regie_field().clean(value or "")


def regie_named(value):
    """The regie of a short name or an id, typed on the command line; None when there is none."""
    value = (value or "").strip()
    regies = Regie.objects.all()
    return (regies.filter(short_name=value).first()
            or (regies.filter(pk=int(value)).first() if value.isascii() and value.isdecimal() else None))


def regies_listed():
    """ "maasland (2), zuidoost (1)": the regies there are, by short name and id, for a message."""
    return ", ".join(f"{regie.short_name} ({regie.pk})" for regie in Regie.objects.order_by("short_name")) or "none"


def several_regies():
    return Regie.objects.count() > 1


def regie_option(value):
    """Whose data a command answers for, by its --regie (a short name or an id): that regie's; None for no --regie
    (every regie's) and for the only regie of an install of one (the whole install's, as its staff answer in the
    admin). CommandError naming the regies there are for a regie that does not exist."""
    if value is None:
        return None
    regie = regie_named(value)
    if regie is None:
        raise CommandError(f"--regie: no regie {value!r}; the regies are (short name and id): {regies_listed()}.")
    return regie if several_regies() else None
