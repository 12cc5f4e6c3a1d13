"""Pathway transitions and the other writes (docs/conventions.md, "Writes")."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from employers.models import Placement
from participants import services
from participants.models import Consent, PathwayTransition, PostPathwayFollowUp
from tests.factories.employers import EmployerFactory
from tests.factories.enterprises import FundingAgreementFactory, trade
from tests.factories.participants import ParticipantFactory, PathwayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(enterprise):
    return ParticipantFactory(enterprise=enterprise)


def _planned(users, participant, start=date(2025, 6, 2)):
    return services.pathway_create(actor=users["coordinator"], participant=participant, trade=trade(), start_date=start)


def test_planned_end_defaults_to_27_weeks(users, participant):
    pathway = _planned(users, participant)
    assert pathway.planned_end_date == date(2025, 6, 2) + timedelta(weeks=27)
    assert pathway.status == "planned"
    assert pathway.transitions.get().to_status == "planned"


def test_planned_end_follows_the_agreement_of_the_start_fiscal_year(users, participant, enterprise):
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2025, standard_pathway_weeks=30)
    FundingAgreementFactory(enterprise=enterprise, fiscal_year=2024, standard_pathway_weeks=20)
    pathway = _planned(users, participant, start=date(2025, 6, 2))
    assert pathway.planned_end_date == date(2025, 6, 2) + timedelta(weeks=30)
    earlier = services.pathway_create(
        actor=users["coordinator"],
        participant=ParticipantFactory(enterprise=enterprise),
        trade=trade(),
        start_date=date(2025, 3, 3),
    )
    assert earlier.planned_end_date == date(2025, 3, 3) + timedelta(weeks=20)


def test_planned_end_is_editable(users, participant):
    pathway = services.pathway_create(
        actor=users["coordinator"],
        participant=participant,
        trade=trade(),
        start_date=date(2025, 6, 2),
        planned_end_date=date(2026, 1, 30),
    )
    assert pathway.planned_end_date == date(2026, 1, 30)
    with pytest.raises(ValidationError):
        services.pathway_update(actor=users["coordinator"], pathway=pathway, planned_end_date=date(2025, 5, 1))


def test_start_logs_who_when_and_why_and_opens_the_intake_phase(users, participant):
    pathway = _planned(users, participant)
    services.pathway_start(actor=users["coordinator"], pathway=pathway, reason="Entrée en poste")
    assert pathway.status == "active"
    transition = pathway.transitions.last()
    assert (transition.from_status, transition.to_status, transition.by, transition.reason) == (
        "planned",
        "active",
        users["coordinator"],
        "Entrée en poste",
    )
    assert pathway.phases.get().phase == "intake"


def test_a_later_start_keeps_the_planned_length(users, participant):
    pathway = _planned(users, participant)
    services.pathway_start(actor=users["coordinator"], pathway=pathway, start_date=date(2025, 6, 9))
    assert (pathway.start_date, pathway.planned_end_date) == (date(2025, 6, 9), date(2025, 6, 9) + timedelta(weeks=27))


def test_no_second_active_pathway(users, participant):
    services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    # Planned after the first one's planned end (pathways of one person never overlap).
    second = _planned(users, participant, start=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="already has an active pathway|a déjà un parcours actif"):
        services.pathway_start(actor=users["coordinator"], pathway=second)
    second.refresh_from_db()
    assert second.status == "planned"


def test_suspended_pathway_also_blocks_a_second_start(users, participant):
    first = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    services.pathway_suspend(actor=users["coordinator"], pathway=first, effective_date=date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant, date(2026, 1, 5)))


def test_suspended_pathways_resume(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    services.pathway_suspend(
        actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 7, 1), reason="Santé"
    )
    assert pathway.status == "suspended"
    services.pathway_resume(actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 7, 20))
    assert pathway.status == "active"
    assert list(pathway.transitions.values_list("to_status", flat=True)) == ["planned", "active", "suspended", "active"]


def test_only_suspended_pathways_resume_and_only_active_ones_suspend(users, participant):
    pathway = _planned(users, participant)
    with pytest.raises(ValidationError):
        services.pathway_resume(actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.pathway_suspend(actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 7, 1))


def test_no_exit_before_start(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    with pytest.raises(ValidationError) as error:
        services.pathway_exit(
            actor=users["coordinator"],
            pathway=pathway,
            end_date=date(2025, 5, 30),
            status="completed",
            exit_outcome="job",
        )
    assert "end_date" in error.value.message_dict
    pathway.refresh_from_db()
    assert pathway.status == "active"


def test_no_exit_from_a_planned_pathway(users, participant):
    pathway = _planned(users, participant)
    with pytest.raises(ValidationError):
        services.pathway_exit(
            actor=users["coordinator"],
            pathway=pathway,
            end_date=date(2025, 12, 5),
            status="completed",
            exit_outcome="job",
        )


def test_completed_is_final(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    services.pathway_exit(
        actor=users["coordinator"], pathway=pathway, end_date=date(2025, 12, 5), status="completed", exit_outcome="job"
    )
    for attempt in (
        lambda: services.pathway_suspend(actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 12, 6)),
        lambda: services.pathway_resume(actor=users["coordinator"], pathway=pathway, effective_date=date(2025, 12, 6)),
        lambda: services.pathway_start(actor=users["coordinator"], pathway=pathway),
        lambda: services.pathway_exit(
            actor=users["coordinator"],
            pathway=pathway,
            end_date=date(2025, 12, 9),
            status="dropped_out",
            exit_outcome="other",
            dropout_reason="other",
        ),
    ):
        with pytest.raises(ValidationError, match="final|définitif"):
            attempt()
    pathway.refresh_from_db()
    assert (pathway.status, pathway.actual_end_date) == ("completed", date(2025, 12, 5))


def test_drop_out_needs_a_reason(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    with pytest.raises(ValidationError) as error:
        services.pathway_exit(
            actor=users["coordinator"],
            pathway=pathway,
            end_date=date(2025, 8, 5),
            status="dropped_out",
            exit_outcome="other",
        )
    assert "dropout_reason" in error.value.message_dict
    services.pathway_exit(
        actor=users["coordinator"],
        pathway=pathway,
        end_date=date(2025, 8, 5),
        status="dropped_out",
        exit_outcome="job_search",
        dropout_reason="health",
    )
    assert pathway.dropout_reason == "health"


def test_exit_schedules_post_pathway_follow_ups_idempotently(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    services.pathway_exit(
        actor=users["coordinator"],
        pathway=pathway,
        end_date=date(2025, 11, 30),
        status="completed",
        exit_outcome="school",
    )
    due = dict(PostPathwayFollowUp.objects.filter(pathway=pathway).values_list("months_after", "due_on"))
    assert due == {3: date(2026, 2, 28), 6: date(2026, 5, 30), 12: date(2026, 11, 30)}
    services.post_pathway_follow_ups_schedule(pathway=pathway)
    assert PostPathwayFollowUp.objects.filter(pathway=pathway).count() == 3
    transition = pathway.transitions.last()
    assert (transition.from_status, transition.to_status, transition.effective_date) == (
        "active",
        "completed",
        date(2025, 11, 30),
    )


@override_settings(CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS=[1, 24])
def test_post_pathway_milestones_are_a_setting(users, participant):
    pathway = PathwayFactory(participant=participant, status="active")
    services.pathway_exit(
        actor=users["coordinator"], pathway=pathway, end_date=date(2025, 12, 5), status="completed", exit_outcome="job"
    )
    assert sorted(pathway.post_follow_ups.values_list("months_after", flat=True)) == [1, 24]


def test_job_exit_with_employer_records_the_placement(users, participant):
    pathway = PathwayFactory(participant=participant, status="active")
    employer = EmployerFactory()
    services.pathway_exit(
        actor=users["coordinator"],
        pathway=pathway,
        end_date=date(2025, 12, 5),
        status="completed",
        exit_outcome="job",
        placement_employer=employer,
        placement_job_title="Aide-ébéniste",
        placement_start_date=date(2025, 12, 8),
    )
    placement = Placement.objects.get(participant=participant)
    assert (placement.pathway, placement.employer, placement.job_title) == (pathway, employer, "Aide-ébéniste")


def test_job_exit_from_the_employers_app_without_details_records_no_placement(users, participant):
    pathway = PathwayFactory(participant=participant, status="active")
    services.pathway_exit(
        actor=users["coordinator"], pathway=pathway, end_date=date(2025, 12, 5), status="completed", exit_outcome="job"
    )
    assert not Placement.objects.exists()


def test_consents_are_given_per_purpose_and_withdrawn_at_once(users, enterprise):
    participant = services.participant_create(
        actor=users["coordinator"],
        enterprise=enterprise,
        first_name="Léa",
        last_name="Tremblay",
        privacy_notice_version="2026-01",
        consent_purposes=["processing", "employer_sharing"],
    )
    assert set(participant.consents.values_list("purpose", "notice_version")) == {
        ("processing", "2026-01"),
        ("employer_sharing", "2026-01"),
    }
    assert participant.__class__.objects.with_employer_sharing_consent().filter(pk=participant.pk).exists()
    services.consent_withdraw(actor=users["coordinator"], participant=participant, purpose="employer_sharing")
    assert not participant.__class__.objects.with_employer_sharing_consent().filter(pk=participant.pk).exists()
    withdrawn = Consent.objects.get(participant=participant, purpose="employer_sharing")
    assert withdrawn.withdrawn_at is not None
    again = services.consent_give(actor=users["coordinator"], participant=participant, purpose="employer_sharing")
    assert again.pk != withdrawn.pk
    assert participant.consents.count() == 3


def test_only_counsellors_write_confidential_notes(users, participant):
    with pytest.raises(PermissionDenied):
        services.follow_up_record(
            actor=users["coordinator"],
            participant=participant,
            met_on=date(2025, 7, 1),
            duration_minutes=30,
            confidential_notes="Secret",
        )
    follow_up = services.follow_up_record(
        actor=users["counsellor"],
        participant=participant,
        met_on=date(2025, 7, 1),
        duration_minutes=30,
        topics=["housing"],
        summary="Résumé",
        confidential_notes="Secret",
    )
    assert follow_up.counsellor == users["counsellor"]


def test_evaluation_scores_stay_on_the_grid(users, participant):
    pathway = PathwayFactory(participant=participant, supervisor=users["supervisor"])
    scores = dict.fromkeys(
        ["punctuality", "quality", "productivity", "teamwork", "safety", "self_confidence", "motivation", "autonomy"], 3
    )
    services.evaluation_record(actor=users["supervisor"], pathway=pathway, evaluated_on=date(2025, 7, 1), **scores)
    with pytest.raises(ValidationError):
        services.evaluation_record(
            actor=users["supervisor"], pathway=pathway, evaluated_on=date(2025, 7, 8), **(scores | {"quality": 5})
        )


def test_post_pathway_follow_up_records_the_situation(users, participant):
    pathway = PathwayFactory(participant=participant, status="active")
    services.pathway_exit(
        actor=users["coordinator"], pathway=pathway, end_date=date(2025, 6, 30), status="completed", exit_outcome="job"
    )
    follow_up = pathway.post_follow_ups.get(months_after=3)
    services.post_pathway_follow_up_record(
        actor=users["coordinator"], follow_up=follow_up, done_on=date(2025, 10, 1), situation="employed_same"
    )
    follow_up.refresh_from_db()
    assert (follow_up.situation, follow_up.recorded_by) == ("employed_same", users["coordinator"])
    with pytest.raises(ValidationError):
        services.post_pathway_follow_up_record(
            actor=users["coordinator"], follow_up=follow_up, done_on=date(2025, 6, 1), situation="seeking"
        )


def test_transition_count_is_one_per_change(users, participant):
    pathway = services.pathway_start(actor=users["coordinator"], pathway=_planned(users, participant))
    assert PathwayTransition.objects.filter(pathway=pathway).count() == 2
