"""Demo data for the embedded portal. Idempotent: running it twice creates no duplicates."""

from django.core.management.base import BaseCommand
from django.db import transaction

from ceiq.core.demo import seed_demo

DEMO_PASSWORD = "Demo-CEIQ-2026!"  # noqa: S105 - printed for the demo on purpose


class Command(BaseCommand):
    help = "Create (or complete) the demo data and print one demo account per role."

    def handle(self, *args, **options):
        # Each app seeds its own nouns (registered in its AppConfig.ready(), see ceiq.core.demo).
        with transaction.atomic():
            accounts = seed_demo(password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts (password: %s):" % DEMO_PASSWORD))
        for label, email in accounts:
            self.stdout.write(f"  {label:<28} {email}")
