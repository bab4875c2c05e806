"""The partner portal's "my language": the language of a firm user's e-mails (and of the portal after saving)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regie.accounts.language_views import LanguageForm, save_choice


@login_required
def my_language(request):
    form = LanguageForm.for_user(request)
    if request.method == "POST" and form.is_valid():
        language = save_choice(request, form, lambda name: _("Saved: your e-mails from the portal are now in "
                                                            "%(language)s.") % {"language": name})
        with translation.override(language):
            return redirect(reverse("partner:home"))
    return TemplateResponse(request, "enterprises/partner/language.html", {"form": form})
