from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Enterprise
from .validators import normalize_postal_code


class EnterpriseForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "slug",
            "legal_name",
            "neq",
            "region",
            "street_address",
            "city",
            "postal_code",
            "phone",
            "email",
            "website",
            "sectors",
            "trades",
            "member_since",
            "status",
            "description",
        ]
        widgets = {"member_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean_neq(self):
        return (self.cleaned_data.get("neq") or "").replace(" ", "")
