"""Demo data for the embedded portal. Idempotent: running it twice creates no duplicates."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

DEMO_PASSWORD = "Demo-CEIQ-2026!"  # noqa: S105 - printed for the demo on purpose

# Each app seeds its own nouns, in dependency order; each returns [(role label, email), …].
SEEDERS = [
    "ceiq.accounts.demo.seed",
    "enterprises.demo.seed",
    "employers.demo.seed",
    "participants.demo.seed",
    "employers.demo.seed_after_participants",
    "reporting.demo.seed",
]


class Command(BaseCommand):
    help = "Create (or complete) the demo data and print one demo account per role."

    def handle(self, *args, **options):
        accounts = []
        with transaction.atomic():
            for path in SEEDERS:
                accounts.extend(import_string(path)(password=DEMO_PASSWORD) or [])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts (password: %s):" % DEMO_PASSWORD))
        for label, email in accounts:
            self.stdout.write(f"  {label:<28} {email}")
