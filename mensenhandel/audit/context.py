"""The request an audit event happens in (for its IP address), without passing it everywhere."""
from contextvars import ContextVar
from ipaddress import ip_address

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)


def client_ip(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is the entry those proxies
    added to X-Forwarded-For (counted from the right, so a visitor cannot forge it); else REMOTE_ADDR.
    Used by the audit log and by the lock-out per IP address."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None
