"""Group workshops of the enterprise and who attended them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ceiq.core.forms import add_service_errors, submit_service_form
from ceiq.core.parsing import parse_choice

from .. import permissions as perms
from .. import selectors, services
from ..forms import AttendanceForm, GroupSessionForm
from ..models import GroupSession
from ._common import enterprise_of, form_page, page_of, permitted


def _session_or_404(request, pk):
    return get_object_or_404(
        GroupSession.objects.visible_to(request.user).select_related("facilitator", "enterprise"), pk=pk
    )


@login_required
def group_session_list(request):
    enterprise = permitted(request, perms.can_view_group_sessions, enterprise_of(request))
    topics = GroupSession._meta.get_field("topic").choices or []
    topic = parse_choice(request.GET.get("topic"), topics)
    rows = selectors.group_session_list(user=request.user, enterprise=enterprise, topic=topic)
    return render(
        request,
        "participants/group_session_list.html",
        {
            "page": page_of(request, rows),
            "topics": topics,
            "topic": topic,
            "can_create": perms.can_record_group_session(request.user, enterprise),
        },
    )


@login_required
def group_session_create(request):
    enterprise = permitted(request, perms.can_record_group_session, enterprise_of(request))
    form = GroupSessionForm(request.POST or None, enterprise=enterprise, initial={"facilitator": request.user})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.group_session_record(
                actor=request.user,
                enterprise=enterprise,
                topic=data["topic"],
                title=data["title"],
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                facilitator=data["facilitator"],
                present=data["present"],
                absent=data["absent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group workshop recorded."))
            return redirect("participants:group_session_detail", pk=session.pk)
    return form_page(
        request, title=_("New group workshop"), form=form, cancel_url=reverse("participants:group_session_list")
    )


@login_required
def group_session_detail(request, pk):
    session = _session_or_404(request, pk)
    permitted(request, perms.can_view_group_sessions, session.enterprise)
    return render(
        request,
        "participants/group_session_detail.html",
        {"session": session, "attendances": selectors.group_session_attendances(session)},
    )


@login_required
def group_session_attendance(request, pk):
    session = _session_or_404(request, pk)
    permitted(request, perms.can_record_group_session, session.enterprise)
    form = AttendanceForm(request.POST or None, session=session)
    detail_url = reverse("participants:group_session_detail", args=[session.pk])
    saved = submit_service_form(
        request,
        form,
        lambda form: services.group_attendance_set(actor=request.user, session=session, **form.cleaned_data),
        success=_("Attendance recorded."),
        redirect_to=detail_url,
    )
    return saved or form_page(
        request,
        title=_("Attendance"),
        form=form,
        cancel_url=detail_url,
        intro=f"{session.get_topic_display()} — {session.held_on.isoformat()}",
    )
