from django import forms
from django.utils.translation import gettext_lazy as _

from ceiq.core.forms import Form, ModelForm
from enterprises.models import Region, Sector, Trade

from .models import DeclineReason, Employer, EmploymentType, JobOpening
from .services import EMPLOYER_FIELDS, OPENING_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmployerForm(ModelForm):
    class Meta:
        model = Employer
        fields = list(EMPLOYER_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        self.fields["region"].queryset = Region.objects.filter(is_active=True)

    def clean_neq(self):
        return (self.cleaned_data.get("neq") or "").replace(" ", "")


class InviteContactForm(Form):
    email = forms.EmailField(label=_("Email"))


class JobOpeningForm(ModelForm):
    """`employers` limits whose opening this can be: the user's own employer(s), or the directory
    when an enterprise records an opening on an employer's behalf."""

    class Meta:
        model = JobOpening
        fields = list(OPENING_FIELDS)
        widgets = {"start_date": DATE_INPUT, "requirements": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"requirements": _("Essential requirements only.")}

    def __init__(self, *args, employers=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.filter(is_active=True).select_related("sector")
        self.fields["region"].queryset = Region.objects.filter(is_active=True)
        if employers is not None:
            self.fields["employer"].queryset = employers
            if len(employers) == 1 and creating:
                self.fields["employer"].initial = employers[0].pk
        if not creating:
            del self.fields["employer"]
        else:
            del self.fields["status"]


class DeclineForm(Form):
    decline_reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *DeclineReason.choices])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class HireForm(Form):
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage"), max_digits=6, decimal_places=2, min_value=0, required=False
    )
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"), max_digits=4, decimal_places=1, min_value=1, max_value=80, required=False
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)


class WithdrawForm(Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CheckInAnswerForm(Form):
    still_employed = forms.TypedChoiceField(
        label=_("Is this person still employed with you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
