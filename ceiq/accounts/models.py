import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import ContextKind, EnterpriseRole


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_network_staff", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an email address. What they may do comes from memberships."""

    username = None  # type: ignore[assignment]  # people log in with their email
    email = models.EmailField(_("email"), unique=True)
    is_network_staff = models.BooleanField(
        _("network staff"), default=False, help_text=_("Staff of the Collectif (CEIQ) who manage the network.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # no username

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @cached_property
    def enterprise_roles(self) -> dict[int, str]:
        """{enterprise id: role} for this user's active memberships (one query, cached per request)."""
        if not self.is_authenticated or not self.is_active:
            return {}
        # `memberships` is the enterprises app's reverse relation: this low layer imports no higher app.
        return dict(self.memberships.filter(is_active=True).values_list("enterprise_id", "role"))

    @cached_property
    def employer_scopes(self) -> dict[int, int | None]:
        """{employer id: the only enterprise whose candidates this contact sees there, or None once
        network staff confirmed them for the whole employer} for the active employer memberships."""
        if not self.is_authenticated or not self.is_active:
            return {}
        # `employer_memberships` is the employers app's reverse relation (this layer imports no higher app).
        rows = self.employer_memberships.filter(is_active=True).values_list(
            "employer_id", "scoped_enterprise_id", "confirmed"
        )
        return {employer_id: (None if confirmed else scope) for employer_id, scope, confirmed in rows}

    @cached_property
    def employer_ids(self) -> frozenset[int]:
        return frozenset(self.employer_scopes)

    def role_in(self, enterprise_id: int | None) -> str | None:
        if enterprise_id is None:
            return None
        return self.enterprise_roles.get(enterprise_id)

    @property
    def directed_enterprise_ids(self) -> list[int]:
        """The enterprises this person directs: the invitations and access log they oversee."""
        return [
            enterprise_id for enterprise_id, role in self.enterprise_roles.items() if role == EnterpriseRole.DIRECTOR
        ]

    @property
    def is_enterprise_staff(self) -> bool:
        return bool(self.enterprise_roles)

    @property
    def needs_mfa(self) -> bool:
        """Network and enterprise staff handle personal data: MFA is required for them when enforced."""
        return self.is_network_staff or self.is_enterprise_staff


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():
    return timezone.now() + timedelta(days=settings.CEIQ_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        if user.is_network_staff:
            return self
        return self.filter(enterprise_id__in=user.directed_enterprise_ids)


class Invitation(models.Model):
    """The only way to get an account: a single-use token with a role that expires."""

    email = models.EmailField(_("email"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContextKind.choices)
    role = models.CharField(_("role"), max_length=20, choices=EnterpriseRole.choices, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.CASCADE
    )
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), null=True, blank=True, on_delete=models.CASCADE
    )
    # An employer contact invited by enterprise staff: the enterprise they invited for. The contact sees
    # only that enterprise's candidates until network staff confirm them for the whole employer.
    sponsor_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("invited for the enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    # Empty once the inviting account is deleted: the invitation still validates (accept, revoke).
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_target_matches_kind",
                condition=(
                    models.Q(kind="network", enterprise__isnull=True, employer__isnull=True)
                    | models.Q(kind="enterprise", enterprise__isnull=False, employer__isnull=True)
                    | models.Q(kind="employer", employer__isnull=False, enterprise__isnull=True)
                ),
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.get_kind_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def target_label(self) -> str:
        if self.kind == ContextKind.ENTERPRISE:
            return f"{self.get_role_display()} — {self.enterprise}"
        if self.kind == ContextKind.EMPLOYER:
            role = _("Employer contact")  # outside the f-string, or makemessages misses it
            return f"{role} — {self.employer}"
        return str(_("Network staff"))
