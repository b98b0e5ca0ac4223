from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="privacy.tasks.retention")
def retention() -> int:
    """Anonymise the enquiries whose retention period has passed (periodic, daily); return how many."""
    return services.retention_apply(now=timezone.now())


@shared_task(name="privacy.tasks.notification_retention")
def notification_retention() -> int:
    """Delete the notifications whose retention period has passed (periodic, daily); return how many."""
    return services.notifications_retention_apply(now=timezone.now())
