"""django-axes hooks: how an attempt is counted and what a locked-out visitor sees."""
from django.shortcuts import render

from mensenhandel.audit.context import client_ip as _client_ip


def username_from_request(request, credentials):
    """Count attempts per e-mail address, however it was typed."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def client_ip(request):
    return _client_ip(request)


def locked_out(request, credentials, *args, **kwargs):
    # The same page whether or not the account exists.
    return render(request, "partners/locked_out.html", status=429)
