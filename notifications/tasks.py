from celery import shared_task
from django.utils import timezone

from . import services

MAX_RETRIES = len(services.RETRY_DELAYS)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, name="notifications.deliver")
def deliver_notification(self, notification_id: int) -> None:
    """Send one notification; retry with back-off on SMTP and network errors, then mark it failed."""
    try:
        services.notification_deliver(notification_id=notification_id)
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.notification_fail(
                notification_id=notification_id, error=f"{type(error).__name__}: {error}"
            )
            return
        raise self.retry(exc=error, countdown=services.RETRY_DELAYS[self.request.retries]) from error


def deliver_later(notification_id: int) -> None:
    """Queue the delivery of one notification (``services.enqueue`` hands over through this)."""
    deliver_notification.delay(notification_id)


@shared_task(name="notifications.sweep")
def sweep() -> int:
    """Re-enqueue what is still pending (periodic)."""
    return services.notifications_sweep()


@shared_task(name="notifications.digests")
def digests() -> int:
    """Send the daily digests that are due (periodic)."""
    return services.digests_send(at=timezone.now())
