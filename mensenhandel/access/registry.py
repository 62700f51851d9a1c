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


@dataclass(frozen=True)
class ObjectUrl:
    pattern: URLPattern
    model: type
    kwargs_for: Callable[[Any], dict]
    methods: tuple = ("GET",)


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


def object_path(route, view, *, name, model, kwargs_for=_pk_kwargs, methods=("GET",)):
    """``path()`` for a URL that names one object of ``model``; answers 404 to who may not see it."""
    pattern = path(route, view, name=name)
    _object_urls.append(ObjectUrl(pattern, model, kwargs_for, tuple(methods)))
    return pattern


def listing_path(route, view, *, name, model, reveals, query=None):
    """``path()`` for a list, count or export of ``model`` objects."""
    pattern = path(route, view, name=name)
    _listings.append(Listing(pattern, model, reveals, dict(query or {})))
    return pattern


def registered_patterns():
    return {id(entry.pattern) for entry in _object_urls} | {id(entry.pattern) for entry in _listings}


def object_urls_for(model):
    return [entry for entry in _object_urls if issubclass(model, entry.model)]


def listings_for(model):
    return [entry for entry in _listings if issubclass(model, entry.model)]
