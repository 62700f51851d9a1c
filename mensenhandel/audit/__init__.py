"""The audit log: who read or changed what, when, from where.

Write with ``audit.log(actor, action, obj, ...)`` from a service function, or let a view mixin in
``mensenhandel.audit.views`` log reads. Rows are append-only: no update or delete through the
application, the admin or (on PostgreSQL) the database itself.
"""


def log(*args, **kwargs):
    from .services import log as _log

    return _log(*args, **kwargs)
