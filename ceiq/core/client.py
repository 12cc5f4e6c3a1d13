"""The address of the person making a request.

Behind reverse proxies every request comes from the last proxy's address (REMOTE_ADDR); each proxy
appends the address it received the request from to X-Forwarded-For. With CEIQ_TRUSTED_PROXY_COUNT
proxies of our own in front of the application, the client is the entry that many places from the
end: what the outermost trusted proxy saw. Entries further left were written by the client and can be
forged, so they are never read. With 0 (the default, no proxy), X-Forwarded-For is ignored."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as the outermost trusted proxy saw it (see the module docstring).
    A header shorter than the number of proxies, or an entry that is not an address, falls back to
    REMOTE_ADDR: the request did not come through our proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - only a cache key part
    count = settings.CEIQ_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count <= 0 or not forwarded:
        return remote
    entries = forwarded.split(",")
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote
