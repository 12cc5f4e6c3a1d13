"""A person's data in a structured format (Québec Law 25: access and portability). Confidential
psycho-social notes are not part of this export: a counsellor handles their communication."""

from django.db.models import Prefetch

from .choices import EVALUATION_CRITERIA
from .models import FollowUp, Participant, Pathway


def _date(value):
    return value.isoformat() if value else None


def participant_data(participant_id: int) -> dict:
    participant = (
        Participant.objects.select_related("enterprise", "region")
        .prefetch_related(
            "barriers",
            "consents",
            "qualifications",
            "attendances__session",
            "placements__employer",
            Prefetch(
                "pathways",
                queryset=Pathway.objects.select_related("trade", "counsellor", "supervisor").prefetch_related(
                    "transitions", "phases", "evaluations", "internships__employer", "post_follow_ups"
                ),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.defer("confidential_notes")),
        )
        .get(pk=participant_id)
    )
    return {
        "enterprise": participant.enterprise.name,
        "identity": {
            "external_id": participant.external_id,
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "birth_date": _date(participant.birth_date),
            "gender": participant.gender,
            "preferred_language": participant.preferred_language,
            "email": participant.email,
            "phone": participant.phone,
            "street_address": participant.street_address,
            "city": participant.city,
            "postal_code": participant.postal_code,
            "region": participant.region.code if participant.region else None,
        },
        "intake": {
            "schooling_at_intake": participant.schooling_at_intake,
            "income_source_at_intake": participant.income_source_at_intake,
            "referral_source": participant.referral_source,
            "barriers": [barrier.code for barrier in participant.barriers.all()],
            "is_immigrant": participant.is_immigrant,
            "privacy_notice_version": participant.privacy_notice_version,
        },
        "employer_profile": {
            "strengths_summary": participant.strengths_summary,
            "available_from": _date(participant.available_from),
        },
        "consents": [
            {
                "purpose": consent.purpose,
                "notice_version": consent.notice_version,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in participant.consents.all()
        ],
        "pathways": [_pathway(pathway) for pathway in participant.pathways.all()],
        "follow_up_meetings": [
            {
                "date": _date(follow_up.met_on),
                "duration_minutes": follow_up.duration_minutes,
                "topics": follow_up.topics,
                "summary": follow_up.summary,
            }
            for follow_up in participant.follow_ups.all()
        ],
        "group_workshops": [
            {"date": _date(a.session.held_on), "topic": a.session.topic, "present": a.present}
            for a in participant.attendances.all()
        ],
        "qualifications": [
            {"kind": q.kind, "title": q.title, "obtained_on": _date(q.obtained_on), "issuer": q.issuer}
            for q in participant.qualifications.all()
        ],
        "hires": [
            {"employer": p.employer.name, "job_title": p.job_title, "start_date": _date(p.start_date)}
            for p in participant.placements.all()
        ],
    }


def _pathway(pathway) -> dict:
    return {
        "trade": pathway.trade.code,
        "status": pathway.status,
        "start_date": _date(pathway.start_date),
        "planned_end_date": _date(pathway.planned_end_date),
        "actual_end_date": _date(pathway.actual_end_date),
        "weekly_hours": str(pathway.weekly_hours),
        "exit_outcome": pathway.exit_outcome,
        "dropout_reason": pathway.dropout_reason,
        "status_history": [
            {"from": t.from_status, "to": t.to_status, "date": _date(t.effective_date), "reason": t.reason}
            for t in pathway.transitions.all()
        ],
        "phases": [
            {"phase": p.phase, "start_date": _date(p.start_date), "end_date": _date(p.end_date)}
            for p in pathway.phases.all()
        ],
        "evaluations": [
            {"date": _date(e.evaluated_on), **{name: getattr(e, name) for name, _label in EVALUATION_CRITERIA}}
            | {"comments": e.comments}
            for e in pathway.evaluations.all()
        ],
        "internships": [
            {
                "employer": i.employer.name,
                "start_date": _date(i.start_date),
                "end_date": _date(i.end_date),
                "evaluation": i.evaluation,
                "led_to_hire": i.led_to_hire,
            }
            for i in pathway.internships.all()
        ],
        "post_pathway_follow_ups": [
            {
                "months_after": f.months_after,
                "due_on": _date(f.due_on),
                "done_on": _date(f.done_on),
                "situation": f.situation,
            }
            for f in pathway.post_follow_ups.all()
        ],
    }
