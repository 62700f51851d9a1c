"""Registry of the URLs that name a domain object and of the pages that list domain objects.

Views are wired with ``object_path`` / ``listing_path`` instead of ``path``; that both builds the
URL pattern and records it, so that ``tests.access.assert_no_access`` can visit every URL of an
object and every list it could appear in, and a meta-test can fail when a URL with an object id
was added with plain ``path``.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, path


def _always(obj):
    return True


@dataclass(frozen=True)
class ObjectUrl:
    pattern: URLPattern
    model: type
    kwargs_for: Callable[[Any], dict]
    methods: tuple = ("GET",)
    # For which objects the URL is meant (e.g. only drafts can be edited); it must answer 404 for
    # every object the user may not see either way.
    applies_to: Callable[[Any], bool] = _always


@dataclass(frozen=True)
class Listing:
    pattern: URLPattern
    model: type
    # Text by which the object would show up in the page or export (e.g. its name or code).
    reveals: Callable[[Any], str]
    query: dict = field(default_factory=dict)


_object_urls: list[ObjectUrl] = []
_listings: list[Listing] = []


def _pk_kwargs(obj):
    return {"pk": obj.pk}


def object_path(route, view, *, name, model, kwargs_for=_pk_kwargs, methods=("GET",), applies_to=_always):
    """``path()`` for a URL that names one object of ``model``; answers 404 to who may not see it."""
    pattern = path(route, view, name=name)
    _object_urls.append(ObjectUrl(pattern, model, kwargs_for, tuple(methods), applies_to))
    return pattern


def listing_path(route, view, *, name, model, reveals, query=None):
    """``path()`` for a list, count or export of ``model`` objects."""
    pattern = path(route, view, name=name)
    _listings.append(Listing(pattern, model, reveals, dict(query or {})))
    return pattern


def _load_urlconf():
    """Registration happens when the URLconf is imported; make sure it has been."""
    from django.urls import get_resolver
    from django.utils.module_loading import autodiscover_modules

    get_resolver().url_patterns  # noqa: B018  (reading it imports the URLconf)
    autodiscover_modules("selectors")  # each app's selectors.py registers its <model>_visible_for


_non_object_params: list[URLPattern] = []


def token_path(route, view, *, name):
    """``path()`` for a URL whose parameter is a secret token (an e-mailed link), not an object id."""
    pattern = path(route, view, name=name)
    _non_object_params.append(pattern)
    return pattern


def registered_patterns():
    _load_urlconf()
    return (
        {id(entry.pattern) for entry in _object_urls}
        | {id(entry.pattern) for entry in _listings}
        | {id(pattern) for pattern in _non_object_params}
    )


def object_urls_for(model):
    _load_urlconf()
    return [entry for entry in _object_urls if issubclass(model, entry.model)]


def listings_for(model):
    _load_urlconf()
    return [entry for entry in _listings if issubclass(model, entry.model)]


_selectors: dict[type, Callable] = {}


def register_selector(model, selector):
    """Record ``<model>_visible_for``: the queryset every list, count and lookup of ``model`` starts from."""
    _selectors[model] = selector
    return selector


def selector_for(model):
    _load_urlconf()
    return _selectors[model]


def registered_selectors():
    _load_urlconf()
    return dict(_selectors)


# URL namespaces whose views name no domain object a user could be denied (the admin is beheerder-only
# and holds no personal data; domain objects are kept out of it).
EXEMPT_NAMESPACES = {"admin"}


def walk_patterns(resolver=None):
    """Yield (pattern, full name, has_object_parameter) for every URL pattern of the project."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespaces, parent_has_params):
        for entry in patterns:
            has_params = parent_has_params or bool(entry.pattern.converters) or "(?P<" in str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespaces + [entry.namespace] if entry.namespace else namespaces
                yield from walk(entry.url_patterns, ns, has_params)
            else:
                name = ":".join(namespaces + [entry.name]) if entry.name else None
                yield entry, name, namespaces, has_params

    yield from walk((resolver or get_resolver()).url_patterns, [], False)


def url_name(entry):
    """The namespaced name under which a registered pattern can be reversed."""
    for pattern, name, _namespaces, _params in walk_patterns():
        if pattern is entry.pattern:
            return name
    raise LookupError(f"{entry.pattern} is not in the URLconf.")
