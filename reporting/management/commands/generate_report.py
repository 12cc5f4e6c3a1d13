from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from reporting.indicators import compute_enterprise_rows, compute_indicators
from reporting.pdf import render_report_pdf

from ._scope import add_scope_arguments, fiscal_year, resolve_scope


class Command(BaseCommand):
    help = "Write an annual report PDF (the network report without --enterprise/--region/--sector)."

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--language", choices=["fr", "en"], default="fr")
        parser.add_argument("--output", required=True, help="path of the PDF to write")

    def handle(self, *args, **options):
        year = fiscal_year(options)
        scope = resolve_scope(options)
        language = options["language"]
        indicators = compute_indicators(fiscal_year=year, **scope)
        rows = None
        if "enterprise" not in scope:
            rows = compute_enterprise_rows(fiscal_year=year, region=scope.get("region"), sector=scope.get("sector"))
        with translation.override(language):
            if "enterprise" in scope:
                label = scope["enterprise"].name
            elif "region" in scope:
                label = _("Region %(region)s") % {"region": scope["region"]}
            elif "sector" in scope:
                label = _("Sector: %(sector)s") % {"sector": scope["sector"]}
            else:
                label = _("Network of the Collectif (CEIQ)")
        pdf = render_report_pdf(
            indicators=indicators, scope_label=label, fiscal_year=year, language=language, per_enterprise_rows=rows
        )
        output = Path(options["output"])
        output.write_bytes(pdf)
        self.stdout.write(f"{output} ({len(pdf)} bytes)")
