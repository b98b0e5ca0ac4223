from django.db.models import QuerySet

from accounts.models import User

from .models import DEFAULT_DELIVERY, Category, Notification, Preference

# The bell counts unread notifications up to here and shows "99+" beyond: on every page, a
# count stops early instead of reading thousands of rows for a busy coordinator.
UNREAD_SHOWN = 99


def unread_count(user: User) -> int:
    """Unread notifications of ``user``, counted up to ``UNREAD_SHOWN + 1``."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    return unread[: UNREAD_SHOWN + 1].count()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).only(
        "pk", "subject", "link", "created_at", "read_at", "category", "event"
    )


def preferences_of(user: User) -> dict[str, str]:
    """Every category with the person's choice, or its default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "delivery"))
    return {category: chosen.get(category, DEFAULT_DELIVERY[category]) for category in Category}
