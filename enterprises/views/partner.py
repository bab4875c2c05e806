"""The partner portal page that belongs to a firm's profile (the partner home is in vouchers)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from enterprises import services
from enterprises.forms import EnterpriseProfileForm
from enterprises.models import SocialEnterprise


@login_required
def edit_profile(request, slug):
    enterprise = get_object_or_404(SocialEnterprise.objects.of_user(request.user), slug=slug)
    form = EnterpriseProfileForm(request.POST or None, request.FILES or None, instance=enterprise, regie=request.regie)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "categories"}
        services.update_enterprise_profile(
            enterprise=enterprise, by=request.user, changes=changes, categories=form.cleaned_data["categories"],
            regie=request.regie)
        messages.success(request, _("Your profile has been saved."))
        return redirect("partner:home")
    return TemplateResponse(request, "enterprises/partner/profile_form.html", {"form": form, "enterprise": enterprise})
