"""Built-in jobs."""
import os
import socket
import time

from django.db import connection
from django.utils import timezone

from .registry import job


@job("jobs.controle")
def controle(job_row):
    """A health check: proves a worker picks jobs up and can write to the database. With ``seconden`` (at most 60) it
    takes that long, like a long job: to see that a job whose worker dies comes back (the recovery test)."""
    time.sleep(min(max(float((job_row.kwargs or {}).get("seconden", 0)), 0), 60))
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "database": connection.vendor,
        "tijd": timezone.now().isoformat(),
    }
