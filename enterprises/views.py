import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ceiq.accounts.models import Invitation
from ceiq.core.fiscal import FiscalYear
from ceiq.core.forms import add_service_errors, submit_service_form

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
from .models import (
    Enterprise,
    FundingAgreement,
    Membership,
    Partner,
    RecognitionAssessment,
    RecognitionCriterion,
    RecognitionResult,
    Region,
    Sector,
    Trade,
    stale_before,
)
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
from .selectors import enterprise_history
from .services import (
    agreement_save,
    enterprise_save,
    membership_change_role,
    membership_deactivate,
    membership_reactivate,
    partner_delete,
    partner_save,
    recognition_assess,
    reference_save,
    staff_invite,
)

DIRECTORY_PAGE_SIZE = 25


def _visible_enterprise(request, slug):
    return get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("region").prefetch_related("sectors", "trades"),
        slug=slug,
    )


# Directory (network staff) ------------------------------------------------------------------------


def _directory_queryset():
    current_places = FundingAgreement.objects.filter(
        enterprise=OuterRef("pk"), fiscal_year=FiscalYear.current().start_year
    ).values("participant_places")[:1]
    return (
        Enterprise.objects.with_recognition()
        .annotate(current_places=Subquery(current_places))
        .select_related("region")
        .order_by("name")
    )


def _directory_filter(request):
    if not can_view_directory(request.user):
        raise PermissionDenied
    return EnterpriseFilter(request.GET or None, queryset=_directory_queryset())


def _stable(queryset):
    """The chosen order, then name and id, so that pages never overlap when the sort key ties."""
    return queryset.order_by(*queryset.query.order_by, "name", "pk")


SORT_KEYS = ("name", "region", "status", "member_since")


def _sort_links(current: str) -> dict:
    """For each sortable column, the `sort` value its header link sets: ascending, or descending when
    the list is already sorted by it ascending."""
    return {key: f"-{key}" if current == key else key for key in SORT_KEYS}


@login_required
def enterprise_list(request):
    filterset = _directory_filter(request)
    queryset = _stable(filterset.qs).prefetch_related("sectors")
    page = Paginator(queryset, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
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
    filterset = _directory_filter(request)
    enterprises = _stable(filterset.qs).prefetch_related("sectors", "trades")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="entreprises-{stamp}.csv"'
    response.write("\ufeff")  # so spreadsheet software reads UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Legal name"),
            _("NEQ"),
            _("Region code"),
            _("Region"),
            _("Address"),
            _("City"),
            _("Postal code"),
            _("Phone"),
            _("Email"),
            _("Website"),
            _("Sectors"),
            _("Trades offered"),
            _("Member since"),
            _("Status"),
            _("Fully recognised"),
            _("Oldest current assessment"),
            _("Places %(year)s") % {"year": FiscalYear.current()},
        ]
    )
    for enterprise in enterprises:
        writer.writerow(
            [
                enterprise.name,
                enterprise.legal_name,
                enterprise.neq,
                enterprise.region.code,
                enterprise.region.name,
                enterprise.street_address,
                enterprise.city,
                enterprise.postal_code,
                enterprise.phone,
                enterprise.email,
                enterprise.website,
                "; ".join(sector.name for sector in enterprise.sectors.all()),
                "; ".join(trade.name for trade in enterprise.trades.all()),
                enterprise.member_since.isoformat() if enterprise.member_since else "",
                enterprise.get_status_display(),
                _("yes") if enterprise.is_fully_recognised else _("no"),
                enterprise.recognition_oldest.isoformat() if enterprise.recognition_oldest else "",
                "" if enterprise.current_places is None else enterprise.current_places,
            ]
        )
    return response


@login_required
def enterprise_create(request):
    if not can_create_enterprise(request.user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = enterprise_save(
                actor=request.user,
                enterprise=form.save(commit=False),
                sectors=form.cleaned_data["sectors"],
                trades=form.cleaned_data["trades"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Enterprise created."))
            return redirect("enterprises:detail", slug=enterprise.slug)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "enterprise": form.instance, "cancel_url": reverse("enterprises:list")},
    )


# One enterprise -----------------------------------------------------------------------------------


@login_required
def enterprise_detail(request, slug):
    staff_count = (
        Membership.objects.filter(enterprise=OuterRef("pk"), is_active=True)
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    partner_count = (
        Partner.objects.filter(enterprise=OuterRef("pk")).values("enterprise").annotate(n=Count("pk")).values("n")
    )
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user)
        .with_recognition()
        .annotate(staff_count=Coalesce(Subquery(staff_count), 0), partner_count=Coalesce(Subquery(partner_count), 0))
        .select_related("region")
        .prefetch_related("sectors", "trades"),
        slug=slug,
    )
    fiscal_year = FiscalYear.current()
    agreement = FundingAgreement.objects.filter(enterprise=enterprise, fiscal_year=fiscal_year.start_year).first()
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "agreement": agreement,
            "fiscal_year": fiscal_year,
            "staff_count": enterprise.staff_count,
            "partner_count": enterprise.partner_count,
            "criteria_count": len(RecognitionCriterion.values),
            "can_edit": can_edit_enterprise(request.user, enterprise),
            "can_manage_staff": can_manage_staff(request.user, enterprise),
            "can_manage_agreements": can_manage_agreements(request.user, enterprise),
            "history": (
                enterprise_history(enterprise) if can_view_enterprise_history(request.user, enterprise) else None
            ),
        },
    )


@login_required
def enterprise_edit(request, slug):
    enterprise = _visible_enterprise(request, slug)
    if not can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied
    cancel_url = reverse("enterprises:detail", args=[enterprise.slug])
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_save(
                actor=request.user,
                enterprise=form.save(commit=False),
                sectors=form.cleaned_data["sectors"],
                trades=form.cleaned_data["trades"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Enterprise saved."))
            return redirect("enterprises:detail", slug=enterprise.slug)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise, "cancel_url": cancel_url}
    )


# Recognition --------------------------------------------------------------------------------------


@login_required
def enterprise_recognition(request, slug):
    enterprise = _visible_enterprise(request, slug)
    can_assess = can_assess_recognition(request.user, enterprise)
    if request.method == "POST" and not can_assess:
        raise PermissionDenied
    form = RecognitionAssessmentForm(request.POST or None) if can_assess else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            recognition_assess(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("enterprises:recognition", slug=enterprise.slug)
    history = list(
        RecognitionAssessment.objects.filter(enterprise=enterprise)
        .select_related("assessed_by")
        .order_by("-assessed_on", "-pk")
    )
    latest = {}
    for assessment in history:
        latest.setdefault(assessment.criterion, assessment)
    criteria = [
        {"value": value, "label": label, "assessment": latest.get(value)}
        for value, label in RecognitionCriterion.choices
    ]
    limit = stale_before()
    for row in criteria:
        row["is_stale"] = row["assessment"] is not None and row["assessment"].assessed_on < limit
    fully = all(row["assessment"] is not None and row["assessment"].result == RecognitionResult.MET for row in criteria)
    return render(
        request,
        "enterprises/recognition.html",
        {
            "enterprise": enterprise,
            "criteria": criteria,
            "history": history,
            "fully_recognised": fully,
            "form": form,
            "can_assess": can_assess,
        },
    )


# Agreements ---------------------------------------------------------------------------------------


@login_required
def agreement_list(request, slug):
    enterprise = _visible_enterprise(request, slug)
    agreements = FundingAgreement.objects.filter(enterprise=enterprise).order_by("-fiscal_year")
    return render(
        request,
        "enterprises/agreement_list.html",
        {
            "enterprise": enterprise,
            "agreements": agreements,
            "current_year": FiscalYear.current().start_year,
            "can_manage": can_manage_agreements(request.user, enterprise),
        },
    )


def _agreement_form_page(request, enterprise, agreement):
    if not can_manage_agreements(request.user, enterprise):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, instance=agreement, enterprise=enterprise)
    saved = submit_service_form(
        request,
        form,
        lambda form: agreement_save(actor=request.user, agreement=form.save(commit=False)),
        success=_("Agreement saved."),
        redirect_to=reverse("enterprises:agreement_list", args=[enterprise.slug]),
    )
    return saved or render(
        request, "enterprises/agreement_form.html", {"form": form, "enterprise": enterprise, "agreement": agreement}
    )


@login_required
def agreement_create(request, slug):
    enterprise = _visible_enterprise(request, slug)
    return _agreement_form_page(request, enterprise, FundingAgreement(enterprise=enterprise))


@login_required
def agreement_edit(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    agreement = get_object_or_404(FundingAgreement.objects.visible_to(request.user), pk=pk, enterprise=enterprise)
    return _agreement_form_page(request, enterprise, agreement)


# Staff --------------------------------------------------------------------------------------------


@login_required
def staff_list(request, slug):
    enterprise = _visible_enterprise(request, slug)
    can_manage = can_manage_staff(request.user, enterprise)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    roles = assignable_roles(request.user, enterprise)
    form = StaffInviteForm(request.POST or None, roles=roles) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            invitation = staff_invite(
                actor=request.user,
                enterprise=enterprise,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except PermissionDenied:
            form.add_error(None, _("You may not send this invitation."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("enterprises:staff", slug=enterprise.slug)
    memberships = list(
        Membership.objects.filter(enterprise=enterprise)
        .select_related("user")
        .order_by("-is_active", "role", "user__last_name", "user__first_name")
    )
    for membership in memberships:
        membership.enterprise = enterprise  # the same row: no query per membership
        membership.can_change = can_change_membership(request.user, membership)
    invitations = (
        Invitation.objects.filter(enterprise=enterprise).pending().select_related("invited_by").order_by("-created_at")
        if can_manage
        else Invitation.objects.none()
    )
    return render(
        request,
        "enterprises/staff_list.html",
        {
            "enterprise": enterprise,
            "memberships": memberships,
            "invitations": invitations,
            "form": form,
            "can_manage": can_manage,
        },
    )


def _membership(request, enterprise, pk):
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("user", "enterprise"), pk=pk, enterprise=enterprise
    )
    if not can_change_membership(request.user, membership):
        raise PermissionDenied
    return membership


@login_required
def membership_edit(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    membership = _membership(request, enterprise, pk)
    form = MembershipRoleForm(
        request.POST or None, roles=assignable_roles(request.user, enterprise), initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role changed."))
            return redirect("enterprises:staff", slug=enterprise.slug)
    return render(
        request, "enterprises/membership_form.html", {"form": form, "enterprise": enterprise, "membership": membership}
    )


@login_required
@require_POST
def membership_deactivate_view(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    membership = _membership(request, enterprise, pk)
    membership_deactivate(actor=request.user, membership=membership)
    messages.success(request, _("%(person)s no longer has access to this enterprise.") % {"person": membership.user})
    return redirect("enterprises:staff", slug=enterprise.slug)


@login_required
@require_POST
def membership_reactivate_view(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    membership = _membership(request, enterprise, pk)
    membership_reactivate(actor=request.user, membership=membership)
    messages.success(request, _("%(person)s has access to this enterprise again.") % {"person": membership.user})
    return redirect("enterprises:staff", slug=enterprise.slug)


# Partners -----------------------------------------------------------------------------------------


@login_required
def partner_list(request, slug):
    enterprise = _visible_enterprise(request, slug)
    partners = Partner.objects.filter(enterprise=enterprise).order_by("kind", "name")
    return render(
        request,
        "enterprises/partner_list.html",
        {"enterprise": enterprise, "partners": partners, "can_manage": can_manage_partners(request.user, enterprise)},
    )


def _partner_form_page(request, enterprise, partner):
    if not can_manage_partners(request.user, enterprise):
        raise PermissionDenied
    form = PartnerForm(request.POST or None, instance=partner)
    saved = submit_service_form(
        request,
        form,
        lambda form: partner_save(actor=request.user, partner=form.save(commit=False)),
        success=_("Partner saved."),
        redirect_to=reverse("enterprises:partner_list", args=[enterprise.slug]),
    )
    return saved or render(
        request, "enterprises/partner_form.html", {"form": form, "enterprise": enterprise, "partner": partner}
    )


@login_required
def partner_create(request, slug):
    enterprise = _visible_enterprise(request, slug)
    return _partner_form_page(request, enterprise, Partner(enterprise=enterprise))


@login_required
def partner_edit(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk, enterprise=enterprise)
    return _partner_form_page(request, enterprise, partner)


@login_required
@require_POST
def partner_delete_view(request, slug, pk):
    enterprise = _visible_enterprise(request, slug)
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk, enterprise=enterprise)
    partner_delete(actor=request.user, partner=partner)
    messages.success(request, _("Partner removed."))
    return redirect("enterprises:partner_list", slug=enterprise.slug)


# Reference data (network staff) -------------------------------------------------------------------

REFERENCE_KINDS = {
    "regions": (Region, RegionForm, gettext_lazy("Administrative regions")),
    "sectors": (Sector, SectorForm, gettext_lazy("Sectors")),
    "trades": (Trade, TradeForm, gettext_lazy("Trades")),
}


def _reference_kind(request, kind):
    if not can_edit_reference_data(request.user):
        raise PermissionDenied
    if kind not in REFERENCE_KINDS:
        raise Http404
    return REFERENCE_KINDS[kind]


@login_required
def reference_list(request, kind="regions"):
    model, _form, title = _reference_kind(request, kind)
    items = model.objects.annotate(enterprise_count=Count("enterprises", distinct=True))
    if model is Trade:
        items = items.select_related("sector").order_by("sector__code", "name_fr")
    return render(
        request,
        "enterprises/reference_list.html",
        {"kind": kind, "kinds": REFERENCE_KINDS, "title": title, "items": items, "is_trade": model is Trade},
    )


def _reference_form_page(request, kind, item):
    model, form_class, title = _reference_kind(request, kind)
    form = form_class(request.POST or None, instance=item)
    saved = submit_service_form(
        request,
        form,
        lambda form: reference_save(actor=request.user, item=form.save(commit=False)),
        success=_("Reference data saved."),
        redirect_to=reverse("enterprises:reference_list", args=[kind]),
    )
    return saved or render(
        request, "enterprises/reference_form.html", {"form": form, "kind": kind, "title": title, "item": item}
    )


@login_required
def reference_create(request, kind):
    model, _form, _title = _reference_kind(request, kind)
    return _reference_form_page(request, kind, model())


@login_required
def reference_edit(request, kind, pk):
    model, _form, _title = _reference_kind(request, kind)
    return _reference_form_page(request, kind, get_object_or_404(model, pk=pk))
