"""python manage.py import_participants FILE --enterprise SLUG --actor EMAIL [--dry-run]"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ceiq.accounts.models import User
from enterprises.models import Enterprise
from participants.importing import import_participants


class Command(BaseCommand):
    help = "Import participants and their pathways from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--enterprise", required=True, help="The enterprise's short name (slug).")
        parser.add_argument(
            "--actor",
            required=True,
            help="The email of the person doing the import (they need the import right in the enterprise); "
            "the change history is attributed to them.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file and save nothing.")

    def handle(self, *args, file, enterprise, actor, dry_run, **options):
        try:
            target = Enterprise.objects.get(slug=enterprise)
        except Enterprise.DoesNotExist as error:
            raise CommandError(f"Unknown enterprise: {enterprise}") from error
        user = User.objects.filter(email__iexact=actor, is_active=True).first()
        if user is None:
            raise CommandError(f"Unknown or inactive user: {actor}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with path.open("rb") as handle:
                report = import_participants(handle, filename=path.name, enterprise=target, actor=user, dry_run=dry_run)
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not import participants into {enterprise}.") from error
        for warning in report.warnings:
            self.stderr.write(warning)
        for problem in report.errors:
            self.stderr.write(f"ligne {problem.row}, colonne {problem.column or '—'} : {problem.message}")
        if not report.ok:
            raise CommandError(report.summary)
        self.stdout.write(self.style.SUCCESS(report.summary))
