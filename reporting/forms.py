from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ceiq.core.fiscal import FiscalYear
from ceiq.core.forms import Form
from ceiq.core.widgets import FastSelect
from enterprises.models import Enterprise, Region, Sector

from .models import ReportScope

YEARS_OFFERED = 6


def fiscal_year_choices():
    current = FiscalYear.current()
    years = [FiscalYear(current.start_year - offset) for offset in range(YEARS_OFFERED)]
    return [(year.start_year, str(year)) for year in years]


def _select(**attrs):
    # Same HTML as forms.Select, written in Python: one template per <option> (50 enterprises,
    # 17 regions, ...) was most of the report page's time (docs/performance.md).
    return FastSelect(attrs={"class": "form-select", **attrs})


class ReportRequestForm(Form):
    """Enterprise staff choose the year and language; network staff also choose the scope."""

    scope = forms.ChoiceField(label=_("Scope"), choices=ReportScope.choices, widget=_select())
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False, widget=_select()
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.filter(is_active=True), required=False, widget=_select()
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.filter(is_active=True), required=False, widget=_select()
    )
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=(), widget=_select())
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES, widget=_select())

    def __init__(self, *args, user, enterprise=None, **kwargs):
        self.fixed_enterprise = enterprise
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("fiscal_year", FiscalYear.current().previous.start_year)
        initial.setdefault("language", (translation.get_language() or "fr")[:2])
        initial.setdefault("scope", ReportScope.ENTERPRISE if enterprise else ReportScope.NETWORK)
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()
        if enterprise is not None:
            for name in ("scope", "enterprise", "region", "sector"):
                del self.fields[name]
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        if self.fixed_enterprise is not None:
            data["scope"] = ReportScope.ENTERPRISE
            data["enterprise"] = self.fixed_enterprise
            return data
        scope = data.get("scope")
        needed = {
            ReportScope.ENTERPRISE: ("enterprise", _("Choose the enterprise this report is about.")),
            ReportScope.REGION: ("region", _("Choose the region this report is about.")),
            ReportScope.SECTOR: ("sector", _("Choose the sector this report is about.")),
        }
        if scope in needed:
            field, message = needed[scope]
            if not data.get(field):
                self.add_error(field, message)
        return data
