"""What is recorded on a participant's file along the pathway: evaluations (on the grid of eight
criteria), qualifications and internships."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import permissions as perms
from .. import selectors, services
from ..forms import EvaluationForm, InternshipForm, QualificationForm
from ..models import Internship
from ._common import participant_of, participant_or_404, pathway_or_404, permitted, record_page


@login_required
def evaluation_create(request, pk):
    participant = permitted(request, perms.can_record_evaluation, participant_or_404(request, pk))
    form = EvaluationForm(request.POST or None, participant=participant)
    pathways = form.fields["pathway"]
    pathways.queryset = selectors.evaluable_pathways(pathways.queryset, user=request.user, participant=participant)
    return record_page(
        request,
        form=form,
        save=lambda form: services.evaluation_record(
            actor=request.user,
            pathway=form.cleaned_data["pathway"],
            evaluated_on=form.cleaned_data["evaluated_on"],
            comments=form.cleaned_data["comments"],
            **form.scores(),
        ),
        success=_("Evaluation recorded."),
        participant=participant,
        anchor="#evaluations",
        title=_("Evaluation of %(name)s") % {"name": participant},
        intro=_("Each criterion is scored from 1 (to develop) to 4 (mastered)."),
    )


@login_required
def qualification_create(request, pk):
    participant = permitted(request, perms.can_record_qualification, participant_or_404(request, pk))
    return record_page(
        request,
        form=QualificationForm(request.POST or None, participant=participant),
        save=lambda form: services.qualification_record(
            actor=request.user, participant=participant, **form.cleaned_data
        ),
        success=_("Qualification recorded."),
        participant=participant,
        anchor="#qualifications",
        title=_("Qualification obtained by %(name)s") % {"name": participant},
    )


def _internship_page(request, *, form, save, participant, pathway):
    return record_page(
        request,
        form=form,
        save=save,
        success=_("Internship recorded."),
        participant=participant,
        anchor="#internships",
        title=_("Internship of %(name)s") % {"name": participant},
        intro=str(pathway),
    )


@login_required
def internship_create(request, pk):
    pathway = pathway_or_404(request, pk)
    participant = permitted(request, perms.can_record_internship, participant_of(request, pathway))
    return _internship_page(
        request,
        form=InternshipForm(request.POST or None, user=request.user),
        save=lambda form: services.internship_record(actor=request.user, pathway=pathway, **form.cleaned_data),
        participant=participant,
        pathway=pathway,
    )


@login_required
def internship_edit(request, pk):
    internship = get_object_or_404(
        Internship.objects.visible_to(request.user).select_related("pathway__participant", "pathway__trade"), pk=pk
    )
    participant = permitted(request, perms.can_record_internship, participant_of(request, internship.pathway))

    def save(form):
        internship.refresh_from_db()  # the bound ModelForm changed the instance while validating
        services.internship_update(actor=request.user, internship=internship, **form.cleaned_data)

    return _internship_page(
        request,
        form=InternshipForm(request.POST or None, instance=internship, user=request.user),
        save=save,
        participant=participant,
        pathway=internship.pathway,
    )
