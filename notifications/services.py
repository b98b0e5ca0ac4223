"""Writing to the outbox, delivering, sweeping, digests, read marks, preferences.

Domain apps call ``notify`` inside the transaction of the change that causes it; the
e-mail is handed to Celery only after commit, and the sweep re-sends what a broker outage
left pending, so mail is delayed but never lost. Delivery locks the row and does nothing
if it was already sent, so retries and re-sends never send twice.
"""

import datetime as dt
import logging
import smtplib
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

from .models import ABOUT_OTHERS, DEFAULT_DELIVERY, Category, Delivery, Mention, Notification, Preference

logger = logging.getLogger(__name__)
Status = Notification.EmailStatus

# Errors worth another try later: the SMTP server or the network, not the message.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, socket.timeout, TimeoutError, OSError)
RETRY_DELAYS = [60, 300, 900, 3600, 4 * 3600]  # seconds after each failed attempt
DIGEST_HOUR = 7


def delivery_for(user: User, category: str) -> str:
    chosen = (
        Preference.objects.filter(user=user, category=category).values_list("delivery", flat=True).first()
    )
    return chosen or DEFAULT_DELIVERY[Category(category)]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification to write: ``notify``'s arguments, for ``notify_all``."""

    recipient: User
    category: str
    event: str
    dedup_key: str
    template: str
    context: Mapping
    link: str = ""
    object_key: str = ""
    force_email: bool = False
    # Further objects the text speaks of (a digest's or a summary's enquiries), besides ``object_key``.
    mentions: tuple[str, ...] = ()


def notify(
    *,
    recipient: User,
    category: str,
    event: str,
    dedup_key: str,
    template: str,
    context: Mapping,
    link: str = "",
    object_key: str = "",
    force_email: bool = False,
    mentions: Iterable[str] = (),
) -> Notification | None:
    """Put one notification in the outbox (once per ``dedup_key``), rendered in the recipient's language.

    ``template`` names three templates: ``<template>.subject.txt``, ``.txt`` and ``.html``.
    ``force_email`` mails it whatever the person chose for its category: the daily digest and
    the daily queue summary, which are themselves the once-a-day bundle. ``object_key`` and
    ``mentions`` name the objects the text speaks of, so that erasing one erases it too.
    """
    if not recipient.is_active:
        return None
    existing = Notification.objects.filter(dedup_key=dedup_key).first()
    if existing is not None:
        return existing
    notice = Notice(
        recipient=recipient, category=category, event=event, dedup_key=dedup_key, template=template,
        context=context, link=link, object_key=object_key, force_email=force_email, mentions=tuple(mentions),
    )  # fmt: skip
    notification = _render(notice, delivery_for(recipient, category))
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return Notification.objects.get(dedup_key=dedup_key)
    _mentions_write({notification.pk: notice.mentions})
    _enqueue_on_commit(notification)
    return notification


def notify_all(notices: Iterable[Notice]) -> int:
    """Put many notifications in the outbox at once, as ``notify`` would one by one; return how many.

    Three queries whatever their number (the keys already taken, the recipients' choices, one
    insert) instead of three each: the reminder pass writes thousands. Notices whose key is
    taken, or whose recipient is inactive, are skipped. If another writer takes one of the keys
    meanwhile, the batch falls back to one insert each and skips that one.
    """
    todo: dict[str, Notice] = {}
    for notice in notices:
        if notice.recipient.is_active:
            todo.setdefault(notice.dedup_key, notice)
    if not todo:
        return 0
    for key in Notification.objects.filter(dedup_key__in=list(todo)).values_list("dedup_key", flat=True):
        del todo[key]
    chosen = {
        (user_id, category): delivery
        for user_id, category, delivery in Preference.objects.filter(
            user_id__in={n.recipient.pk for n in todo.values()},
            category__in={n.category for n in todo.values()},
        ).values_list("user_id", "category", "delivery")
    }
    rows = [
        _render(n, chosen.get((n.recipient.pk, n.category)) or DEFAULT_DELIVERY[Category(n.category)])
        for n in todo.values()
    ]
    try:
        with transaction.atomic():
            written = Notification.objects.bulk_create(rows)
    except IntegrityError:
        written = [row for row in rows if _insert_unless_taken(row)]
    _mentions_write({n.pk: todo[n.dedup_key].mentions for n in written})
    for notification in written:
        _enqueue_on_commit(notification)
    return len(written)


def _mentions_write(mentions: Mapping[int, Iterable[str]]) -> None:
    rows = [Mention(notification_id=pk, object_key=key) for pk, keys in mentions.items() for key in set(keys)]
    if rows:  # most notifications speak of their own object alone: no query for them
        Mention.objects.bulk_create(rows)


def _insert_unless_taken(notification: Notification) -> bool:
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _render(notice: Notice, delivery: str) -> Notification:
    """The unsaved notification for ``notice``, rendered in the recipient's language."""
    recipient = notice.recipient
    if notice.force_email:
        delivery = Delivery.IMMEDIATE
    status = {Delivery.IMMEDIATE: Status.PENDING, Delivery.DIGEST: Status.DIGEST}.get(delivery, Status.IN_APP)
    language = recipient.language or settings.LANGUAGE_CODE
    context = {
        **notice.context,
        "recipient": recipient,
        "link": absolute(notice.link),
        "site_url": settings.SITE_URL,
        "LANGUAGE_CODE": language,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{notice.template}.subject.txt", context).split())
        text = render_to_string(f"{notice.template}.txt", context)
        html = render_to_string(f"{notice.template}.html", context)
    return Notification(
        recipient=recipient, category=notice.category, event=notice.event, object_key=notice.object_key,
        link=notice.link, language=language, subject=subject[:250], body_text=text, body_html=html,
        dedup_key=notice.dedup_key, email_status=status,
    )  # fmt: skip


def _enqueue_on_commit(notification: Notification) -> None:
    if notification.email_status == Status.PENDING:
        transaction.on_commit(partial(enqueue, notification.pk), robust=True)


# How a notification is handed to the task queue: ``tasks`` registers it when the app is ready
# (``NotificationsConfig.ready``), since tasks import services and never the reverse.
_hand_over: Callable[[int], None] | None = None


def hand_over_with(function: Callable[[int], None]) -> None:
    """Use ``function(notification_id)`` to hand notifications to the task queue."""
    global _hand_over
    _hand_over = function


def enqueue(notification_id: int) -> None:
    """Hand a notification to Celery; if the broker is down, the sweep will do it later."""
    try:
        _hand_over(notification_id)
    except Exception:
        logger.warning(
            "Broker unavailable; notification %s waits for the sweep.", notification_id, exc_info=True
        )


def notification_deliver(*, notification_id: int) -> bool:
    """Send one pending notification by e-mail; True if sent now. Raise a transient error to retry."""
    error: Exception | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, email_status=Status.PENDING)
            .first()
        )
        if notification is None:
            return False
        try:
            _send(notification)
        except TRANSIENT_ERRORS as caught:
            error = caught
        now = timezone.now()
        notification.attempts += 1
        if error is None:
            notification.email_status = Status.SENT
            notification.sent_at = now
            notification.next_attempt_at = None
        else:
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            delay = RETRY_DELAYS[min(notification.attempts - 1, len(RETRY_DELAYS) - 1)]
            notification.next_attempt_at = now + dt.timedelta(seconds=delay)
        notification.save(
            update_fields=["attempts", "email_status", "sent_at", "last_error", "next_attempt_at"]
        )
    if error is not None:
        raise error
    return True


def message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt, so that a re-send is recognisably the same mail."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}@{domain}>"


def _send(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": notification.language,
            "X-Mobility-Hub-Event": notification.event,
            "Message-ID": message_id(notification),
        },
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    message.send()


def notification_fail(*, notification_id: int, error: str) -> None:
    """Give up on a notification after its last try; the admin can send it again."""
    Notification.objects.filter(pk=notification_id, email_status=Status.PENDING).update(
        email_status=Status.FAILED, last_error=error[:2000], next_attempt_at=None
    )


def notifications_resend(*, notification_ids: list[int]) -> int:
    """Put failed notifications back in the outbox (admin action)."""
    count = Notification.objects.filter(pk__in=notification_ids, email_status=Status.FAILED).update(
        email_status=Status.PENDING, attempts=0, next_attempt_at=None
    )
    for notification_id in notification_ids:
        transaction.on_commit(partial(enqueue, notification_id), robust=True)
    return count


def notifications_sweep(
    *, now: dt.datetime | None = None, grace: dt.timedelta = dt.timedelta(minutes=2)
) -> int:
    """Re-enqueue pending notifications whose hand-over was lost (broker down, worker killed)."""
    now = now or timezone.now()
    due = Notification.objects.filter(email_status=Status.PENDING).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - grace)
    )
    ids = list(due.values_list("pk", flat=True)[:5000])
    for notification_id in ids:
        enqueue(notification_id)
    return len(ids)


def _local(user: User, at: dt.datetime) -> dt.datetime:
    zone = user.home_university.time_zone if user.home_university_id else settings.TIME_ZONE
    return at.astimezone(ZoneInfo(zone))


def digests_send(*, at: dt.datetime) -> int:
    """Bundle each person's digest-mode notifications into one e-mail, once a day in their morning."""
    user_ids = Notification.objects.filter(email_status=Status.DIGEST, created_at__lte=at).values(
        "recipient_id"
    )
    sent = 0
    for user in (
        User.objects.filter(pk__in=user_ids, is_active=True).select_related("home_university").iterator(500)
    ):
        local = _local(user, at)
        if local.hour < DIGEST_HOUR:
            continue
        key = f"digest:{user.pk}:{local.date().isoformat()}"
        if Notification.objects.filter(dedup_key=key).exists():
            continue  # today's digest is gone; what came since waits for tomorrow's
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, email_status=Status.DIGEST, created_at__lte=at)
                .order_by("created_at")
            )
            if not items:
                continue
            # A digest that repeats anything about others' enquiries is itself about them.
            category = next((n.category for n in items if n.category in ABOUT_OTHERS), items[0].category)
            notify(
                recipient=user, category=category, event="digest", dedup_key=key,
                template="notifications/email/digest", context={"items": items, "day": local.date()},
                link="/notifications/", force_email=True,
                mentions=[n.object_key for n in items if n.object_key]
                + list(Mention.objects.filter(notification__in=items).values_list("object_key", flat=True)),
            )  # fmt: skip
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(email_status=Status.DIGESTED)
            sent += 1
    return sent


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of ``user``'s notifications read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def preferences_save(*, user: User, choices: Mapping[str, str]) -> None:
    for category, delivery in choices.items():
        Preference.objects.update_or_create(user=user, category=category, defaults={"delivery": delivery})
