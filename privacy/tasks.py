from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="privacy.tasks.retention")
def retention() -> int:
    """Anonymise the enquiries whose retention period has passed (periodic, daily); return how many."""
    return services.retention_apply(now=timezone.now())
