"""What a staff or firm user chose for themselves: the language of their mails and pages."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True,
                                help_text=_("Mails and pages in this language. Empty: taken from the browser at "
                                            "the next log-in."))

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)
