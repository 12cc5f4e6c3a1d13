from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ceiq.core.parsing import page_number
from ceiq.core.services import require

from .models import AccessLog
from .permissions import can_view_access_log


@login_required
def access_log_list(request):
    """Directors see who read what in their enterprise; network staff see the whole log."""
    user = request.user
    require(can_view_access_log(user))
    entries = AccessLog.objects.visible_to(user).select_related("enterprise")
    page = Paginator(entries, 50).get_page(page_number(request))
    return render(request, "audit/access_log_list.html", {"page": page})
