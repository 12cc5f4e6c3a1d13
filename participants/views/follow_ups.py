"""Follow-up meetings during the pathway (counsellors; confidential notes are theirs alone) and the
post-pathway follow-ups at 3, 6 and 12 months."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as perms
from .. import selectors, services
from ..forms import FollowUpForm, PostFollowUpForm
from ..models import PostPathwayFollowUp
from ._common import enterprise_of, page_of, participant_of, participant_or_404, permitted, record_page


@login_required
def follow_up_create(request, pk):
    participant = permitted(request, perms.can_record_follow_up, participant_or_404(request, pk))
    return record_page(
        request,
        form=FollowUpForm(request.POST or None, participant=participant),
        save=lambda form: services.follow_up_record(actor=request.user, participant=participant, **form.cleaned_data),
        success=_("Follow-up meeting recorded."),
        participant=participant,
        anchor="#follow-ups",
        title=_("Follow-up meeting with %(name)s") % {"name": participant},
    )


@login_required
def post_follow_up_record(request, pk):
    follow_up = get_object_or_404(
        PostPathwayFollowUp.objects.visible_to(request.user).select_related("pathway__participant", "pathway__trade"),
        pk=pk,
    )
    participant = permitted(request, perms.can_record_post_follow_up, participant_of(request, follow_up.pathway))
    initial = {"done_on": follow_up.done_on or timezone.localdate(), "situation": follow_up.situation}
    return record_page(
        request,
        form=PostFollowUpForm(request.POST or None, initial=initial | {"notes": follow_up.notes}),
        save=lambda form: services.post_pathway_follow_up_record(
            actor=request.user, follow_up=follow_up, **form.cleaned_data
        ),
        success=_("Post-pathway follow-up recorded."),
        participant=participant,
        anchor="#post-follow-ups",
        title=_("Post-pathway follow-up at %(months)s months") % {"months": follow_up.months_after},
        intro=_("Due on %(date)s") % {"date": follow_up.due_on.isoformat()},
    )


@login_required
def post_follow_up_list(request):
    """Post-pathway follow-ups of the enterprise: overdue (default), upcoming or done."""
    enterprise = permitted(request, perms.can_view_group_sessions, enterprise_of(request))
    state, rows = selectors.post_follow_up_list(
        user=request.user, enterprise=enterprise, state=request.GET.get("state")
    )
    return render(
        request,
        "participants/post_follow_up_list.html",
        {"page": page_of(request, rows), "state": state, "today": timezone.localdate()},
    )
