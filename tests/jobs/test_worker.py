"""A real Celery worker (subprocess) runs jobs from Redis; jobs survive a Redis outage through the relay.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): skipped without them, failed in CI.
"""
import os
import signal
import socket
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import transaction
from django.utils import timezone

from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.services import dispatch, relay_pending

from .conftest import redis_db, wait_until

# A worker subprocess only sees committed rows: real transactions, not a rolled-back test transaction.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

JOB_DONE_SECONDS = 30
UNREACHABLE_BROKER_MAX_SECONDS = 5


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_local_port(url, port):
    """``url`` (a redis:// URL) with 127.0.0.1:``port`` as its address; credentials and database kept."""
    parts = urlsplit(url)
    auth = parts.netloc.rpartition("@")[0]
    netloc = f"{auth}@127.0.0.1:{port}" if auth else f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{redis_db(url)}"))


def wait_for_job(pk, timeout=JOB_DONE_SECONDS):
    """The job once it is done or failed, or as it is after ``timeout`` seconds."""
    finished = (JobStatus.DONE, JobStatus.FAILED)
    wait_until(lambda: Job.objects.filter(pk=pk, status__in=finished).exists(), timeout)
    return Job.objects.get(pk=pk)


def describe(job_row, worker):
    return (
        f"job {job_row.pk}: status={job_row.status} pogingen={job_row.pogingen} fout={job_row.fout!r} "
        f"resultaat={job_row.resultaat!r}\n--- worker log ---\n{worker.log()}"
    )


class TcpProxy:
    """Forwards every connection on 127.0.0.1:``port`` to ``target``; threads only, stopped with stop()."""

    def __init__(self, port, target):
        self.target = target
        self.connections = 0
        self._sockets = []
        self._threads = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(16)
        self._server.settimeout(0.2)
        self._start(self._accept_loop)

    def _start(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self.connections += 1
                self._sockets += [client, upstream]
            self._start(self._pump, client, upstream)
            self._start(self._pump, upstream, client)

    @staticmethod
    def _pump(source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        self._stopping.set()
        self._server.close()
        with self._lock:
            sockets, threads = list(self._sockets), list(self._threads)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        for thread in threads:
            thread.join(timeout=5)


@pytest.fixture
def tcp_proxy():
    """``tcp_proxy(port, (host, port))`` starts a forwarding proxy; every one is stopped at teardown."""
    proxies = []

    def start(port, target):
        proxy = TcpProxy(port, target)
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()


def test_real_worker_runs_a_committed_job(require_postgres, redis_url, start_worker, published_jobs):
    worker = start_worker(published_jobs)

    with transaction.atomic():
        queued = enqueue("jobs.controle")
    handed_over = Job.objects.get(pk=queued.pk)
    assert handed_over.status in (JobStatus.SENT, JobStatus.RUNNING, JobStatus.DONE), describe(handed_over, worker)
    assert handed_over.verzonden is not None or handed_over.status != JobStatus.SENT

    done = wait_for_job(queued.pk)

    assert done.status == JobStatus.DONE, describe(done, worker)
    assert done.resultaat["pid"] != os.getpid(), describe(done, worker)
    assert done.resultaat["pid"] == worker.process.pid, describe(done, worker)
    assert done.resultaat["database"] == "postgresql", describe(done, worker)
    assert done.pogingen == 1, describe(done, worker)


def test_job_survives_a_redis_outage_and_runs_once_after_the_relay(
    require_postgres, redis_url, start_worker, published_jobs, celery_conf, tcp_proxy
):
    # The worker consumes straight from the real Redis; only publishing goes through the port below.
    worker = start_worker(published_jobs)
    port = free_port()  # nothing listens here: Redis is "down" for the publisher
    real = urlsplit(redis_url)
    celery_conf(broker_url=on_local_port(redis_url, port))

    started = time.monotonic()
    with transaction.atomic():
        queued = enqueue("jobs.controle")
    commit_seconds = time.monotonic() - started
    assert commit_seconds < UNREACHABLE_BROKER_MAX_SECONDS, f"publishing hung for {commit_seconds:.1f} s"
    started = time.monotonic()
    assert dispatch(queued.pk) is False
    assert time.monotonic() - started < UNREACHABLE_BROKER_MAX_SECONDS
    queued.refresh_from_db()
    assert queued.status == JobStatus.QUEUED, describe(queued, worker)
    assert queued.verzonden is None

    # Redis is reachable on that port again.
    proxy = tcp_proxy(port, (real.hostname or "127.0.0.1", real.port or 6379))
    assert relay_pending(older_than=timedelta(0)) == 1
    assert proxy.connections >= 1
    sent = Job.objects.get(pk=queued.pk)
    assert sent.status in (JobStatus.SENT, JobStatus.RUNNING, JobStatus.DONE), describe(sent, worker)
    assert sent.verzonden is not None

    done = wait_for_job(queued.pk)
    assert done.status == JobStatus.DONE, describe(done, worker)
    assert done.pogingen == 1, describe(done, worker)
    assert done.resultaat["pid"] == worker.process.pid, describe(done, worker)
    # Delivered to the worker exactly once.
    succeeded = f"Task jobs.run[{queued.pk}] succeeded"
    assert wait_until(lambda: succeeded in worker.log(), 5), describe(done, worker)
    assert worker.log().count(f"Task jobs.run[{queued.pk}] received") == 1, describe(done, worker)


# --- a worker that dies during a job (issue 16 §3) -------------------------------------------------------------


def _started(pk):
    """The worker counted its attempt (committed before the run) and holds the job's row lock."""
    return Job.objects.filter(pk=pk, pogingen__gte=1).exists()


def _backdate(pk, minutes):
    Job.objects.filter(pk=pk).update(verzonden=timezone.now() - timedelta(minutes=minutes))


def test_a_running_job_is_not_handed_over_twice(require_postgres, redis_url, start_worker, published_jobs):
    """The lease: while its worker runs it, the relay leaves a job alone however long ago it was sent."""
    worker = start_worker(published_jobs)
    with transaction.atomic():
        queued = enqueue("jobs.controle", seconden=4)
    assert wait_until(lambda: _started(queued.pk), JOB_DONE_SECONDS), describe(Job.objects.get(pk=queued.pk), worker)
    _backdate(queued.pk, 30)
    assert relay_pending() == 0
    done = wait_for_job(queued.pk)
    assert done.status == JobStatus.DONE and done.pogingen == 1, describe(done, worker)
    assert worker.log().count(f"Task jobs.run[{queued.pk}] received") == 1, describe(done, worker)


def test_a_job_whose_worker_is_killed_is_picked_up_again_and_runs_to_the_end_once(
    require_postgres, redis_url, start_worker, published_jobs
):
    """`kill -9` of the whole worker during a job: PostgreSQL frees the job's row with the dead connection, the relay
    (2 minutes later, run by beat every minute) hands it to the next worker, which runs it to the end."""
    eerste = start_worker(published_jobs)
    with transaction.atomic():
        queued = enqueue("jobs.controle", seconden=3)
    assert wait_until(lambda: _started(queued.pk), JOB_DONE_SECONDS), describe(Job.objects.get(pk=queued.pk), eerste)
    os.killpg(eerste.process.pid, signal.SIGKILL)
    eerste.process.wait(timeout=10)
    # The database sees the dead connection go: the row is no longer locked, the job is still "sent", not done.
    assert wait_until(lambda: relay_pending(older_than=timedelta(hours=1)) == 0 and not Job.objects.filter(
        pk=queued.pk, status=JobStatus.DONE).exists(), 5)
    stuck = Job.objects.get(pk=queued.pk)
    assert stuck.status == JobStatus.SENT and stuck.pogingen == 1, describe(stuck, eerste)

    tweede = start_worker(published_jobs)
    _backdate(queued.pk, 3)  # two minutes and a bit later: the relay's turn
    assert wait_until(lambda: relay_pending() == 1, 10), describe(Job.objects.get(pk=queued.pk), tweede)
    done = wait_for_job(queued.pk)
    assert done.status == JobStatus.DONE, describe(done, tweede)
    assert done.pogingen == 2, describe(done, tweede)
    assert done.resultaat["pid"] == tweede.process.pid, describe(done, tweede)
    assert tweede.log().count(f"Task jobs.run[{queued.pk}] succeeded") == 1, describe(done, tweede)
