"""Shared parts of the job tests: a real Celery worker subprocess and the test's own Redis queue."""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection

from mensenhandel.celery import app as celery_app

PROJECT_DIR = Path(__file__).resolve().parents[2]
WORKER_READY_SECONDS = 30
WORKER_STOP_SECONDS = 10


def wait_until(predicate, timeout, interval=0.2):
    """Call ``predicate`` until it returns something truthy or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def test_database_url():
    """A DATABASE_URL for the test database this test process uses (so a worker sees committed rows)."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "", safe="")
    password = quote(s.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(s['NAME'], safe='')}"


test_database_url.__test__ = False  # not a test, despite its name


def redis_db(url):
    """The database number in a redis:// URL (0 when it names none)."""
    path = urlsplit(url).path.strip("/")
    return int(path) if path else 0


class Worker:
    """A ``celery -A mensenhandel worker`` subprocess with its log in a file."""

    def __init__(self, queue, redis_url, log_path):
        self.queue = queue
        self.log_path = log_path
        env = dict(os.environ)
        env.pop("CELERY_BROKER_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="mensenhandel.settings.test",
            DATABASE_URL=test_database_url(),
            REDIS_URL=redis_url,
            CELERY_QUEUE=queue,
            PYTHONUNBUFFERED="1",
        )
        self._log = open(log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "mensenhandel", "worker",
                "--pool=solo", "--concurrency=1", "-Q", queue,
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-l", "info", "-n", f"{queue}@%h",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self):
        try:
            return Path(self.log_path).read_text(errors="replace")
        except OSError as exc:
            return f"(no worker log: {exc})"

    def wait_ready(self, timeout=WORKER_READY_SECONDS):
        ready = wait_until(lambda: self.process.poll() is not None or " ready." in self.log(), timeout)
        if self.process.poll() is not None:
            pytest.fail(f"The Celery worker exited with {self.process.returncode}.\n--- worker log ---\n{self.log()}")
        if not ready:
            pytest.fail(f"The Celery worker was not ready after {timeout} s.\n--- worker log ---\n{self.log()}")

    def stop(self):
        """Warm shutdown (SIGTERM); SIGKILL when it does not stop in time. Only this worker's own pid."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=WORKER_STOP_SECONDS)
        self._log.close()


@pytest.fixture
def job_queue(redis_url):
    """A Redis queue name of this test alone; its keys are removed afterwards."""
    import redis

    queue = f"test-jobs-{uuid.uuid4().hex[:12]}"
    yield queue
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    try:
        priority_lists = list(client.scan_iter(match=f"{queue}\x06\x16*"))
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}", *priority_lists)
    except redis.RedisError:
        pass
    finally:
        client.close()


@pytest.fixture
def celery_conf():
    """Change ``mensenhandel.celery.app.conf`` in a test; the old values come back afterwards."""
    missing = object()
    saved = {}

    def set_conf(**values):
        for key, value in values.items():
            saved.setdefault(key, getattr(celery_app.conf, key, missing))
            setattr(celery_app.conf, key, value)

    yield set_conf
    for key, value in saved.items():
        if value is missing:
            celery_app.conf.pop(key, None)
        else:
            setattr(celery_app.conf, key, value)


@pytest.fixture
def published_jobs(settings, celery_conf, redis_url, job_queue):
    """Jobs are published to the real Redis, into this test's own queue (not run in-process)."""
    settings.JOBS_EAGER = False
    celery_conf(broker_url=redis_url, task_default_queue=job_queue)
    return job_queue


@pytest.fixture
def start_worker(require_postgres, transactional_db, redis_url, tmp_path):
    """Start a real Celery worker on a queue: ``worker = start_worker(queue)``. Stopped at teardown.

    Depends on ``transactional_db`` so the worker is stopped before the tables are flushed.
    """
    workers = []

    def start(queue, wait=True):
        worker = Worker(queue, redis_url, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
