from celery import shared_task

from . import services


@shared_task(name="jobs.run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id):
    services.execute(job_id)


@shared_task(name="jobs.relay_pending", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def relay_pending():
    return services.relay_pending()
