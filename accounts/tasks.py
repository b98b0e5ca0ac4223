from celery import shared_task

from .services import affiliations_reconcile as reconcile


@shared_task(name="accounts.tasks.affiliations_reconcile")
def affiliations_reconcile() -> int:
    """Recompute stored home universities (periodic, and after domain changes)."""
    return reconcile()
