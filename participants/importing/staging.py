"""The previewed file, kept until it is applied: applying imports the very file the person saw,
named by its SHA-256 checksum, not a second upload. It is kept in the cache (Redis in production)
for PREVIEW_SECONDS under the person and the enterprise, and removed when it is applied."""

import hashlib
import re

from django.core.cache import cache

PREVIEW_SECONDS = 30 * 60
CHECKSUM = re.compile(r"[0-9a-f]{64}")


def _key(checksum: str, user_id: int, enterprise_id: int) -> str:
    return f"participants:import-preview:{user_id}:{enterprise_id}:{checksum}"


def preview_keep(content: bytes, *, filename: str, user_id: int, enterprise_id: int) -> str:
    """Keep the previewed file; its checksum is what the apply button sends back."""
    checksum = hashlib.sha256(content).hexdigest()
    cache.set(_key(checksum, user_id, enterprise_id), (filename, content), PREVIEW_SECONDS)
    return checksum


def preview_take(checksum: str, *, user_id: int, enterprise_id: int) -> tuple[str, bytes] | None:
    """The file previewed by this person for this enterprise under `checksum` (then forgotten), or
    None: expired, never previewed, or another person's."""
    if not CHECKSUM.fullmatch(checksum):
        return None
    key = _key(checksum, user_id, enterprise_id)
    kept = cache.get(key)
    if kept is None:
        return None
    filename, content = kept
    if hashlib.sha256(content).hexdigest() != checksum:
        return None
    cache.delete(key)
    return filename, content
