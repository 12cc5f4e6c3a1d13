from .roles import ContextKind, EnterpriseRole


def can_invite(user, *, kind: str, role: str = "", enterprise=None, employer=None) -> bool:
    """Network staff invite anyone; a director invites their team (not another director);
    enterprise staff may invite employer contacts."""
    if not user.is_authenticated:
        return False
    if user.is_network_staff:
        return True
    if kind == ContextKind.ENTERPRISE and enterprise is not None:
        return user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR and role != EnterpriseRole.DIRECTOR
    if kind == ContextKind.EMPLOYER:
        return any(r in (EnterpriseRole.DIRECTOR, EnterpriseRole.COORDINATOR) for r in user.enterprise_roles.values())
    return False


def can_manage_invitations(user, enterprise=None) -> bool:
    if user.is_network_staff:
        return True
    if enterprise is None:
        return False
    return user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR
