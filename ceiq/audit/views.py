from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from ceiq.accounts.roles import EnterpriseRole

from .models import AccessLog


@login_required
def access_log_list(request):
    """Directors see who read what in their enterprise; network staff see the whole log."""
    user = request.user
    if not (user.is_network_staff or EnterpriseRole.DIRECTOR in user.enterprise_roles.values()):
        raise PermissionDenied
    entries = AccessLog.objects.visible_to(user).select_related("enterprise")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log_list.html", {"page": page})
