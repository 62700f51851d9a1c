"""The request an audit event happens in (for its IP address), without passing it everywhere."""
from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)


def client_ip(request):
    # REMOTE_ADDR only: behind a proxy, gunicorn's --forwarded-allow-ips sets it from the proxy header.
    return request.META.get("REMOTE_ADDR") or None
