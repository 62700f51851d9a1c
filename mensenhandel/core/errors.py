"""Error pages in Dutch that reveal nothing: not what was asked for, nor whether it exists."""
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def _render(request, status):
    # Rendered without the request context processors where the request may be broken.
    return render(request, f"errors/{status}.html", status=status)


@login_not_required
def bad_request(request, exception=None):
    return _render(request, 400)


@login_not_required
def permission_denied(request, exception=None):
    return _render(request, 403)


@login_not_required
def page_not_found(request, exception=None):
    return _render(request, 404)


@login_not_required
def server_error(request):
    return _render(request, 500)
