"""What notifications keeps about a person (their notifications and preferences): its export and erasure."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.redaction import Mentions, redact_rows

from .models import Mention, Notification, Preference
from .selectors import preferences_of, withheld

TEXT_FIELDS = ["subject", "body_text", "body_html", "last_error"]


def personal_data(user: User) -> dict[str, Any]:
    """``user``'s notifications and their delivery choice for each category, for their download.

    Notifications about others' enquiries are left out while the session has not passed a
    required second factor (counted, so that the person knows to download again afterwards).
    """
    chosen = set(Preference.objects.filter(user=user).values_list("category", flat=True))
    notifications = list(Notification.objects.filter(recipient=user).order_by("created_at", "pk"))
    hidden = withheld(user, notifications)
    return {
        "notifications_withheld_until_second_factor": len(hidden),
        "notifications": [
            {
                "category": n.category,
                "event": n.event,
                "subject": n.subject,
                "text": n.body_text,
                "link": n.link,
                "language": n.language,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "email": n.email_status,
                "sent_at": n.sent_at,
            }
            for n in notifications
            if n.pk not in hidden
        ],
        "notification_preferences": [
            {"category": category, "delivery": delivery, "chosen": category in chosen}
            for category, delivery in preferences_of(user).items()
        ],
    }


@transaction.atomic
def person_erase(*, user: User, mentions: Mentions) -> None:
    """Delete ``user``'s notifications and preferences; redact their name in everyone else's."""
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    redact_rows(Notification.objects.exclude(recipient=user), TEXT_FIELDS, mentions)


def notifications_about_delete(*, object_keys: list[str]) -> int:
    """Delete every notification that mentions one of the objects (e.g. ``enquiry:42``), whoever received it.

    A digest or a summary that lists the object goes too: it repeats its subject.
    """
    if not object_keys:
        return 0
    about = Notification.objects.filter(object_key__in=object_keys).values("pk")
    mentioning = Mention.objects.filter(object_key__in=object_keys).values("notification_id")
    deleted, _by_model = Notification.objects.filter(Q(pk__in=about) | Q(pk__in=mentioning)).delete()
    return deleted


def notifications_expire(*, created_before: dt.datetime, batch_size: int = 1000) -> int:
    """Delete notifications older than the retention period, a batch at a time; return how many."""
    expired = 0
    while True:
        batch = list(
            Notification.objects.filter(created_at__lt=created_before)
            .order_by()
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return expired
        with transaction.atomic():
            Notification.objects.filter(pk__in=batch).delete()
        expired += len(batch)
