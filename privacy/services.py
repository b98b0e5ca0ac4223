"""Deleting an account across every app, and applying the retention period to finished enquiries."""

import datetime as dt

from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.redaction import mentions_of
from enquiries import privacy as enquiries_privacy
from notifications import privacy as notifications_privacy

from .selectors import SECTIONS

# Right to left in the house: what refers to the account goes before the account itself.
ERASERS = tuple(reversed(SECTIONS))


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase ``user``'s personal data from every app, then their account.

    Their enquiries stay, anonymised, for the universities' records; their name and
    addresses are redacted wherever someone else's text mentions them. Attachment files
    are removed from storage once the transaction commits.
    """
    mentions = mentions_of(user)
    for app in ERASERS:
        app.person_erase(user=user, mentions=mentions)


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Enquiries finished before this moment have been kept long enough."""
    return now - dt.timedelta(days=settings.ENQUIRY_RETENTION_DAYS)


def retention_apply(*, now: dt.datetime, batch_size: int = 200) -> int:
    """Anonymise the enquiries closed or withdrawn more than ENQUIRY_RETENTION_DAYS before ``now``."""
    return enquiries_privacy.enquiries_anonymise_closed(
        closed_before=retention_cutoff(now), batch_size=batch_size
    )


def notifications_retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Notifications written before this moment have been kept long enough."""
    return now - dt.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)


def notifications_retention_apply(*, now: dt.datetime) -> int:
    """Delete the notifications written more than NOTIFICATION_RETENTION_DAYS before ``now``."""
    return notifications_privacy.notifications_expire(created_before=notifications_retention_cutoff(now))
