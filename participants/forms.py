import unicodedata
from typing import cast

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.models import User
from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.forms import (
    FORM_TOKEN_FIELD,
    Form,
    LengthAsErrorsMixin,
    ModelForm,
    OneTimeTokenMixin,
    SafeModelMultipleChoiceField,
    choices_with_empty,
    require_choices,
)
from enterprises.models import Trade
from enterprises.validators import PhoneField, PostalCodeField, weekly_hours_validators

from .choices import (
    EVALUATION_CRITERIA,
    OPEN_PATHWAY_STATUSES,
    PATHWAY_TRANSITIONS,
    ConsentPurpose,
    DropoutReason,
    ExitOutcome,
    FollowUpTopic,
    PathwayAction,
    PathwayStatus,
    Phase,
    PostPathwaySituation,
)
from .extensions import placement_recorder
from .fields import CONTACT, EMPLOYER_PROFILE, IDENTITY, INTAKE_PROFILE, PRIVACY_NOTICE, field_names
from .models import Barrier, GroupSession, Internship, Participant, Pathway, Qualification

PRIVACY_NOTICE_VERSION = getattr(settings, "CEIQ_PRIVACY_NOTICE_VERSION", "2026-01")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def staff_with_role(enterprise, *roles):
    return User.objects.filter(
        memberships__enterprise=enterprise, memberships__role__in=roles, memberships__is_active=True
    ).order_by("last_name", "first_name")


def _name_key(name: str | None) -> str:
    """A name as a duplicate check compares it: without accents, case or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def same_person_in(enterprise, first_name, last_name, birth_date) -> list[Participant]:
    """The enterprise's participants with this name (accents and case aside) and this birth date."""
    if not (first_name and last_name and birth_date):
        return []
    key = (_name_key(first_name), _name_key(last_name))
    people = Participant.objects.filter(enterprise=enterprise, birth_date=birth_date, anonymized_at__isnull=True)
    return [person for person in people if (_name_key(person.first_name), _name_key(person.last_name)) == key]


# The intake answers the annual figures count: chosen by a person, never preselected.
INTAKE_FIGURES = ("gender", "schooling_at_intake", "income_source_at_intake", "referral_source")


class ParticipantForm(OneTimeTokenMixin, LengthAsErrorsMixin, ModelForm):
    """Intake and edit. Supervisors never reach it; the intake profile is for managers."""

    consents = forms.MultipleChoiceField(
        label=_("Consents given"),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each consent is recorded with the privacy notice version and can be withdrawn at any time."),
    )

    class Meta:
        field_classes = {
            "barriers": SafeModelMultipleChoiceField,
            "postal_code": PostalCodeField,
            "phone": PhoneField,
        }
        model = Participant
        fields = list(field_names())
        widgets = {
            "birth_date": DateInput(),
            "available_from": DateInput(),
            "barriers": forms.CheckboxSelectMultiple,
            "is_immigrant": forms.NullBooleanSelect,
            "strengths_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enterprise, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        barriers = cast(forms.ModelMultipleChoiceField, self.fields["barriers"])
        barriers.queryset = Barrier.objects.filter(is_active=True).order_by("name_fr")
        require_choices(self, *INTAKE_FIGURES)
        self.possible_duplicates: list[Participant] = []
        if creating:
            # Hidden until the intake finds a possible duplicate; then the person ticks it knowingly.
            self.fields["create_anyway"] = forms.BooleanField(
                label=_("Create anyway: it is another person"), required=False, widget=forms.HiddenInput
            )
            self.fields["privacy_notice_version"].initial = PRIVACY_NOTICE_VERSION
            del self.fields["strengths_summary"]
            del self.fields["available_from"]
        else:
            del self.fields["consents"]

    # The groups of participants.fields, in the order the form shows them; consents go with the notice.
    FIELDSETS = [
        *((group.legend, list(group.names)) for group in (IDENTITY, CONTACT, INTAKE_PROFILE, EMPLOYER_PROFILE)),
        (PRIVACY_NOTICE.legend, [*PRIVACY_NOTICE.names, "consents"]),
    ]

    @property
    def fieldsets(self):
        """[(legend, [bound fields])], skipping fields this form does not have."""
        groups = []
        for legend, names in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append((legend, fields))
        return groups

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        return birth_date

    def clean(self):
        cleaned = super().clean()
        if "create_anyway" in self.fields and not cleaned.get("create_anyway"):
            self.possible_duplicates = same_person_in(
                self.enterprise, cleaned.get("first_name"), cleaned.get("last_name"), cleaned.get("birth_date")
            )
            if self.possible_duplicates:
                self.fields["create_anyway"].widget = forms.CheckboxInput()
                self.add_error(
                    None, _("This person may already have a file: open it, or tick « Create anyway » to go on.")
                )
        return cleaned

    def clean_external_id(self):
        external_id = (self.cleaned_data.get("external_id") or "").strip()
        if external_id:
            others = Participant.objects.filter(enterprise=self.enterprise, external_id=external_id)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(_("Another participant already has this external id."))
        return external_id

    def participant_fields(self) -> dict:
        not_fields = {"barriers", "consents", "create_anyway", FORM_TOKEN_FIELD}
        return {name: value for name, value in self.cleaned_data.items() if name not in not_fields}


class PathwayForm(OneTimeTokenMixin, LengthAsErrorsMixin, ModelForm):
    class Meta:
        model = Pathway
        fields = ["trade", "start_date", "planned_end_date", "weekly_hours", "counsellor", "supervisor"]
        widgets = {"start_date": DateInput(), "planned_end_date": DateInput()}
        help_texts = {
            "planned_end_date": _("Leave empty to use the enterprise's standard pathway length (27 weeks by default).")
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekly_hours"].validators.extend(weekly_hours_validators)
        offered = enterprise.trades.all()
        self.fields["trade"].queryset = offered if offered.exists() else Trade.objects.filter(is_active=True)
        self.fields["planned_end_date"].required = False
        self.fields["counsellor"].queryset = staff_with_role(enterprise, EnterpriseRole.COUNSELLOR)
        self.fields["supervisor"].queryset = staff_with_role(enterprise, EnterpriseRole.SUPERVISOR)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end <= start:
            self.add_error("planned_end_date", _("The planned end must come after the start."))
        return cleaned

    def _post_clean(self):
        # The service validates the whole pathway (status, participant, computed end).
        pass


class TransitionForm(Form):
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExitForm(LengthAsErrorsMixin, Form):
    status = forms.ChoiceField(
        label=_("Exit"),
        choices=[
            (status.value, status.label)
            for status in PathwayStatus
            if status in PATHWAY_TRANSITIONS[PathwayAction.EXIT][1]
        ],
        widget=forms.RadioSelect,
    )
    end_date = forms.DateField(label=_("Exit date"), widget=DateInput())
    exit_outcome = forms.ChoiceField(label=_("Outcome at exit"), choices=choices_with_empty(ExitOutcome.choices))
    dropout_reason = forms.ChoiceField(
        label=_("Drop-out reason"), choices=choices_with_empty(DropoutReason.choices), required=False
    )
    exit_notes = forms.CharField(label=_("Exit notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The employers come from the placement recorder the employers app registers.
    placement_employer: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Employer (job outcome)"), queryset=None, required=False
    )
    placement_job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    placement_start_date = forms.DateField(label=_("Job start date"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement_employer"].queryset = placement_recorder().employers_visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == PathwayStatus.DROPPED_OUT and not cleaned.get("dropout_reason"):
            self.add_error("dropout_reason", _("Give the reason for the drop-out."))
        job_fields = ("placement_employer", "placement_job_title", "placement_start_date")
        given = [name for name in job_fields if cleaned.get(name)]
        if given and cleaned.get("exit_outcome") != ExitOutcome.JOB:
            self.add_error("exit_outcome", _("The employer, title and start date are for a job outcome only."))
        elif given and len(given) < len(job_fields):
            for name in job_fields:
                if not cleaned.get(name):
                    self.add_error(name, _("Give the employer, the job title and the start date of the job."))
        return cleaned


class PhaseForm(Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=choices_with_empty(Phase.choices))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())


SCORE_CHOICES = [(score, str(score)) for score in range(1, 5)]


def _offer_pathways(form: forms.Form, participant, *, date_field: str) -> None:
    """A record about a meeting: the person's pathways to choose from (the open one first chosen)
    and today's date."""
    pathways = participant.pathways.select_related("trade").order_by("-start_date")
    form.fields["pathway"].queryset = pathways  # type: ignore[attr-defined]
    open_pathway = next((p for p in pathways if p.status in OPEN_PATHWAY_STATUSES), None)
    if open_pathway:
        form.fields["pathway"].initial = open_pathway.pk
    form.fields[date_field].initial = timezone.localdate()


class EvaluationForm(Form):
    pathway = forms.ModelChoiceField(label=_("Pathway"), queryset=Pathway.objects.none())
    evaluated_on = forms.DateField(label=_("Date"), widget=DateInput())
    comments = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_pathways(self, participant, date_field="evaluated_on")
        for name, label in EVALUATION_CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score"}),
                help_text=_("1 = to develop, 4 = mastered"),
            )
        # Comments after the grid.
        self.order_fields(["pathway", "evaluated_on", *[name for name, _label in EVALUATION_CRITERIA], "comments"])

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name, _label in EVALUATION_CRITERIA}


class FollowUpForm(LengthAsErrorsMixin, Form):
    met_on = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480, initial=45)
    pathway = forms.ModelChoiceField(label=_("Pathway"), queryset=Pathway.objects.none(), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=FollowUpTopic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("Summary (the team may read it)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidential_notes = forms.CharField(
        label=_("Confidential notes (counsellors only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only counsellors read these notes; every reading is recorded in the access log."),
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_pathways(self, participant, date_field="met_on")


class QualificationForm(LengthAsErrorsMixin, ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "title", "obtained_on", "issuer", "pathway"]
        widgets = {"obtained_on": DateInput()}

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].queryset = participant.pathways.select_related("trade")
        require_choices(self, "kind")

    def _post_clean(self):
        pass


class InternshipForm(LengthAsErrorsMixin, ModelForm):
    class Meta:
        model = Internship
        fields = ["employer", "start_date", "end_date", "employer_supervisor", "evaluation", "led_to_hire"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "evaluation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = placement_recorder().employers_visible_to(user)

    def _post_clean(self):
        pass


class PostFollowUpForm(LengthAsErrorsMixin, Form):
    done_on = forms.DateField(label=_("Date of the contact"), widget=DateInput())
    situation = forms.ChoiceField(label=_("Situation"), choices=choices_with_empty(PostPathwaySituation.choices))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceFields(Form):
    """Who was present and who was expected but absent at a workshop (the queryset is set by the form)."""

    present = SafeModelMultipleChoiceField(
        label=_("Present"), queryset=Participant.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    absent = SafeModelMultipleChoiceField(
        label=_("Expected but absent"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def _offer_people(self, people: models.QuerySet[Participant]) -> None:
        for name in ("present", "absent"):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = people

    def clean(self):
        cleaned = super().clean()
        if set(cleaned.get("present") or []) & set(cleaned.get("absent") or []):
            self.add_error("absent", _("A person cannot be both present and absent."))
        return cleaned


class GroupSessionForm(LengthAsErrorsMixin, AttendanceFields, ModelForm):
    class Meta:
        model = GroupSession
        fields = ["topic", "title", "held_on", "duration_minutes", "facilitator"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        require_choices(self, "topic")
        self._offer_people(
            Participant.objects.filter(enterprise=enterprise, pathways__status__in=OPEN_PATHWAY_STATUSES)
            .distinct()
            .order_by("last_name", "first_name")
        )
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = staff_with_role(
            enterprise, EnterpriseRole.COUNSELLOR, EnterpriseRole.COORDINATOR, EnterpriseRole.DIRECTOR
        )

    def _post_clean(self):
        pass


class AttendanceForm(AttendanceFields):
    """Who attended a workshop: people with an open pathway, plus those already recorded."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_people(
            Participant.objects.filter(enterprise_id=session.enterprise_id)
            .filter(models.Q(pathways__status__in=OPEN_PATHWAY_STATUSES) | models.Q(attendances__session=session))
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not self.is_bound:
            rows = list(session.attendances.values_list("participant_id", "present"))
            self.fields["present"].initial = [pk for pk, present in rows if present]
            self.fields["absent"].initial = [pk for pk, present in rows if not present]


class ImportForm(Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One row per pathway; see the documented column format."),
    )
    dry_run = forms.BooleanField(label=_("Check only (save nothing)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("The file must be a CSV or an XLSX file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."))
        return upload
