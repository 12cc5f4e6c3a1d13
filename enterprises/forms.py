from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.roles import EnterpriseRole
from ceiq.core.fiscal import FiscalYear
from ceiq.core.forms import (
    Form,
    LengthAsErrorsMixin,
    ModelForm,
    SafeModelMultipleChoiceField,
)

from .models import (
    AGREEMENT_FIELDS,
    ENTERPRISE_FIELDS,
    PARTNER_FIELDS,
    Enterprise,
    FundingAgreement,
    Partner,
    RecognitionAssessment,
    Region,
    Sector,
    Trade,
)
from .validators import NeqField, PhoneField, PostalCodeField

# Slugs that would hide a page of /enterprises/.
RESERVED_SLUGS = {"new", "reference", "export"}


def _active_or_chosen(queryset, chosen_ids):
    """Active reference rows, plus the inactive ones already chosen (so an edit does not drop them)."""
    return queryset.filter(Q(is_active=True) | Q(pk__in=list(chosen_ids)))


class LocalizedDecimalField(forms.DecimalField):
    """Accepts `12 345,67`, `12345.67` or `12 345,67 $`: spaces and the dollar sign are ignored and the
    decimal comma of French is read as a point. Shown in the active locale."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            compact = "".join(ch for ch in value if not ch.isspace() and ch not in "$%")
            if compact.count(",") == 1 and "." not in compact:
                compact = compact.replace(",", ".")
            value = compact
        return super().to_python(value)


class MoneyField(LocalizedDecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault(
            "error_messages",
            {
                "min_value": _("An amount cannot be negative."),
                "invalid": _("Enter an amount in dollars, e.g. 12 345,67."),
            },
        )
        super().__init__(*args, **kwargs)


class EnterpriseForm(LengthAsErrorsMixin, ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # "1160 000 001" may be typed: the field keeps the digits and checks there are 10.
    neq = NeqField(label=_("NEQ"), help_text=_("Ten digits, e.g. 1160000000."))

    class Meta:
        field_classes = {
            "sectors": SafeModelMultipleChoiceField,
            "trades": SafeModelMultipleChoiceField,
            "postal_code": PostalCodeField,
            "phone": PhoneField,
        }
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"member_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in addresses; made from the name when left empty.")
        region_ids = [instance.region_id] if instance.region_id else []
        sector_ids = instance.sectors.values_list("pk", flat=True) if instance.pk else []
        trade_ids = instance.trades.values_list("pk", flat=True) if instance.pk else []
        self.fields["region"].queryset = _active_or_chosen(Region.objects.all(), region_ids)
        self.fields["sectors"].queryset = _active_or_chosen(Sector.objects.all(), sector_ids)
        self.fields["trades"].queryset = _active_or_chosen(Trade.objects.all(), trade_ids).order_by("name_fr")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name") or self.data.get("name") or "")
        slug = slug[:80]
        if not slug:
            return slug
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another one."))
        return slug


def fiscal_year_choices(around=None):
    current = FiscalYear.current()
    years = range(current.start_year - 5, current.start_year + 2)
    choices = [(year, str(FiscalYear(year))) for year in reversed(years)]
    if around is not None and around not in years:
        choices.append((around, str(FiscalYear(around))))
    return choices


class AgreementForm(ModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=())
    target_integration_percent = LocalizedDecimalField(
        label=_("Target integration rate (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The share of exits to a job or back to school, e.g. 75."),
    )
    participant_places = forms.IntegerField(label=_("Participant places"), min_value=1, max_value=10000)
    wages_amount = MoneyField(label=_("Wages"))
    supervision_amount = MoneyField(label=_("Supervision"))
    insertion_costs_amount = MoneyField(label=_("Insertion costs"))

    class Meta:
        model = FundingAgreement
        # The rate is entered as a percentage: `clean()` puts the fraction in `target_integration_rate`.
        fields = [
            "target_integration_percent" if name == "target_integration_rate" else name for name in AGREEMENT_FIELDS
        ]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.enterprise = enterprise
        self.fields["fiscal_year"].choices = fiscal_year_choices(self.instance.fiscal_year)
        if self.instance.pk:
            percent = self.instance.target_integration_rate * 100
            self.initial["target_integration_percent"] = percent.quantize(Decimal("0.01")).normalize()
        elif self.initial.get("fiscal_year") is None:
            self.initial["fiscal_year"] = FiscalYear.current().start_year

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        duplicate = (
            FundingAgreement.objects.filter(enterprise=self.instance.enterprise, fiscal_year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if duplicate:
            raise forms.ValidationError(_("This enterprise already has an agreement for this fiscal year."))
        return year

    def clean(self):
        cleaned = super().clean()
        percent = cleaned.get("target_integration_percent")
        if percent is not None:
            try:
                rate = (percent / 100).quantize(Decimal("0.0001"))
            except InvalidOperation:
                self.add_error("target_integration_percent", _("Enter a rate between 0 and 100."))
            else:
                # The services take the fraction, under the model's name.
                self.instance.target_integration_rate = cleaned["target_integration_rate"] = rate
                del cleaned["target_integration_percent"]
        return cleaned


class RecognitionAssessmentForm(ModelForm):
    class Meta:
        model = RecognitionAssessment
        fields = ["criterion", "assessed_on", "result", "evidence"]
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."))
        return day


class StaffInviteForm(Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *roles]
        if any(value == EnterpriseRole.COORDINATOR for value, _label in roles):
            self.initial.setdefault("role", EnterpriseRole.COORDINATOR)


class MembershipRoleForm(Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class PartnerForm(LengthAsErrorsMixin, ModelForm):
    class Meta:
        model = Partner
        fields = PARTNER_FIELDS
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "nature": forms.Textarea(attrs={"rows": 3}),
        }


class _ReferenceForm(LengthAsErrorsMixin, ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Codes are what data and imports refer to: fixed once created.
            self.fields["code"].disabled = True


class RegionForm(_ReferenceForm):
    class Meta:
        model = Region
        fields = Region.EDITABLE_FIELDS


class SectorForm(_ReferenceForm):
    class Meta:
        model = Sector
        fields = Sector.EDITABLE_FIELDS


class TradeForm(_ReferenceForm):
    class Meta:
        model = Trade
        fields = Trade.EDITABLE_FIELDS
