from django.urls import path
from django.utils.translation import pgettext_lazy

from vouchers.views import applicant, followup, public

# Each address is in the page's language (the Dutch one is the msgid; regie.web.addresses moves a Dutch
# address under /fr/ or /en/ to its translation). The cheque's address is printed as a QR code on paper
# cheques: it is the same in every language and never changes.
app_name = "vouchers"
urlpatterns = [
    path("", public.home, name="home"),
    path(pgettext_lazy("URL path", "aanvragen/"), public.apply, name="apply"),
    path(pgettext_lazy("URL path", "aanvragen/verstuurd/"), public.submitted, name="submitted"),
    path(pgettext_lazy("URL path", "aanvraag/link/"), applicant.request_link, name="request_link"),
    path(pgettext_lazy("URL path", "aanvraag/bevestigen/<str:token>/"), applicant.confirm_email,
         name="confirm_email"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/"), applicant.applicant, name="applicant"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/intrekken/"), applicant.withdraw, name="withdraw"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/introducties/"), applicant.introductions_consent,
         name="introductions_consent"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/cheque.pdf"), applicant.cheque_pdf, name="cheque_pdf"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/inwisselingen/<uuid:public_id>/bevestigen/"),
         applicant.answer_redemption, {"answer": "confirm"}, name="confirm_redemption"),
    path(pgettext_lazy("URL path", "aanvraag/<str:token>/inwisselingen/<uuid:public_id>/betwisten/"),
         applicant.answer_redemption, {"answer": "contest"}, name="contest_redemption"),
    path("cheque/<str:code>/", public.verify, name="verify"),
    path(pgettext_lazy("URL path", "opvolging/<str:token>/"), followup.followup, name="followup"),
]
