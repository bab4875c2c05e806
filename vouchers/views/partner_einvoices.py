"""Partner page for e-invoices: a firm sends the credit note it made against the invoice of one of its
redemptions; the redemption goes on the coordinator's attention list."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from vouchers import services
from vouchers.forms import add_errors
from vouchers.redeem_forms import CreditNoteForm
from vouchers.selectors import firm_redemption


@login_required
def credit_note(request, public_id):
    """404 for a redemption of another firm; the form until a credit note is received (the service guards)."""
    redemption = firm_redemption(regie=request.regie, user=request.user, public_id=public_id)
    if redemption is None:
        raise Http404
    form = CreditNoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.receive_credit_note(redemption=redemption, credit_note=form.cleaned_data["credit_note"],
                                         by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. The credit note is stored; the coordinator looks at the "
                                        "redemption again."))
            return redirect("partner:home")
    return TemplateResponse(request, "vouchers/partner_credit_note.html", {"form": form, "redemption": redemption})
