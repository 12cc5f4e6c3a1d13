"""A person's data, as collected from them (Law 25: right of access and portability).

`participant_data` gathers every record about one participant in a fixed number of queries;
`as_json`, `as_csv` and `as_pdf` render it. Confidential psycho-social notes are included only
for counsellors; for anyone else the export says they were withheld."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from ceiq.core.exports import Column, csv_bytes
from employers.models import Placement, Referral
from participants import fields as participant_fields
from participants.models import (
    Consent,
    Evaluation,
    FollowUp,
    GroupAttendance,
    Internship,
    Participant,
    Pathway,
    PathwayPhase,
    PathwayTransition,
    PostPathwayFollowUp,
    Qualification,
)

# The person's own fields as participants declares them (participants.fields), with the record's number and dates.
PARTICIPANT_FIELDS = ["id", *participant_fields.PARTICIPANT_FIELDS, "created_at", "updated_at"]
CONSENT_FIELDS = ["purpose", "notice_version", "given_at", "withdrawn_at"]
PATHWAY_FIELDS = [
    "id",
    "trade",
    "start_date",
    "planned_end_date",
    "actual_end_date",
    "weekly_hours",
    "status",
    "dropout_reason",
    "exit_outcome",
    "exit_notes",
]
TRANSITION_FIELDS = ["from_status", "to_status", "effective_date", "at", "reason"]
PHASE_FIELDS = ["phase", "start_date", "end_date"]
EVALUATION_FIELDS = [
    "evaluated_on",
    "punctuality",
    "quality",
    "productivity",
    "teamwork",
    "safety",
    "self_confidence",
    "motivation",
    "autonomy",
    "comments",
]
FOLLOW_UP_FIELDS = ["met_on", "duration_minutes", "topics", "summary"]
QUALIFICATION_FIELDS = ["kind", "title", "obtained_on", "issuer"]
INTERNSHIP_FIELDS = ["employer", "start_date", "end_date", "employer_supervisor", "evaluation", "led_to_hire"]
PLACEMENT_FIELDS = ["employer", "job_title", "employment_type", "hourly_wage", "weekly_hours", "start_date"]
REFERRAL_FIELDS = ["opening", "status", "decline_reason", "employer_feedback", "proposed_at"]
POST_FOLLOW_UP_FIELDS = ["months_after", "due_on", "done_on", "situation", "notes"]
ATTENDANCE_FIELDS = ["session", "present"]


def _value(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, name).all())
    value = getattr(obj, name)
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{name}_display")())
    if field.is_relation:
        return "" if value is None else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _record(obj, names) -> dict:
    return {name: _value(obj, name) for name in names}


def _labels(model, names) -> dict:
    return {name: str(model._meta.get_field(name).verbose_name) for name in names}


def participant_queryset():
    pathways = Pathway.objects.select_related("trade").prefetch_related(
        "transitions", "phases", "evaluations", "internships__employer", "post_follow_ups"
    )
    return Participant.objects.select_related("enterprise", "region").prefetch_related(
        "barriers",
        "consents",
        Prefetch("pathways", queryset=pathways),
        Prefetch("follow_ups", queryset=FollowUp.objects.all()),
        "qualifications",
        "attendances__session",
        Prefetch("referrals", queryset=Referral.objects.select_related("opening__employer")),
        Prefetch("placements", queryset=Placement.objects.select_related("employer")),
    )


def participant_data(participant, *, include_confidential_notes: bool) -> dict:
    """Everything collected from the person (participant fetched with `participant_queryset`)."""
    withheld = _("Withheld: confidential psycho-social notes are shown only to counsellors.")
    follow_ups = []
    for follow_up in participant.follow_ups.all():
        row = _record(follow_up, FOLLOW_UP_FIELDS)
        row["confidential_notes"] = follow_up.confidential_notes if include_confidential_notes else withheld
        follow_ups.append(row)
    pathways = []
    for pathway in participant.pathways.all():
        row = _record(pathway, PATHWAY_FIELDS)
        row["transitions"] = [_record(t, TRANSITION_FIELDS) for t in pathway.transitions.all()]
        row["phases"] = [_record(p, PHASE_FIELDS) for p in pathway.phases.all()]
        row["evaluations"] = [_record(e, EVALUATION_FIELDS) for e in pathway.evaluations.all()]
        row["internships"] = [_record(i, INTERNSHIP_FIELDS) for i in pathway.internships.all()]
        row["post_pathway_follow_ups"] = [_record(f, POST_FOLLOW_UP_FIELDS) for f in pathway.post_follow_ups.all()]
        pathways.append(row)
    return {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "enterprise": participant.enterprise.name,
        "confidential_notes_included": include_confidential_notes,
        "identity": _record(participant, PARTICIPANT_FIELDS),
        "consents": [_record(c, CONSENT_FIELDS) for c in participant.consents.all()],
        "pathways": pathways,
        "follow_ups": follow_ups,
        "group_sessions": [_record(a, ATTENDANCE_FIELDS) for a in participant.attendances.all()],
        "qualifications": [_record(q, QUALIFICATION_FIELDS) for q in participant.qualifications.all()],
        "referrals": [_record(r, REFERRAL_FIELDS) for r in participant.referrals.all()],
        "placements": [_record(p, PLACEMENT_FIELDS) for p in participant.placements.all()],
    }


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _flatten(prefix: str, value, rows: list):
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, inner, rows)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, inner in enumerate(value, start=1):
            _flatten(f"{prefix}[{index}]", inner, rows)
    else:
        rows.append((prefix, "" if value is None else value))


CSV_COLUMNS = [Column("field", value=lambda row: row[0]), Column("value", value=lambda row: str(row[1]))]


def as_csv(data: dict) -> bytes:
    """One line per value: `field` is a path such as `pathways[1].evaluations[2].comments`. Written
    by ceiq.core.exports like every other CSV (UTF-8 with a BOM, spreadsheet formulas neutralised)."""
    rows: list = []
    _flatten("", data, rows)
    return csv_bytes(CSV_COLUMNS, rows)


def _field_labels() -> dict:
    labels: dict[str, str] = {}
    for model, names in [
        (Participant, PARTICIPANT_FIELDS),
        (Consent, CONSENT_FIELDS),
        (Pathway, PATHWAY_FIELDS),
        (PathwayTransition, TRANSITION_FIELDS),
        (PathwayPhase, PHASE_FIELDS),
        (Evaluation, EVALUATION_FIELDS),
        (FollowUp, [*FOLLOW_UP_FIELDS, "confidential_notes"]),
        (Qualification, QUALIFICATION_FIELDS),
        (Internship, INTERNSHIP_FIELDS),
        (Placement, PLACEMENT_FIELDS),
        (Referral, REFERRAL_FIELDS),
        (PostPathwayFollowUp, POST_FOLLOW_UP_FIELDS),
        (GroupAttendance, ATTENDANCE_FIELDS),
    ]:
        for name, label in _labels(model, names).items():
            labels.setdefault(name, label)
    labels.update(
        {
            "id": _("number"),
            "from_status": _("from"),
            "to_status": _("to"),
            "at": _("recorded at"),
            "session": _("workshop"),
            "opening": _("job opening"),
            "proposed_at": _("proposed at"),
        }
    )
    return labels


def _section_titles() -> dict:
    return {
        "identity": _("Identity, contact and intake profile"),
        "consents": _("Consents"),
        "pathways": _("Pathways"),
        "transitions": _("Status changes"),
        "phases": _("Phases"),
        "evaluations": _("Evaluations"),
        "internships": _("Internships"),
        "post_pathway_follow_ups": _("Post-pathway follow-ups"),
        "follow_ups": _("Individual follow-ups"),
        "group_sessions": _("Group workshops"),
        "qualifications": _("Competencies and qualifications"),
        "referrals": _("Candidacies proposed to employers"),
        "placements": _("Hires"),
    }


def _display(value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    return value


def _block(record: dict, labels: dict, titles: dict) -> dict:
    rows, children = [], []
    for key, value in record.items():
        if isinstance(value, list) and key in titles:
            children.append({"title": titles[key], "records": [_block(item, labels, titles) for item in value]})
        else:
            rows.append((labels.get(key, key), _display(value)))
    return {"rows": rows, "children": children}


def transcript(data: dict) -> list[dict]:
    """The export as readable sections of (label, value) rows, for the PDF."""
    labels, titles = _field_labels(), _section_titles()
    sections = [{"title": titles["identity"], "records": [_block(data["identity"], labels, titles)]}]
    for key in ["consents", "pathways", "follow_ups", "group_sessions", "qualifications", "referrals", "placements"]:
        sections.append({"title": titles[key], "records": [_block(item, labels, titles) for item in data[key]]})
    return sections


def as_pdf(data: dict) -> bytes:
    html = render_to_string(
        "privacy/participant_export_pdf.html",
        {"data": data, "sections": transcript(data), "exported_at": timezone.localtime()},
    )
    return HTML(string=html).write_pdf()
