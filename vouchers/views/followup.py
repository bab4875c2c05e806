"""The follow-up question's page, reached by a signed link from the mail (no password): one click answers."""
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from vouchers import links, services
from vouchers.models import Answer


def followup(request, token):
    item = links.followup_for_token(token)
    if item is None or item.voucher.call.regie_id != request.regie.pk:  # on another regie's host: as invalid
        return TemplateResponse(request, "vouchers/followup_invalid.html", status=410)
    error = None
    if request.method == "POST":
        try:
            item = services.answer_followup(
                followup=item, answer=request.POST.get("answer", ""), reason=request.POST.get("reason", ""),
                comment=request.POST.get("comment", ""), may_quote=request.POST.get("may_quote") == "on")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return TemplateResponse(request, "vouchers/followup_thanks.html", {"followup": item, "token": token})
    return TemplateResponse(request, "vouchers/followup.html", {
        "followup": item, "answers": Answer, "error": error, "customer": item.voucher.application,
        "firm": item.enterprise}, status=400 if error else 200)
