from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ceiq.core.forms import Form

from .models import Invitation, User
from .roles import ContextKind, EnterpriseRole


class InvitationAcceptForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            probe = User(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _visible_organizations(field_name: str, user):
    """The enterprises (or employers) the person may invite into, by name. The model is the one the
    invitation's foreign key points to, so this low layer imports no higher app."""
    organization = Invitation._meta.get_field(field_name).related_model
    return organization._default_manager.visible_to(user).order_by("name")  # type: ignore[union-attr]


class InvitationForm(Form):
    email = forms.EmailField(label=_("Email"))
    kind = forms.ChoiceField(label=_("Kind of account"), choices=ContextKind.choices)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *EnterpriseRole.choices], required=False)
    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=None, required=False
    )
    employer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _visible_organizations("enterprise", user)
        self.fields["employer"].queryset = _visible_organizations("employer", user)
        if not user.is_network_staff:
            self.fields["kind"].choices = [c for c in ContextKind.choices if c[0] != ContextKind.NETWORK]
            self.fields["role"].choices = [("", "—")] + [
                c for c in EnterpriseRole.choices if c[0] != EnterpriseRole.DIRECTOR
            ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ContextKind.ENTERPRISE:
            if not cleaned.get("enterprise"):
                self.add_error("enterprise", _("Choose the enterprise."))
            if not cleaned.get("role"):
                self.add_error("role", _("Choose a role."))
        if kind == ContextKind.EMPLOYER and not cleaned.get("employer"):
            self.add_error("employer", _("Choose the employer."))
        return cleaned

    def invitation_data(self) -> dict[str, Any]:
        """The arguments of ceiq.accounts.services.invitation_create."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "kind": data["kind"],
            "role": data.get("role") or "",
            "enterprise": data.get("enterprise"),
            "employer": data.get("employer"),
        }


def invitation_sent_message(invitation: Invitation) -> str:
    return _("Invitation created for %(email)s. Its email is queued and will be sent shortly.") % {
        "email": invitation.email
    }
