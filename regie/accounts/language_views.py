"""Choosing one's own language: the form (used by the partner portal too) and the admin's "My language"."""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_lazy

from regie.accounts.languages import choose_language, preferred_language


def language_choices():
    """Each language named in itself (Nederlands, Français, English): readable whatever the page's language."""
    return [(code, capfirst(translation.get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=language_choices,
                                 widget=forms.RadioSelect)

    @classmethod
    def for_user(cls, request):
        initial = {"language": preferred_language(request.user, default=request.LANGUAGE_CODE)}
        return cls(request.POST or None, initial=initial)


def save_choice(request, form, confirmation):
    """The service call and the confirmation (a function of the language's name), in the language just chosen."""
    language = form.cleaned_data["language"]
    choose_language(user=request.user, language=language, by=request.user)
    with translation.override(language):
        name = translation.get_language_info(language)["name_local"]  # e.g. "français", read in French
        messages.success(request, confirmation(name))
    return language


def my_language(request):
    """Admin page (admin:my_language): the staff member's language of mails and of the admin."""
    form = LanguageForm.for_user(request)
    if request.method == "POST" and form.is_valid():
        save_choice(request, form, lambda name: _("Saved: your e-mails and these admin pages are now in %(language)s.")
                    % {"language": name})
        return redirect("admin:my_language")
    return TemplateResponse(request, "admin/my_language.html", {
        **admin.site.each_context(request), "title": _("My language"), "form": form})
