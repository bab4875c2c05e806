"""Right to rectification (GDPR art. 16): the coordinator corrects a business's name, address and contact
details on its application, audited with the names of the fields that changed (not their values)."""
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from vouchers.exceptions import TransitionError
from vouchers.models import Application

CORRECTABLE = ("company_name", "street", "place", "contact_name", "email", "phone", "language")


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = CORRECTABLE

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


@transaction.atomic
def correct_application(*, application, changes, by):
    """Set the corrected values; returns the names of the fields that changed (none: nothing is recorded)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.anonymised_at is not None:
        raise TransitionError(_("The personal data of this application have been removed; there is nothing left "
                                "to correct."))
    changed = [name for name in CORRECTABLE if name in changes and changes[name] != getattr(application, name)]
    for name in changed:
        setattr(application, name, changes[name])
    if changed:
        application.save(update_fields=changed)
        record(by, "application.corrected", application, {"fields": changed})
    return changed
