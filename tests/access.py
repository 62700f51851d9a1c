"""The access test helper every feature uses.

``assert_no_access(client, user, obj)`` proves a user cannot reach an object by any route the
project registered: it is not in the model's selector, every URL that names it answers 404 (GET
and, where registered, POST), and no list, count or export page shows it. ``assert_has_access`` is
the mirror image, so a test proves the helper actually looked (a page that never shows anything
would pass ``assert_no_access`` on its own).
"""
from django.urls import reverse

from mensenhandel.access import registry


def _object_urls(obj):
    entries = registry.object_urls_for(type(obj))
    return [(entry, reverse(registry.url_name(entry), kwargs=entry.kwargs_for(obj))) for entry in entries]


def _listing_urls(obj):
    entries = registry.listings_for(type(obj))
    return [(entry, reverse(registry.url_name(entry))) for entry in entries]


def assert_no_access(client, user, obj):
    model = type(obj)
    assert not registry.selector_for(model)(user).filter(pk=obj.pk).exists(), (
        f"{user} finds {model.__name__} {obj.pk} in {model.__name__} selector"
    )
    client.force_login(user)
    checked = 0
    for entry, url in _object_urls(obj):
        for method in entry.methods:
            response = getattr(client, method.lower())(url)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code} to {user}, not 404"
            checked += 1
    reveal = None
    for entry, url in _listing_urls(obj):
        response = client.get(url, entry.query)
        # A list the user's role does not have answers 404, which reveals nothing either.
        assert response.status_code in (200, 404), f"GET {url} answered {response.status_code}"
        reveal = entry.reveals(obj)
        assert reveal and reveal not in response.content.decode(), f"{url} shows {reveal!r} to {user}"
        checked += 1
    assert checked, f"No URL is registered for {model.__name__}: nothing was checked."
    client.logout()


def assert_has_access(client, user, obj):
    model = type(obj)
    assert registry.selector_for(model)(user).filter(pk=obj.pk).exists(), (
        f"{user} does not find {model.__name__} {obj.pk} in its selector"
    )
    client.force_login(user)
    for entry, url in _object_urls(obj):
        if "GET" not in entry.methods or not entry.applies_to(obj):
            continue
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} answered {response.status_code} to {user}"
        if response.streaming:
            b"".join(response.streaming_content)  # read a served file to the end (closes it)
    shown_in = []
    for entry, url in _listing_urls(obj):
        response = client.get(url, entry.query)
        if response.status_code == 404:
            continue  # a list this role does not have
        assert response.status_code == 200, f"GET {url} answered {response.status_code} to {user}"
        if entry.reveals(obj) in response.content.decode():
            shown_in.append(url)
    listed = [url for _entry, url in _listing_urls(obj)]
    assert not listed or shown_in, f"{obj} is in none of the lists {listed} of {user}"
    client.logout()
