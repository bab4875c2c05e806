"""Partner page for a random check: the firm sends proof (files and a note) for one of its redemptions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from vouchers import services
from vouchers.check_forms import CheckProofForm
from vouchers.exceptions import TransitionError
from vouchers.selectors import firm_redemption


@login_required
def check_proof(request, public_id):
    """404 for a redemption of another firm; the form only while the check waits for proof."""
    redemption = firm_redemption(regie=request.regie, user=request.user, public_id=public_id)
    if redemption is None:
        raise Http404
    form = CheckProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():  # the service refuses once the outcome is recorded
        try:
            services.submit_check_proof(redemption=redemption, by=request.user, files=form.cleaned_data["proof"],
                                        note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        except TransitionError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Thank you. The proof is sent; the coordinator reviews it."))
            return redirect("partner:home")
    return TemplateResponse(request, "vouchers/partner_check_proof.html", {
        "form": form, "redemption": redemption, "proofs": redemption.check_proofs.all()})
