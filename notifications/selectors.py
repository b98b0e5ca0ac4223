from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.mfa import second_factor_step
from accounts.models import User

from .models import ABOUT_OTHERS, DEFAULT_DELIVERY, Category, Notification, Preference

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


def withheld(user: User, notifications: Iterable[Notification]) -> set[int]:
    """The ids of ``notifications`` about others' enquiries that ``user``'s session may not read yet.

    Staff whose session has not passed a required second factor (``accounts.mfa``) see that
    such a notification exists, not its subject, which names an enquiry and often its requester.
    """
    about_others = {n.pk for n in notifications if n.category in ABOUT_OTHERS}
    return about_others if about_others and second_factor_step(user) else set()


def preferences_of(user: User) -> dict[str, str]:
    """Every category with the person's choice, or its default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "delivery"))
    return {category: chosen.get(category, DEFAULT_DELIVERY[category]) for category in Category}
