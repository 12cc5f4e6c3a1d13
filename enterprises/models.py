from datetime import timedelta
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ceiq.accounts.roles import EnterpriseRole

from .validators import neq_validator, postal_code_validator


class ReferenceModel(models.Model):
    """A row of reference data with a French and an English name; `name` follows the active language."""

    # What network staff edit (the form and the services read it).
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "name_fr", "name_en", "is_active")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    @property
    def name(self) -> str:
        return self.name_en if (translation.get_language() or "fr").startswith("en") else self.name_fr

    def __str__(self):
        return self.name


class Region(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("administrative region")
        verbose_name_plural = _("administrative regions")

    def __str__(self):
        return f"{self.code} – {self.name}"


class Sector(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Trade(ReferenceModel):
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="trades")

    EDITABLE_FIELDS = ("code", "name_fr", "name_en", "sector", "is_active")

    class Meta(ReferenceModel.Meta):
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["name_fr"]


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    FORMER = "former", _("Former member")


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network staff see every enterprise; enterprise staff see only their own; others nothing."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff:
            return self
        return self.filter(pk__in=list(user.enterprise_roles))

    def with_recognition(self):
        """Annotates, in SQL, from the latest assessment of each criterion: `recognition_met` (criteria
        met), `recognition_assessed` (criteria assessed) and `recognition_oldest` (the oldest of those
        latest assessments' dates). Fully recognised means all criteria met."""
        latest = RecognitionAssessment.objects.latest_per_criterion().filter(enterprise=OuterRef("pk"))
        met = latest.filter(result=RecognitionResult.MET).values("enterprise").annotate(n=Count("pk")).values("n")
        assessed = latest.values("enterprise").annotate(n=Count("pk")).values("n")
        oldest = latest.values("enterprise").annotate(oldest=Min("assessed_on")).values("oldest")
        return self.annotate(
            recognition_met=Coalesce(Subquery(met), 0),
            recognition_assessed=Coalesce(Subquery(assessed), 0),
            recognition_oldest=Subquery(oldest),
        )

    def fully_recognised(self):
        return self.with_recognition().filter(recognition_met=len(RecognitionCriterion.values))

    def with_stale_assessment(self, today=None):
        return self.with_recognition().filter(recognition_oldest__lt=stale_before(today))


def stale_before(today=None):
    """Assessments dated before this day are more than a year old."""
    return (today or timezone.localdate()) - timedelta(days=365)


# The fields of an enterprise's profile that network staff edit (the form and the services read them).
ENTERPRISE_FIELDS = (
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
)


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    neq = models.CharField(_("NEQ"), max_length=10, unique=True, validators=[neq_validator])
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enterprises")
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True, validators=[postal_code_validator])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="enterprises")
    trades = models.ManyToManyField(Trade, verbose_name=_("trades offered"), blank=True, related_name="enterprises")
    member_since = models.DateField(_("member since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    # Set by EnterpriseQuerySet.with_recognition().
    recognition_met: int
    recognition_assessed: int
    recognition_oldest: object

    class Meta:
        verbose_name = _("insertion enterprise")
        verbose_name_plural = _("insertion enterprises")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_fully_recognised(self) -> bool:
        return getattr(self, "recognition_met", 0) == len(RecognitionCriterion.values)

    @property
    def has_stale_assessment(self) -> bool:
        oldest = getattr(self, "recognition_oldest", None)
        return oldest is not None and oldest < stale_before()


class RecognitionCriterion(models.TextChoices):
    MISSION = "mission", _("A social and professional integration mission")
    EXCLUDED_PEOPLE = "excluded_people", _("Targets people excluded from the labour market")
    REAL_BUSINESS = "real_business", _("A real, non-profit business")
    EMPLOYEE_STATUS = "employee_status", _("In-training workers hired with fixed-term employee status")
    TAILORED_SUPPORT = "tailored_support", _("Tailored support during and after the pathway")
    HOLISTIC_TRAINING = "holistic_training", _("Holistic training: personal, technical and social")
    PARTNER_NETWORK = "partner_network", _("A network of local partners")


class RecognitionResult(models.TextChoices):
    MET = "met", _("Met")
    PARTIALLY_MET = "partially_met", _("Partially met")
    NOT_MET = "not_met", _("Not met")


def _visible_enterprise_filter(user, field="enterprise_id"):
    """A filter on the enterprise of a row: everything for network staff, own enterprises otherwise."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_network_staff:
        return Q()
    return Q(**{f"{field}__in": list(user.enterprise_roles)})


class RecognitionAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(_visible_enterprise_filter(user))

    def latest_per_criterion(self):
        """Only the latest assessment of each criterion of each enterprise (by date, then id)."""
        newer = RecognitionAssessment.objects.filter(
            enterprise=OuterRef("enterprise"), criterion=OuterRef("criterion")
        ).filter(
            Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(newer))


class RecognitionAssessment(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="recognition_assessments")
    criterion = models.CharField(_("criterion"), max_length=30, choices=RecognitionCriterion.choices)
    assessed_on = models.DateField(_("assessed on"))
    result = models.CharField(_("result"), max_length=20, choices=RecognitionResult.choices)
    evidence = models.TextField(_("evidence notes"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RecognitionAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition assessment")
        verbose_name_plural = _("recognition assessments")
        ordering = ["enterprise", "criterion", "-assessed_on"]

    def __str__(self):
        return f"{self.enterprise} — {self.get_criterion_display()}"


class FundingAgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(_visible_enterprise_filter(user))


# The fields of an agreement that network staff edit (the rate is entered as a percentage by the form).
AGREEMENT_FIELDS = (
    "fiscal_year",
    "participant_places",
    "target_integration_rate",
    "wages_amount",
    "supervision_amount",
    "insertion_costs_amount",
    "standard_pathway_weeks",
    "signed_on",
    "notes",
)


class FundingAgreement(models.Model):
    """The yearly Emploi-Québec agreement (entente) with places and result targets."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="agreements")
    fiscal_year = models.PositiveIntegerField(
        _("fiscal year"), help_text=_("The year the fiscal year starts: 2025 means 1 April 2025 – 31 March 2026.")
    )
    participant_places = models.PositiveIntegerField(_("participant places"))
    target_integration_rate = models.DecimalField(
        _("target integration rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("A fraction: 0.7500 for 75 %."),
    )
    wages_amount = models.DecimalField(_("wages"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    supervision_amount = models.DecimalField(
        _("supervision"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    insertion_costs_amount = models.DecimalField(
        _("insertion costs"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    standard_pathway_weeks = models.PositiveSmallIntegerField(
        _("standard pathway length (weeks)"), default=27, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    signed_on = models.DateField(_("signature date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = FundingAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Emploi-Québec agreement")
        verbose_name_plural = _("Emploi-Québec agreements")
        ordering = ["-fiscal_year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year"],
                name="one_agreement_per_enterprise_and_year",
                violation_error_message=_("This enterprise already has an agreement for this fiscal year."),
            ),
            models.CheckConstraint(
                name="agreement_amounts_not_negative",
                condition=models.Q(wages_amount__gte=0, supervision_amount__gte=0, insertion_costs_amount__gte=0),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.fiscal_year}-{self.fiscal_year + 1}"

    @property
    def total_amount(self) -> Decimal:
        return self.wages_amount + self.supervision_amount + self.insertion_costs_amount

    @property
    def fiscal_year_label(self) -> str:
        return f"{self.fiscal_year}-{self.fiscal_year + 1}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        return self.filter(_visible_enterprise_filter(user))


class Membership(models.Model):
    """A person's role in one enterprise."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=EnterpriseRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["enterprise__name", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="one_membership_per_enterprise")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.enterprise}"


class PartnerKind(models.TextChoices):
    TRAINING_CENTRE = "training_centre", _("Vocational training centre")
    COMMUNITY = "community", _("Community organization")
    PUBLIC = "public", _("Public partner")
    PRIVATE = "private", _("Private partner")


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(_visible_enterprise_filter(user))


PARTNER_FIELDS = ("name", "kind", "nature", "contact_name", "contact_email", "since")


class Partner(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    nature = models.TextField(_("nature of the partnership"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name
