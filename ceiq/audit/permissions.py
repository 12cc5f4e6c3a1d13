"""Named permission checks about the access log."""

from ceiq.accounts.models import User


def can_view_access_log(user: User) -> bool:
    """Directors see who read what in their enterprise; network staff see the whole log."""
    return user.is_network_staff or bool(user.directed_enterprise_ids)
