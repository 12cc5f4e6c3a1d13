"""Reporting fixtures: PDFs go to a temporary MEDIA_ROOT; worker tests start real Celery workers."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from ceiq.celery import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _database_url(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class Workers:
    """Starts `celery -A ceiq worker --pool=solo` subprocesses on the test database and Redis."""

    def __init__(self, media_root, log_dir):
        self.media_root = media_root
        self.log_dir = log_dir
        self.processes = []
        self.base_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ceiq.settings.test",
            "DATABASE_URL": _database_url(connection.settings_dict),
            "CELERY_BROKER_URL": os.environ["REDIS_URL"],
            "CEIQ_CELERY_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "MEDIA_ROOT": str(media_root),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, *, include: tuple[str, ...] = (), beat: bool = False, **extra_env) -> subprocess.Popen:
        """A worker; `include`: test-only modules it imports at start (e.g. one that slows renders);
        `beat`: with the beat scheduler embedded (the sweeper of stale runs, every
        CEIQ_REPORT_SWEEP_SECONDS of its environment)."""
        index = len(self.processes) + 1
        log = open(self.log_dir / f"worker-{index}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ceiq",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"reporting-test-{os.getpid()}-{index}@%h",
                "--loglevel=INFO",
                *(["--include", ",".join(include)] if include else []),
                *(["--beat", "--schedule", str(self.log_dir / f"beat-{index}")] if beat else []),
            ],
            cwd=ROOT,
            env={**self.base_env, **{key: str(value) for key, value in extra_env.items()}},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.processes.append(process)
        return process

    def kill(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            process.log.close()

    def logs(self) -> str:
        return "\n".join(
            (self.log_dir / f"worker-{i}.log").read_text(errors="replace")[-3000:]
            for i in range(1, len(self.processes) + 1)
        )


@pytest.fixture
def celery_workers(media_root, tmp_path):
    """Real workers against Redis, with the test process sending tasks there instead of running them."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: the worker tests need Redis")
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a worker process cannot share the SQLite test database")

    media_root.mkdir(parents=True, exist_ok=True)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False

    # Our own Redis database: drop queued and unacknowledged messages left by anything earlier.
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    client.close()
    workers = Workers(media_root, tmp_path)
    try:
        yield workers
    finally:
        workers.stop()
        app.conf.task_always_eager = previous


def wait_for(predicate, *, timeout, workers=None, message=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.25)
    logs = workers.logs() if workers else ""
    raise AssertionError(f"timed out: {message}\n{logs}")
