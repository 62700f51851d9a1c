"""Every URL that names an object is registered, so the access helper visits it."""
from mensenhandel.access import registry


def test_every_url_with_an_object_parameter_is_registered():
    registered = registry.registered_patterns()
    unregistered = [
        name or str(pattern.pattern)
        for pattern, name, namespaces, has_params in registry.walk_patterns()
        if has_params and not registry.EXEMPT_NAMESPACES.intersection(namespaces) and id(pattern) not in registered
    ]
    assert unregistered == [], (
        "These URLs take an object parameter but were added with path() instead of object_path()/listing_path(): "
        f"{unregistered}"
    )


def test_every_registered_url_can_be_reversed_and_its_model_has_a_selector():
    selectors = registry.registered_selectors()
    for entry in registry._object_urls + registry._listings:
        assert registry.url_name(entry), entry
        assert entry.model in selectors, f"{entry.model.__name__} has a URL but no <model>_visible_for selector"


def test_the_meta_test_notices_an_unregistered_object_url():
    from django.urls import include, path

    from mensenhandel.access.registry import walk_patterns

    class FakeResolver:
        url_patterns = [path("x/", include(([path("<int:pk>/", lambda r, pk: None, name="los")], "x")))]

    found = [(name, has_params) for _p, name, _ns, has_params in walk_patterns(FakeResolver())]
    assert found == [("x:los", True)]
