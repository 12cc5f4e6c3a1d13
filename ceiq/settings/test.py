"""Test settings: fast hashing, email kept in memory. DATABASE_URL / REDIS_URL select PostgreSQL / Redis."""

from urllib.parse import urlsplit, urlunsplit

from . import base as _base
from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests run tasks in-process unless a test starts a real worker (tests marked `worker` flip this);
# the worker subprocess those tests start is given CEIQ_CELERY_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = env_bool("CEIQ_CELERY_EAGER", True)  # noqa: F405
# With the short visibility timeout worker tests give (CELERY_VISIBILITY_TIMEOUT=5), sweep the
# unacknowledged messages every second so a killed worker's message comes back quickly.
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] < 60:  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}  # noqa: F405

# pytest-xdist: each test process (gw0, gw1…) gets its own Redis database, since the tests clear the
# cache (FLUSHDB) and start Celery workers on it; pytest-django already gives each its own test
# database. The environment variable follows, so the workers a test starts use the same one.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
if _XDIST_WORKER and _base.REDIS_URL and not os.environ.get("CACHE_URL"):  # noqa: F405
    _parts = urlsplit(_base.REDIS_URL)
    _database = (int(_parts.path.lstrip("/") or 0) - int(_XDIST_WORKER.removeprefix("gw") or 0)) % 16
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_database}"))
    os.environ["REDIS_URL"] = REDIS_URL  # noqa: F405
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    if not os.environ.get("CELERY_BROKER_URL"):  # noqa: F405
        CELERY_BROKER_URL = REDIS_URL
