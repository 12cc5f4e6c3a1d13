from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.methodology import methodology_markdown


class Command(BaseCommand):
    help = "Write docs/indicators.md from the report's methodology (definitions, denominators, small-cell rules)."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "indicators.md"
        path.write_text(methodology_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
