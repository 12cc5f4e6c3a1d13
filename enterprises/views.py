from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ceiq.accounts.forms import invitation_sent_message
from ceiq.core.exports import csv_response, dated_filename
from ceiq.core.fiscal import FiscalYear
from ceiq.core.forms import submit_service_form
from ceiq.core.parsing import page_number
from ceiq.core.services import require

from . import selectors, services
from .exports import DIRECTORY_COLUMNS, DIRECTORY_FILENAME_STEM
from .filters import EnterpriseFilter
from .forms import (
    AgreementForm,
    EnterpriseForm,
    MembershipRoleForm,
    PartnerForm,
    RecognitionAssessmentForm,
    RegionForm,
    SectorForm,
    StaffInviteForm,
    TradeForm,
)
from .models import FundingAgreement, Membership, Partner, RecognitionCriterion, Region, Sector, Trade
from .permissions import (
    assignable_roles,
    can_assess_recognition,
    can_change_membership,
    can_create_enterprise,
    can_edit_enterprise,
    can_edit_reference_data,
    can_manage_agreements,
    can_manage_partners,
    can_manage_staff,
    can_view_directory,
    can_view_enterprise_history,
)

DIRECTORY_PAGE_SIZE = 25
SORT_KEYS = ("name", "region", "status", "member_since")


def _visible_enterprise(request, slug):
    return get_object_or_404(selectors.enterprises_visible_to(request.user), slug=slug)


def _form_page(request, form, write, *, success, redirect_to, template, context):
    """A form page: on a valid POST the service `write(actor=…, data=form.cleaned_data)` (see
    ceiq.core.forms.submit_service_form), else the form rendered."""
    saved = submit_service_form(
        request,
        form,
        lambda form: write(actor=request.user, data=form.cleaned_data),
        success=success,
        redirect_to=redirect_to,
    )
    return saved or render(request, template, {"form": form, **context})


def _detail_url(enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.slug])


# Directory (network staff) ------------------------------------------------------------------------


def _directory_filter(request):
    require(can_view_directory(request.user))
    return EnterpriseFilter(request.GET or None, queryset=selectors.directory_queryset())


def _sort_links(current: str) -> dict:
    """For each sortable column, the `sort` value its header link sets: ascending, or descending when
    the list is already sorted by it ascending."""
    return {key: f"-{key}" if current == key else key for key in SORT_KEYS}


@login_required
def enterprise_list(request):
    filterset = _directory_filter(request)
    queryset = selectors.stable_order(filterset.qs).prefetch_related("sectors")
    page = Paginator(queryset, DIRECTORY_PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "filter": filterset,
            "page": page,
            "enterprises": page.object_list,
            "sort_links": _sort_links(request.GET.get("sort", "")),
            "can_create": can_create_enterprise(request.user),
            "fiscal_year": FiscalYear.current(),
            "criteria_count": len(RecognitionCriterion.values),
        },
    )


@login_required
def enterprise_export_csv(request):
    enterprises = selectors.stable_order(_directory_filter(request).qs).prefetch_related("sectors", "trades")
    return csv_response(DIRECTORY_COLUMNS, enterprises, filename=dated_filename(DIRECTORY_FILENAME_STEM))


@login_required
def enterprise_create(request):
    require(can_create_enterprise(request.user))
    form = EnterpriseForm(request.POST or None)
    return _form_page(
        request,
        form,
        services.enterprise_create,
        success=_("Enterprise created."),
        redirect_to=_detail_url,
        template="enterprises/enterprise_form.html",
        context={"enterprise": form.instance, "cancel_url": reverse("enterprises:list")},
    )


# One enterprise -----------------------------------------------------------------------------------


@login_required
def enterprise_detail(request, slug):
    user = request.user
    enterprise = get_object_or_404(selectors.enterprise_profiles_visible_to(user), slug=slug)
    fiscal_year = FiscalYear.current()
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "agreement": selectors.current_agreement(enterprise, fiscal_year),
            "fiscal_year": fiscal_year,
            "staff_count": enterprise.staff_count,
            "partner_count": enterprise.partner_count,
            "criteria_count": len(RecognitionCriterion.values),
            "can_edit": can_edit_enterprise(user, enterprise),
            "can_manage_staff": can_manage_staff(user, enterprise),
            "can_manage_agreements": can_manage_agreements(user, enterprise),
            "history": (
                selectors.enterprise_history(enterprise) if can_view_enterprise_history(user, enterprise) else None
            ),
        },
    )


@login_required
def enterprise_edit(request, slug):
    enterprise = _visible_enterprise(request, slug)
    require(can_edit_enterprise(request.user, enterprise))
    cancel_url = _detail_url(enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    return _form_page(
        request,
        form,
        partial(services.enterprise_update, enterprise=enterprise),
        success=_("Enterprise saved."),
        redirect_to=_detail_url,
        template="enterprises/enterprise_form.html",
        context={"enterprise": enterprise, "cancel_url": cancel_url},
    )


# Recognition --------------------------------------------------------------------------------------


@login_required
def enterprise_recognition(request, slug):
    enterprise = _visible_enterprise(request, slug)
    can_assess = can_assess_recognition(request.user, enterprise)
    if request.method == "POST":
        require(can_assess)
    form = RecognitionAssessmentForm(request.POST or None) if can_assess else None
    if form is not None:
        saved = submit_service_form(
            request,
            form,
            lambda form: services.recognition_assess(actor=request.user, enterprise=enterprise, **form.cleaned_data),
            success=_("Assessment recorded."),
            redirect_to=reverse("enterprises:recognition", args=[enterprise.slug]),
        )
        if saved:
            return saved
    overview = selectors.recognition_overview(enterprise)
    return render(
        request,
        "enterprises/recognition.html",
        {
            "enterprise": enterprise,
            "criteria": overview.criteria,
            "history": overview.history,
            "fully_recognised": overview.fully_recognised,
            "form": form,
            "can_assess": can_assess,
        },
    )


# Agreements and partners: a list, and a form page to create or edit one row ----------------------


@dataclass(frozen=True)
class RowPages:
    """The list, create and edit pages of one kind of row an enterprise owns: its model, how the list
    reads it, its form, who may write it, the services that create and update it."""

    model: type[models.Model]
    rows: Callable[..., QuerySet]  # (enterprise) → the list's rows
    form: Callable[..., forms.BaseForm]  # (data, instance=…, enterprise=…)
    may_manage: Callable[..., bool]  # (user, enterprise)
    create: Callable[..., models.Model]  # (actor=…, enterprise=…, data=…)
    update: Callable[..., models.Model]  # (actor=…, <name>=row, data=…)
    name: str  # the row's name in the update service, the templates and their context
    plural: str  # the rows' name in the list's context
    success: str | Promise
    list_url: str


AGREEMENT_PAGES = RowPages(
    model=FundingAgreement,
    rows=selectors.agreements_of,
    form=AgreementForm,
    may_manage=can_manage_agreements,
    create=services.agreement_create,
    update=services.agreement_update,
    name="agreement",
    plural="agreements",
    success=gettext_lazy("Agreement saved."),
    list_url="enterprises:agreement_list",
)
PARTNER_PAGES = RowPages(
    model=Partner,
    rows=selectors.partners_of,
    form=lambda data, *, instance, enterprise: PartnerForm(data, instance=instance),
    may_manage=can_manage_partners,
    create=services.partner_create,
    update=services.partner_update,
    name="partner",
    plural="partners",
    success=gettext_lazy("Partner saved."),
    list_url="enterprises:partner_list",
)


def _visible_row(request, enterprise, model, pk):
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk, enterprise=enterprise)


def _row_list_page(request, slug, pages: RowPages, **extra):
    enterprise = _visible_enterprise(request, slug)
    return render(
        request,
        f"enterprises/{pages.name}_list.html",
        {
            "enterprise": enterprise,
            pages.plural: pages.rows(enterprise),
            "can_manage": pages.may_manage(request.user, enterprise),
            **extra,
        },
    )


def _row_form_page(request, slug, pages: RowPages, pk=None):
    enterprise = _visible_enterprise(request, slug)
    row = pages.model(enterprise=enterprise) if pk is None else _visible_row(request, enterprise, pages.model, pk)
    require(pages.may_manage(request.user, enterprise))
    write = partial(pages.create, enterprise=enterprise) if pk is None else partial(pages.update, **{pages.name: row})
    return _form_page(
        request,
        pages.form(request.POST or None, instance=row, enterprise=enterprise),
        write,
        success=str(pages.success),
        redirect_to=reverse(pages.list_url, args=[enterprise.slug]),
        template=f"enterprises/{pages.name}_form.html",
        context={"enterprise": enterprise, pages.name: row},
    )


@login_required
def agreement_list(request, slug):
    return _row_list_page(request, slug, AGREEMENT_PAGES, current_year=FiscalYear.current().start_year)


@login_required
def agreement_form(request, slug, pk=None):
    """Create an agreement (no pk) or edit one."""
    return _row_form_page(request, slug, AGREEMENT_PAGES, pk)


@login_required
def partner_list(request, slug):
    return _row_list_page(request, slug, PARTNER_PAGES)


@login_required
def partner_form(request, slug, pk=None):
    """Create a partner (no pk) or edit one."""
    return _row_form_page(request, slug, PARTNER_PAGES, pk)


@login_required
@require_POST
def partner_delete_view(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    services.partner_delete(actor=request.user, partner=_visible_row(request, enterprise, Partner, pk))
    messages.success(request, _("Partner removed."))
    return redirect("enterprises:partner_list", slug=enterprise.slug)


# Staff --------------------------------------------------------------------------------------------


@login_required
def staff_list(request, slug):
    enterprise = _visible_enterprise(request, slug)
    can_manage = can_manage_staff(request.user, enterprise)
    if request.method == "POST":
        require(can_manage)
    form = (
        StaffInviteForm(request.POST or None, roles=assignable_roles(request.user, enterprise)) if can_manage else None
    )

    if form is not None:
        saved = submit_service_form(
            request,
            form,
            lambda form: services.staff_invite(actor=request.user, enterprise=enterprise, **form.cleaned_data),
            success=invitation_sent_message,
            redirect_to=reverse("enterprises:staff", args=[enterprise.slug]),
            refused=_("You may not send this invitation."),
        )
        if saved:
            return saved
    memberships = selectors.team_of(enterprise)
    for membership in memberships:
        membership.can_change = can_change_membership(request.user, membership)
    return render(
        request,
        "enterprises/staff_list.html",
        {
            "enterprise": enterprise,
            "memberships": memberships,
            "invitations": selectors.pending_invitations_to(enterprise) if can_manage else [],
            "form": form,
            "can_manage": can_manage,
        },
    )


def _membership(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("user", "enterprise"), pk=pk, enterprise=enterprise
    )
    require(can_change_membership(request.user, membership))
    return enterprise, membership


@login_required
def membership_edit(request, slug, pk):
    enterprise, membership = _membership(request, slug, pk)
    roles = assignable_roles(request.user, enterprise)
    return _form_page(
        request,
        MembershipRoleForm(request.POST or None, roles=roles, initial={"role": membership.role}),
        lambda *, actor, data: services.membership_change_role(actor=actor, membership=membership, **data),
        success=_("Role changed."),
        redirect_to=reverse("enterprises:staff", args=[enterprise.slug]),
        template="enterprises/membership_form.html",
        context={"enterprise": enterprise, "membership": membership},
    )


def _membership_access_change(request, slug, pk, change, message):
    enterprise, membership = _membership(request, slug, pk)
    change(actor=request.user, membership=membership)
    messages.success(request, message % {"person": membership.user})
    return redirect("enterprises:staff", slug=enterprise.slug)


@login_required
@require_POST
def membership_deactivate_view(request, slug, pk):
    message = _("%(person)s no longer has access to this enterprise.")
    return _membership_access_change(request, slug, pk, services.membership_deactivate, message)


@login_required
@require_POST
def membership_reactivate_view(request, slug, pk):
    message = _("%(person)s has access to this enterprise again.")
    return _membership_access_change(request, slug, pk, services.membership_reactivate, message)


# Reference data (network staff) -------------------------------------------------------------------

REFERENCE_KINDS = {
    "regions": (Region, RegionForm, gettext_lazy("Administrative regions")),
    "sectors": (Sector, SectorForm, gettext_lazy("Sectors")),
    "trades": (Trade, TradeForm, gettext_lazy("Trades")),
}


def _reference_kind(request, kind):
    require(can_edit_reference_data(request.user))
    if kind not in REFERENCE_KINDS:
        raise Http404
    return REFERENCE_KINDS[kind]


@login_required
def reference_list(request, kind="regions"):
    model, _form, title = _reference_kind(request, kind)
    return render(
        request,
        "enterprises/reference_list.html",
        {
            "kind": kind,
            "kinds": REFERENCE_KINDS,
            "title": title,
            "items": selectors.reference_items(model),
            "is_trade": model is Trade,
        },
    )


@login_required
def reference_form(request, kind, pk=None):
    """Create a row of reference data (no pk) or edit one."""
    model, form_class, title = _reference_kind(request, kind)
    item = model() if pk is None else get_object_or_404(model, pk=pk)
    return _form_page(
        request,
        form_class(request.POST or None, instance=item),
        (
            partial(services.reference_create, model=model)
            if pk is None
            else partial(services.reference_update, item=item)
        ),
        success=_("Reference data saved."),
        redirect_to=reverse("enterprises:reference_list", args=[kind]),
        template="enterprises/reference_form.html",
        context={"kind": kind, "title": title, "item": item},
    )
