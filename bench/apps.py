from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Developer tooling above every domain app: `manage.py seed_scale` and `manage.py bench`
    (docs/performance.md). It has no models, no URLs and no pages."""

    name = "bench"
