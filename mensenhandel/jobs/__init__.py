"""Background jobs through a transactional outbox.

``enqueue("name", *ids)`` writes a ``Job`` row in the caller's transaction and hands its id to
Celery once that transaction commits. A job that could not be handed over (Redis away) stays
queued and is sent again by the relay (beat, every minute). The worker runs a job at most once
to completion: it locks the row and skips a job that is already done. Handlers are registered
with ``@job("app.name")`` in an app's ``jobs.py``, which the app's ``AppConfig.ready()`` imports.
"""


def enqueue(*args, **kwargs):
    from .services import enqueue as _enqueue

    return _enqueue(*args, **kwargs)
