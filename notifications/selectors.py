from django.db.models import QuerySet

from accounts.models import User

from .models import DEFAULT_DELIVERY, Category, Notification, Preference


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).only(
        "pk", "subject", "link", "created_at", "read_at", "category", "event"
    )


def preferences_of(user: User) -> dict[str, str]:
    """Every category with the person's choice, or its default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "delivery"))
    return {category: chosen.get(category, DEFAULT_DELIVERY[category]) for category in Category}
