"""The pages of rapportage: quarterly reports (``rapporten``), basisniveau measurements (``basisniveau``) and awareness
sessions (``bewustwording``)."""
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404


def alleen_voor(rollen, *, beheer=None):
    """A list or form page of a role-bound area: other roles get 404 (for them the area does not exist); with
    ``beheer`` (a ``user -> bool``), a role that sees the area but may not manage it gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if getattr(request.user, "rol", None) not in rollen:
                raise Http404
            if beheer is not None and not beheer(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
