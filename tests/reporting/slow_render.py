"""Loaded by a test worker only (`celery … worker --include tests.reporting.slow_render`): its first
report render takes a minute, keeping its heartbeat, so a test can kill the worker (or cut its
database connections) in the middle of one; later renders in the same process run at normal speed.
Production code has no hook for this: the render's first computation is patched here."""

import time

from django.utils import timezone

from reporting import services
from reporting.models import ReportRun, ReportStatus

SLOW_SECONDS = 60
_compute_indicators = services.compute_indicators


_slowed = []


def slow_compute_indicators(**kwargs):
    if _slowed:
        return _compute_indicators(**kwargs)
    _slowed.append(True)
    for _second in range(SLOW_SECONDS):
        time.sleep(1)
        ReportRun.objects.filter(status=ReportStatus.RUNNING).update(heartbeat_at=timezone.now())
    return _compute_indicators(**kwargs)


services.compute_indicators = slow_compute_indicators
