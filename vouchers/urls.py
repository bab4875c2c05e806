from django.urls import path

from vouchers.views import applicant, followup, public

app_name = "vouchers"
urlpatterns = [
    path("", public.home, name="home"),
    path("aanvragen/", public.apply, name="apply"),
    path("aanvragen/verstuurd/", public.submitted, name="submitted"),
    path("aanvraag/link/", applicant.request_link, name="request_link"),
    path("aanvraag/bevestigen/<str:token>/", applicant.confirm_email, name="confirm_email"),
    path("aanvraag/<str:token>/", applicant.applicant, name="applicant"),
    path("aanvraag/<str:token>/intrekken/", applicant.withdraw, name="withdraw"),
    path("aanvraag/<str:token>/cheque.pdf", applicant.cheque_pdf, name="cheque_pdf"),
    path("aanvraag/<str:token>/inwisselingen/<uuid:public_id>/bevestigen/", applicant.answer_redemption,
         {"answer": "confirm"}, name="confirm_redemption"),
    path("aanvraag/<str:token>/inwisselingen/<uuid:public_id>/betwisten/", applicant.answer_redemption,
         {"answer": "contest"}, name="contest_redemption"),
    path("cheque/<str:code>/", public.verify, name="verify"),
    path("opvolging/<str:token>/", followup.followup, name="followup"),
]
