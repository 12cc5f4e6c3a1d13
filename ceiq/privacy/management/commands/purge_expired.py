from django.conf import settings
from django.core.management.base import BaseCommand

from ceiq.privacy.selectors import participants_past_retention, retention_cutoff
from ceiq.privacy.services import participant_anonymize


class Command(BaseCommand):
    help = (
        "Anonymizes the people whose last pathway ended more than CEIQ_RETENTION_YEARS ago. "
        "A dry run by default: pass --wet-run to change the data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Really anonymize (default: only list).")

    def handle(self, *args, wet_run=False, **options):
        cutoff = retention_cutoff()
        people = list(participants_past_retention())
        verb = "Anonymizing" if wet_run else "Would anonymize"
        self.stdout.write(
            f"Retention {settings.CEIQ_RETENTION_YEARS} years: last pathway ended before {cutoff:%Y-%m-%d}."
        )
        for participant in people:
            # Only the record number and enterprise: a purge log must not copy names elsewhere.
            self.stdout.write(
                f"{verb} participant #{participant.pk} ({participant.enterprise.name}), "
                f"last pathway ended {participant.last_end:%Y-%m-%d}"
            )
            if wet_run:
                participant_anonymize(actor=None, participant=participant)
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"{len(people)} people anonymized."))
        else:
            self.stdout.write(f"{len(people)} people would be anonymized. Dry run: nothing changed (use --wet-run).")
