from django import forms
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.forms import ModelForm
from enterprises.models import Enterprise

from .models import INCIDENT_EDITABLE_FIELDS, ConfidentialityIncident, InformationKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConfidentialityIncidentForm(ModelForm):
    information_kinds = forms.MultipleChoiceField(
        label=_("kinds of information concerned"),
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ConfidentialityIncident
        fields = list(INCIDENT_EDITABLE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "circumstances": forms.Textarea(attrs={"rows": 3}),
            "risk_assessment": forms.Textarea(attrs={"rows": 3}),
            "measures_taken": forms.Textarea(attrs={"rows": 3}),
            "occurred_on": DateInput(),
            "discovered_on": DateInput(),
            "people_notified_on": DateInput(),
            "cai_notified_at": DateTimeInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        enterprise_field = self.fields["enterprise"]
        if user.is_network_staff:
            enterprise_field.queryset = Enterprise.objects.order_by("name")
            enterprise_field.empty_label = _("The network (Collectif)")
        else:
            directed = [eid for eid, role in user.enterprise_roles.items() if role == EnterpriseRole.DIRECTOR]
            enterprise_field.queryset = Enterprise.objects.filter(pk__in=directed).order_by("name")
            enterprise_field.required = True
            enterprise_field.empty_label = None
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
            if name == "people_concerned":
                field.widget.attrs.setdefault("min", 0)
