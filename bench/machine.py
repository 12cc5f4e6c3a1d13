"""What a benchmark run ran on: the machine, the database, Python, Django and the git commit."""

import os
import platform
import subprocess
from typing import Any

import django
from django.db import connection
from django.db.backends.utils import CursorWrapper


def _one(cursor: CursorWrapper) -> Any:
    row = cursor.fetchone()
    return row[0] if row else ""


def machine_description() -> dict[str, Any]:
    """The machine, the software and the commit the run measured (its JSON and summary head)."""
    info = {
        "nproc": os.cpu_count(),
        "memory": _meminfo(),
        "cpu_model": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_description(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    info.update(_git())
    return info


def _meminfo() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    kib = int(line.split()[1])
                    return f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def database_description() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {_one(cursor)}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {_one(cursor)}"
    return connection.vendor


def _git() -> dict[str, str]:
    def run(*args: str) -> str:
        try:
            completed = subprocess.run(  # noqa: S603 - fixed arguments
                ["git", *args],  # noqa: S607 - git from PATH, informational only
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
                cwd=os.path.dirname(os.path.abspath(__file__)),
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return completed.stdout.strip()

    return {"git_branch": run("rev-parse", "--abbrev-ref", "HEAD"), "git_commit": run("rev-parse", "--short", "HEAD")}
