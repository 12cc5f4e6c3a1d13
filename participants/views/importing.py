"""The import of participants and their pathways from a spreadsheet: the upload shows a preview (a dry
run), then applying imports the previewed file (by its checksum), all or nothing."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from ceiq.core.exports import XLSX_CONTENT_TYPE, attachment

from .. import permissions as perms
from ..forms import ImportForm
from ..importing import import_participants
from ..importing.staging import preview_keep, preview_take
from ..importing.template import import_template_bytes
from ._common import enterprise_of, permitted


def _apply(request, enterprise):
    kept = preview_take(request.POST.get("checksum", ""), user_id=request.user.pk, enterprise_id=enterprise.pk)
    if kept is None:
        messages.error(request, _("The previewed file is no longer available (after 30 minutes): upload it again."))
        return None
    filename, content = kept
    report = import_participants(io.BytesIO(content), filename=filename, enterprise=enterprise, actor=request.user)
    if report.ok:
        messages.success(request, report.summary)
    return report


@login_required
def participant_import(request):
    enterprise = permitted(request, perms.can_import_participants, enterprise_of(request))
    applying = request.method == "POST" and "checksum" in request.POST
    form = ImportForm(None if applying else request.POST or None, None if applying else request.FILES or None)
    report = checksum = None
    if applying:
        report = _apply(request, enterprise)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = import_participants(
            io.BytesIO(content), filename=upload.name, enterprise=enterprise, actor=request.user, dry_run=True
        )
        if report.ok and not form.cleaned_data["dry_run"]:
            checksum = preview_keep(content, filename=upload.name, user_id=request.user.pk, enterprise_id=enterprise.pk)
    context = {"form": form, "report": report, "checksum": checksum}
    return render(request, "participants/import.html", context)


@login_required
def participant_import_template(request):
    """The XLSX template to fill (French and English header, accepted values, drop-down lists)."""
    permitted(request, perms.can_import_participants, enterprise_of(request))
    return attachment(
        import_template_bytes(), filename="modele-import-participants.xlsx", content_type=XLSX_CONTENT_TYPE
    )
