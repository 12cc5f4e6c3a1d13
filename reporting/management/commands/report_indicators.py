import json

from django.core.management.base import BaseCommand

from reporting.indicators import compute_indicators

from ._scope import add_scope_arguments, fiscal_year, resolve_scope


class Command(BaseCommand):
    help = "Print a scope's indicators for a fiscal year as JSON (the network without a scope)."

    def add_arguments(self, parser):
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        figures = compute_indicators(fiscal_year=fiscal_year(options), **resolve_scope(options))
        self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))
