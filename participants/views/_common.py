"""What the participants' pages share: the enterprise of the context, the fetch of one participant or
pathway (another enterprise's → 404), pagination, the form page and the recording pages' round trip."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ceiq.core.forms import submit_service_form
from ceiq.core.parsing import page_number

from ..models import Participant, Pathway

PAGE_SIZE = 25


def enterprise_of(request):
    """The enterprise of the current context; list pages exist only there."""
    if request.portal is None or request.enterprise is None:
        raise PermissionDenied
    return request.enterprise


def permitted(request, allowed, target):
    """`target` once `allowed(user, target)` (a check of participants.permissions) says yes; a
    PermissionDenied (403) otherwise."""
    if not allowed(request.user, target):
        raise PermissionDenied
    return target


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(page_number(request))


def participant_or_404(request, pk, queryset=None):
    """The participant with the prefetched pathways the permission checks read."""
    queryset = queryset if queryset is not None else Participant.objects.all()
    return get_object_or_404(
        queryset.visible_to(request.user)
        .select_related("enterprise")
        .prefetch_related(
            Prefetch("pathways", queryset=Pathway.objects.select_related("trade").order_by("-start_date"))
        ),
        pk=pk,
    )


def pathway_or_404(request, pk):
    return get_object_or_404(
        Pathway.objects.visible_to(request.user).select_related("participant", "enterprise", "trade"), pk=pk
    )


def participant_of(request, pathway):
    """The pathway's participant, fetched as `participant_or_404` does."""
    return participant_or_404(request, pathway.participant_id)


def file_url(participant_id, anchor=""):
    return reverse("participants:detail", args=[participant_id]) + anchor


def form_page(request, *, title, form, cancel_url, submit=None, intro="", participant=None):
    return render(
        request,
        "participants/form_page.html",
        {
            "title": title,
            "form": form,
            "cancel_url": cancel_url,
            "submit_label": submit or _("Save"),
            "intro": intro,
            "participant": participant,
        },
    )


def record_page(request, *, form, save, success, participant, anchor, title, intro=""):
    """Every page that records something on a participant's file: on a valid POST, `save(form)` calls
    the service; its ValidationError goes back on the form; success returns to the file's section."""
    saved = submit_service_form(request, form, save, success=success, redirect_to=file_url(participant.pk, anchor))
    return saved or form_page(
        request, title=title, form=form, cancel_url=file_url(participant.pk), participant=participant, intro=intro
    )
