"""The outbox: one notification to one person about one event, in-app always, by e-mail as they chose."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MY_ENQUIRIES = "my-enquiries", _("My enquiries: acknowledgements, replies and changes")
    QUEUE_ACTIVITY = "queue-activity", _("My queues: new, assigned and forwarded enquiries, replies")
    INTERNAL_NOTES = "internal-notes", _("Internal notes written by colleagues")
    RESPONSE_REMINDERS = "response-reminders", _("Response-time reminders and escalations")
    DEADLINE_REMINDERS = "deadline-reminders", _("Deadlines of my saved opportunities")
    QUEUE_SUMMARY = "queue-summary", _("Daily summary of my queues: new, overdue, waiting")


# What staff are told about other people's enquiries. Where the second factor is required, a
# session that has not passed it sees these without their subject, and its export leaves them out.
ABOUT_OTHERS = frozenset(
    {Category.QUEUE_ACTIVITY, Category.INTERNAL_NOTES, Category.RESPONSE_REMINDERS, Category.QUEUE_SUMMARY}
)


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("One e-mail a day (digest)")
    IN_APP = "in-app", _("Only here, in the hub")


DEFAULT_DELIVERY = {
    Category.MY_ENQUIRIES: Delivery.IMMEDIATE,
    Category.QUEUE_ACTIVITY: Delivery.IMMEDIATE,
    Category.INTERNAL_NOTES: Delivery.IN_APP,
    Category.RESPONSE_REMINDERS: Delivery.IMMEDIATE,
    Category.DEADLINE_REMINDERS: Delivery.IMMEDIATE,
    Category.QUEUE_SUMMARY: Delivery.IN_APP,
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        IN_APP = "in-app", _("In-app only")
        DIGEST = "digest", _("Waiting for the digest")
        DIGESTED = "digested", _("Sent in a digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category)
    event = models.CharField(_("event"), max_length=60)
    object_key = models.CharField(_("about"), max_length=100, blank=True, help_text=_("e.g. enquiry:42"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    dedup_key = models.CharField(_("de-duplication key"), max_length=200, unique=True)
    email_status = models.CharField(_("e-mail"), max_length=20, choices=EmailStatus)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(fields=["email_status", "next_attempt_at"], name="notif_status_next"),
            models.Index(fields=["created_at"], name="notif_created"),
            models.Index(fields=["object_key"], name="notif_object"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class Mention(models.Model):
    """A further object a notification speaks of, so that erasing the object finds it.

    A notification about one event names its object in ``Notification.object_key``; a digest
    or a daily summary also mentions every enquiry it lists, one row each.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("notification")
    )
    object_key = models.CharField(_("object"), max_length=100, help_text=_("e.g. enquiry:42"))

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["notification", "object_key"], name="one_mention_per_object")
        ]
        indexes = [models.Index(fields=["object_key"], name="mention_object")]

    def __str__(self) -> str:
        return self.object_key


class Preference(models.Model):
    """How a person wants one category of notifications delivered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("category"), max_length=30, choices=Category)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.category} → {self.delivery}"
