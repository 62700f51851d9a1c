"""Optimistic locking for texts edited live during a meeting (agenda item minutes, decisions, actions).

A form carries the ``versie`` the user loaded. The service locks the row and compares: when someone else saved in
the meantime it raises ``Conflict`` and changes nothing; the page then shows both versions and keeps what the user
typed. A successful save raises ``versie`` by one.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Conflict(ValidationError):
    """Someone else saved this text after the user opened it. ``huidig`` is the saved object as it is now."""

    def __init__(self, huidig):
        self.huidig = huidig
        super().__init__(
            _("Someone else saved this in the meantime. Below are both versions: the saved one and yours. "
              "Adjust your text and save again."),
            code="conflict",
        )


def check(locked, verwacht):
    """``locked`` is the row under select_for_update; ``verwacht`` the version the user saw (None: no check)."""
    if verwacht is not None and int(verwacht) != locked.versie:
        raise Conflict(locked)


def bump(obj):
    obj.versie += 1
    return obj
