"""Built-in jobs."""
import os
import socket

from django.db import connection
from django.utils import timezone

from .registry import job


@job("jobs.controle")
def controle(job_row):
    """A health check: proves a worker picks jobs up and can write to the database."""
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "database": connection.vendor,
        "tijd": timezone.now().isoformat(),
    }
