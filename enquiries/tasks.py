from celery import shared_task
from django.utils import timezone

from .reminders import run_reminders


@shared_task(name="enquiries.tasks.reminders")
def reminders() -> dict[str, int]:
    """Run the reminder pass for now (periodic, hourly); every reminder goes out once."""
    return run_reminders(timezone.now())
