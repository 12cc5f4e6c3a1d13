from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import EnterpriseForm
from .models import Enterprise
from .permissions import can_edit_enterprise, can_manage_staff
from .services import enterprise_save


def _visible_enterprise(request, slug):
    return get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("region").prefetch_related("sectors", "trades"),
        slug=slug,
    )


@login_required
def enterprise_detail(request, slug):
    enterprise = _visible_enterprise(request, slug)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "can_edit": can_edit_enterprise(request.user, enterprise),
            "can_manage_staff": can_manage_staff(request.user, enterprise),
        },
    )


@login_required
def enterprise_edit(request, slug):
    enterprise = _visible_enterprise(request, slug)
    if not can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        enterprise_save(
            actor=request.user,
            enterprise=form.save(commit=False),
            sectors=form.cleaned_data["sectors"],
            trades=form.cleaned_data["trades"],
        )
        messages.success(request, _("Enterprise saved."))
        return redirect("enterprises:detail", slug=enterprise.slug)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise})
