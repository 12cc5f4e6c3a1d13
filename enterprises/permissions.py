from ceiq.accounts.roles import EnterpriseRole


def can_view_enterprise(user, enterprise) -> bool:
    return user.is_network_staff or user.role_in(enterprise.pk) is not None


def can_edit_enterprise(user, enterprise=None) -> bool:
    return user.is_network_staff


def can_manage_staff(user, enterprise) -> bool:
    return user.is_network_staff or user.role_in(enterprise.pk) == EnterpriseRole.DIRECTOR
