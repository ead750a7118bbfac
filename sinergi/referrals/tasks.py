"""Background form of the daily SLA check, for installations that enqueue it from the worker instead of cron."""

from django_tasks import task

from .operations import escalate_overdue


@task()
def escalate_overdue_referrals() -> int:
    return escalate_overdue()
