"""Failed-login limits that neither let one person lock everyone out nor lock an owner out of their
own account (issue 16, hole 5).

- Per client address (allauth's `ip` rate, the address read by ceiq.core.client behind the trusted
  proxies): one address cannot try many accounts quickly.
- Per (account, address) (allauth's `key` rate, whose key `attempt_key` builds): five wrong
  passwords stop that address for that account, not the owner elsewhere.
- Per account, across addresses: past a ceiling of failures in an hour, each further attempt from an
  address that never logged into the account waits a doubling delay. The account is slowed, never
  locked, and an address where its owner logged in before is not slowed at all.
- A successful password reset clears all three for the account (a new generation of keys).

The counters live in the cache (Redis in production), like allauth's own."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60


def _account(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()


def _generation(account: str) -> int:
    return cache.get(f"login:generation:{account}", 0)


def _failures_key(account: str) -> str:
    return f"login:failures:{account}:{_generation(account)}"


def _known_key(account: str, address: str) -> str:
    return f"login:known:{account}:{_generation(account)}:{address}"


def attempt_key(login: str, address: str) -> str:
    """allauth's per-key rate key: one account from one address, in the account's generation."""
    account = _account(login)
    return f"{account}:{_generation(account)}:{address}"


def _recent_failures(account: str, now: float) -> list[float]:
    return [moment for moment in cache.get(_failures_key(account), []) if moment > now - HOUR]


def seconds_to_wait(login: str, address: str) -> int:
    """How long this address must wait before trying this account again (0: it may try now)."""
    account = _account(login)
    if cache.get(_known_key(account, address)):
        return 0
    now = time.time()
    failures = _recent_failures(account, now)
    beyond = len(failures) - settings.CEIQ_LOGIN_ACCOUNT_CEILING
    if beyond < 0:
        return 0
    delay = min(settings.CEIQ_LOGIN_SLOWDOWN_BASE_SECONDS * 2**beyond, settings.CEIQ_LOGIN_SLOWDOWN_MAX_SECONDS)
    return max(0, math.ceil(max(failures) + delay - now))


def record_failure(login: str) -> None:
    account = _account(login)
    now = time.time()
    cache.set(_failures_key(account), [*_recent_failures(account, now), now], HOUR)


def record_success(login: str, address: str) -> None:
    """The address becomes the owner's: the account ceiling no longer slows it."""
    account = _account(login)
    cache.set(_known_key(account, address), True, settings.CEIQ_LOGIN_KNOWN_ADDRESS_SECONDS)


def clear(login: str) -> None:
    """After a successful password reset: every counter of the account starts again."""
    account = _account(login)
    key = f"login:generation:{account}"
    cache.set(key, _generation(account) + 1, None)
