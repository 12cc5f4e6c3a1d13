from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from enterprises.validators import neq_validator
from participants.choices import ConsentPurpose
from participants.models import Internship, active_consent, person_visible


class EmployerKind(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLIC = "public", _("Public")
    SOCIAL_ECONOMY = "social_economy", _("Social economy")


class EmployerSize(models.TextChoices):
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-199", _("50 to 199 employees")
    LARGE = "200+", _("200 employees or more")


class EmployerQuerySet(models.QuerySet):
    def worked_with(self, enterprise_id: int):
        """The employers an enterprise works with: a referral, an internship or a hire with it, or a
        link network staff made (`EmployerLink`)."""
        return self.filter(
            Exists(Referral.objects.filter(opening__employer=OuterRef("pk"), enterprise_id=enterprise_id))
            | Exists(Placement.objects.filter(employer=OuterRef("pk"), enterprise_id=enterprise_id))
            | Exists(Internship.objects.filter(employer=OuterRef("pk"), pathway__enterprise_id=enterprise_id))
            | Exists(EmployerLink.objects.filter(employer=OuterRef("pk"), enterprise_id=enterprise_id))
        )

    def visible_to(self, user):
        """The directory is shared by the network: network and enterprise staff read it all;
        an employer contact sees only their own employer(s)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff or user.is_enterprise_staff:
            return self
        return self.filter(pk__in=list(user.employer_ids))


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    neq = models.CharField(_("NEQ"), max_length=10, blank=True, validators=[neq_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=EmployerKind.choices)
    sector = models.ForeignKey(
        "enterprises.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "enterprises.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=EmployerSize.choices, blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EmployerLink(models.Model):
    """Network staff record that an enterprise works with an employer: its directors and coordinators
    may then invite the employer's contacts (`permissions.can_invite_employer_contact`)."""

    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="links")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer link")
        verbose_name_plural = _("employer links")
        constraints = [models.UniqueConstraint(fields=["employer", "enterprise"], name="one_link_per_pair")]

    def __str__(self):
        return f"{self.employer} — {self.enterprise}"


class EmployerMembership(models.Model):
    """A person who acts for an employer in the portal (employer contact). Invited by enterprise
    staff, the contact sees only the candidates of `scoped_enterprise` until network staff confirm
    them for the whole employer (`confirmed`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="memberships")
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    scoped_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("invited for the enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    confirmed = models.BooleanField(_("confirmed for the whole employer"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        constraints = [models.UniqueConstraint(fields=["user", "employer"], name="one_membership_per_employer")]

    def __str__(self):
        return f"{self.user} — {self.employer}"

    @property
    def limited_to(self):
        """The only enterprise whose candidates this contact sees, or None (the whole employer)."""
        return None if self.confirmed else self.scoped_enterprise


def employer_contact_rows(user, *, employer_field: str = "employer_id", enterprise_field: str = "enterprise_id") -> Q:
    """The rows an employer contact sees through their memberships: their employer's, and only the
    inviting enterprise's while network staff have not confirmed them for the whole employer."""
    whole = [employer_id for employer_id, scope in user.employer_scopes.items() if scope is None]
    rule = Q(**{f"{employer_field}__in": whole})
    for employer_id, scope in user.employer_scopes.items():
        if scope is not None:
            rule |= Q(**{employer_field: employer_id, enterprise_field: scope})
    return rule


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class JobOpeningQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_staff or user.is_enterprise_staff:
            return self
        return self.filter(employer_id__in=list(user.employer_ids))


class JobOpening(models.Model):
    """A labour need: what the employer looks for, with essential requirements only."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="openings"
    )
    title = models.CharField(_("title"), max_length=200)
    trade = models.ForeignKey("enterprises.Trade", verbose_name=_("trade"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "enterprises.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    positions = models.PositiveSmallIntegerField(_("positions"), default=1, validators=[MinValueValidator(1)])
    requirements = models.TextField(_("essential requirements"), blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN)
    recorded_by_enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOpeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "trade", "region"])]

    def __str__(self):
        return f"{self.title} — {self.employer}"


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SEEN = "seen", _("Seen")
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which referral status may follow which. Skipping forward (proposed → hired) is allowed.
REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.PROPOSED: {
        ReferralStatus.SEEN,
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.SEEN: {
        ReferralStatus.INTERVIEW,
        ReferralStatus.HIRED,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    },
    ReferralStatus.INTERVIEW: {ReferralStatus.HIRED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN},
    ReferralStatus.HIRED: set(),
    ReferralStatus.DECLINED: set(),
    ReferralStatus.WITHDRAWN: set(),
}


def referral_move_allowed(from_status: str, to_status: str) -> bool:
    return to_status in REFERRAL_TRANSITIONS.get(from_status, set())


class DeclineReason(models.TextChoices):
    SKILLS = "skills", _("Skills do not match")
    AVAILABILITY = "availability", _("Availability does not match")
    POSITION_FILLED = "position_filled", _("Position already filled")
    LOCATION = "location", _("Location or transport")
    CANDIDATE_DECLINED = "candidate_declined", _("The candidate declined")
    OTHER = "other", _("Other")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enterprise staff see their enterprise's referrals of the people they may see (a supervisor:
        the people they supervise, `person_visible`); an employer sees those made to them,
        only while the participant's sharing consent is active and the referral not withdrawn."""
        if not user.is_authenticated:
            return self.none()
        staff_rows = person_visible(user, participant_field="participant_id")
        employer_rows = employer_contact_rows(user, employer_field="opening__employer_id") & ~Q(
            status=ReferralStatus.WITHDRAWN
        )
        return self.alias(_consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, "participant_id")).filter(
            staff_rows | (employer_rows & Q(_consent=True))
        )


class Referral(models.Model):
    """A pre-selected candidate proposed to an employer for an opening."""

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="referrals")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="referrals")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DeclineReason.choices, blank=True)
    employer_feedback = models.TextField(_("employer feedback"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    employer_notified_at = models.DateTimeField(_("employer notified at"), null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-proposed_at"]
        constraints = [models.UniqueConstraint(fields=["opening", "participant"], name="one_referral_per_opening")]

    def __str__(self):
        return f"{self.participant.display_name_for_employers} → {self.opening}"


class ReferralTransition(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "at", "pk"]

    def __str__(self):
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    SEASONAL = "seasonal", _("Seasonal")
    TEMPORARY = "temporary", _("Temporary")


def _employer_rows_with_consent(queryset, user, *, prefix=""):
    """Staff of the enterprise see its rows about the people they may see (`person_visible`: a
    supervisor, the people they supervise); an employer contact sees the rows of their employer(s)
    only while the participant's sharing-with-employers consent is active."""
    if not user.is_authenticated:
        return queryset.none()
    staff_rows = person_visible(
        user, enterprise_field=f"{prefix}enterprise_id", participant_field=f"{prefix}participant_id"
    )
    employer_rows = employer_contact_rows(
        user, employer_field=f"{prefix}employer_id", enterprise_field=f"{prefix}enterprise_id"
    )
    return queryset.alias(_consent=active_consent(ConsentPurpose.EMPLOYER_SHARING, f"{prefix}participant_id")).filter(
        staff_rows | (employer_rows & Q(_consent=True))
    )


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _employer_rows_with_consent(self, user)


class Placement(models.Model):
    """A hire. Its retention is read from the post-pathway follow-ups."""

    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="placements")
    pathway = models.ForeignKey(
        "participants.Pathway", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="placements")
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="placements"
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    job_title = models.CharField(_("job title"), max_length=200)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    weekly_hours = models.DecimalField(_("weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    start_date = models.DateField(_("start date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("hire")
        verbose_name_plural = _("hires")
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.job_title} — {self.employer}"


class RetentionCheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _employer_rows_with_consent(self, user, prefix="placement__")

    def pending(self):
        return self.filter(answered_at__isnull=True)


class RetentionCheckIn(models.Model):
    """A short question the enterprise asks the employer: is the person still employed?"""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="check_ins")
    requested_on = models.DateField(_("requested on"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RetentionCheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention check-in")
        verbose_name_plural = _("retention check-ins")
        ordering = ["-requested_on"]

    def __str__(self):
        return f"{self.placement} ({self.requested_on:%Y-%m-%d})"
