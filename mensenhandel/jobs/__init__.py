"""Background jobs through a transactional outbox.

``enqueue("name", *ids)`` writes a ``Job`` row in the caller's transaction and hands its id to
Celery once that transaction commits. A job that could not be handed over (Redis away) stays
queued and is sent again by the relay (beat, every minute). The worker runs a job at most once
to completion: it locks the row and skips a job that is already done. Handlers are registered
with ``@job("app.name")`` in an app's ``jobs.py``, which the app's ``AppConfig.ready()`` imports.

Without Redis jobs run in-process; with ``JOBS_IN_THREAD`` (development) in a thread after the
response. The signals below tell ``services`` when a request begins and ends and when the
development server starts; they import it only when they fire (the models are not loaded here).
"""
from django.core.signals import request_finished, request_started
from django.utils.autoreload import autoreload_started


def enqueue(*args, **kwargs):
    from .services import enqueue as _enqueue

    return _enqueue(*args, **kwargs)


def _request_started(sender, **kwargs):
    from .services import request_started as started

    started()


def _request_finished(sender, **kwargs):
    from .services import request_finished as finished

    finished()


def _server_started(sender, **kwargs):
    from .services import server_started

    server_started()


request_started.connect(_request_started, dispatch_uid="mensenhandel.jobs.request_started")
request_finished.connect(_request_finished, dispatch_uid="mensenhandel.jobs.request_finished")
autoreload_started.connect(_server_started, dispatch_uid="mensenhandel.jobs.server_started")
