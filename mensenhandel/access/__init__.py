"""Need-to-know access: the pieces every app uses.

- ``registry``: URLs that name an object (``object_path``) and pages that list objects
  (``listing_path``), so the access test helper can visit every one of them;
- ``grants``: explicit per-object grants to an organisation's group (django-guardian, direct
  foreign-key permission models), and the ``Q`` that reads them inside a selector;


Visibility itself is always a queryset: ``<app>.selectors.<model>_visible_for(user)``.
"""
