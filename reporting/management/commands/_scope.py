"""Shared options of the reporting commands: a fiscal year and an optional scope."""

from django.core.management.base import CommandError

from ceiq.core.fiscal import FiscalYear
from enterprises.models import Enterprise, Region, Sector


def add_scope_arguments(parser, *, aggregates=True):
    parser.add_argument("--fiscal-year", type=int, required=True, help="2025 means 1 April 2025 – 31 March 2026")
    parser.add_argument("--enterprise", help="enterprise slug")
    if aggregates:
        parser.add_argument("--region", help="administrative region code (01–17)")
        parser.add_argument("--sector", help="sector code")


def resolve_scope(options) -> dict:
    scope: dict[str, Enterprise | Region | Sector] = {}
    if options.get("enterprise"):
        try:
            scope["enterprise"] = Enterprise.objects.get(slug=options["enterprise"])
        except Enterprise.DoesNotExist as error:
            raise CommandError(f"No enterprise with the slug {options['enterprise']!r}.") from error
    if options.get("region"):
        try:
            scope["region"] = Region.objects.get(code=options["region"])
        except Region.DoesNotExist as error:
            raise CommandError(f"No region with the code {options['region']!r}.") from error
    if options.get("sector"):
        try:
            scope["sector"] = Sector.objects.get(code=options["sector"])
        except Sector.DoesNotExist as error:
            raise CommandError(f"No sector with the code {options['sector']!r}.") from error
    if len(scope) > 1:
        raise CommandError("Give at most one of --enterprise, --region and --sector.")
    return scope


def fiscal_year(options) -> FiscalYear:
    return FiscalYear(options["fiscal_year"])
