"""The import of participants and their pathways from a spreadsheet (a dry run first, then for real)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import permissions as perms
from ..forms import ImportForm
from ..importing import import_participants
from ._common import enterprise_of, permitted


@login_required
def participant_import(request):
    enterprise = permitted(request, perms.can_import_participants, enterprise_of(request))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_participants(
            upload,
            filename=upload.name,
            enterprise=enterprise,
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.ok and not report.dry_run:
            messages.success(request, report.summary)
    return render(request, "participants/import.html", {"form": form, "report": report})
