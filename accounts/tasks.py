from celery import shared_task

from .services import affiliations_reconcile as reconcile
from .services import sessions_clear_expired


@shared_task(name="accounts.tasks.affiliations_reconcile")
def affiliations_reconcile() -> int:
    """Recompute stored home universities (periodic, and after domain changes)."""
    return reconcile()


@shared_task(name="accounts.tasks.sessions_clear")
def sessions_clear() -> None:
    """Delete expired sessions (periodic: Django keeps them until told)."""
    sessions_clear_expired()
