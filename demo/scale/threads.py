"""The threads, audit trails and notifications of generated enquiries.

A thread starts with the requester's message; the first public message by staff is the
enquiry's first answer (``first_response_at``), and only internal notes come before it. The
audit trail holds the submission, the assignment and the last status change (replies and
notes are in the thread, not repeated there). Notifications are the acknowledgements and
queue notices of the most recent enquiries, already delivered, as the outbox keeps them.
"""

import datetime as dt
import random
from collections import deque

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from enquiries.models import AuditEntry, Message
from enquiries.routing import RouteReason
from notifications.models import Category, Notification

from .institutions import ScaleQueue
from .lifecycle import RESOLVED_CLOSES_AFTER
from .people import Population
from .words import NOTES, REQUESTER_LINES, STAFF_LINES
from .writer import Writer

PUBLIC, INTERNAL = Message.Visibility.PUBLIC, Message.Visibility.INTERNAL
Action = AuditEntry.Action
NOTIFICATION_COLUMNS = (
    "id", "recipient_id", "category", "event", "object_key", "link", "language", "subject", "body_text",
    "body_html", "dedup_key", "email_status", "attempts", "last_error", "next_attempt_at", "created_at",
    "sent_at", "read_at",
)  # fmt: skip
SUBJECTS = {
    "received": {"en": "We have received your enquiry", "fr": "Nous avons bien reçu votre demande"},
    "received_queue": {"en": "New enquiry: {subject}", "fr": "Nouvelle demande : {subject}"},
}
BODIES = {
    "received": {
        "en": 'We have received your enquiry "{subject}". Its reference is {reference}. '
        "You can expect a first answer by {due}.",
        "fr": "Nous avons bien reçu votre demande « {subject} ». Sa référence est {reference}. "
        "Vous pouvez attendre une première réponse d'ici le {due}.",
    },
    "received_queue": {
        "en": 'A new enquiry "{subject}" ({reference}) is waiting in {queue}.',
        "fr": "Une nouvelle demande « {subject} » ({reference}) attend dans {queue}.",
    },
}


class Threads:
    """Collect the messages and audit entries of a batch of enquiries, and the latest enquiries' notices."""

    def __init__(
        self, rng: random.Random, population: Population, at: dt.datetime, notifications: int
    ) -> None:
        self.rng = rng
        self.population = population
        self.at = at
        self.messages: list[tuple] = []
        self.audit: list[tuple] = []
        self.latest: deque[tuple] = deque(maxlen=notifications)
        self.notifications = notifications
        with translation.override("en"):
            self.reasons = {reason: str(reason.value) for reason in RouteReason}
        self.link = reverse("enquiries:detail", args=["REFERENCE"])

    def add(self, enquiry: dict, queue: ScaleQueue, length: int, reason: RouteReason) -> None:
        """Plan the thread (``length`` messages) and the audit trail of one enquiry."""
        rng, pk = self.rng, enquiry["id"]
        requester, assignee = enquiry["requester_id"], enquiry["assignee_id"]
        created, first, status = enquiry["created_at"], enquiry["first_response_at"], enquiry["status"]
        changed = enquiry["status_changed_at"]
        staff = [assignee] if assignee else queue.members or [None]
        thread = [(pk, requester, PUBLIC, self._line(REQUESTER_LINES), created)]
        if first is not None and length >= 2:
            thread.append((pk, assignee or rng.choice(staff), PUBLIC, self._line(STAFF_LINES), first))
        # The rest of the conversation, up to the last status change (or now, while it is active).
        start = first or created
        end = changed if status in ("resolved", "closed", "withdrawn") else self.at
        end = max(end, start)
        for moment in sorted(start + (end - start) * rng.random() for _ in range(length - len(thread))):
            draw = rng.random()
            if draw < 0.5 or (first is None and draw < 0.75):
                thread.append((pk, requester, PUBLIC, self._line(REQUESTER_LINES), moment))
            elif first is not None and draw < 0.85:
                thread.append((pk, rng.choice(staff), PUBLIC, self._line(STAFF_LINES), moment))
            else:
                thread.append((pk, rng.choice(staff), INTERNAL, rng.choice(NOTES), moment))
        self.messages += thread
        self.audit.append((pk, requester, Action.SUBMITTED, "", queue.name, self.reasons[reason], created))
        if assignee:
            assigned = first or changed
            self.audit.append(
                (pk, assignee, Action.ASSIGNED, "", self.population.staff_names[assignee], "", assigned)
            )
        self._status_entry(enquiry, requester, assignee)
        if enquiry["outcome"]:
            decided = enquiry["resolved_at"] or changed
            self.audit.append((pk, assignee, Action.OUTCOME, "", enquiry["outcome"], "", decided))
        if self.notifications:
            self.latest.append((enquiry, queue))

    def _status_entry(self, enquiry: dict, requester: int, assignee: int | None) -> None:
        pk, status, changed = enquiry["id"], enquiry["status"], enquiry["status_changed_at"]
        resolved = enquiry["resolved_at"]
        if status == "open":
            entry = (assignee, "new", "open")
        elif status in ("waiting", "resolved"):
            entry = (assignee, "open", status)
        elif status == "closed" and resolved is not None:
            # Closed by the reminder pass (no actor) exactly 7 days after resolution, else by staff.
            by = None if changed - resolved == RESOLVED_CLOSES_AFTER else assignee
            entry = (by, "resolved", "closed")
        elif status == "closed":
            entry = (assignee, "open", "closed")
        elif status == "withdrawn":
            entry = (requester, "open" if assignee else "new", "withdrawn")
        else:
            return
        by, old, new = entry
        self.audit.append((pk, by, Action.STATUS, old, new, "", changed))

    def _line(self, lines: tuple[str, ...]) -> str:
        """One line, or two different ones."""
        first = self.rng.randrange(len(lines))
        if self.rng.random() < 0.5:
            return lines[first]
        return f"{lines[first]} {lines[(first + self.rng.randrange(1, len(lines))) % len(lines)]}"

    def write_messages(self, writer: Writer) -> int:
        pks = writer.pks(Message, len(self.messages))
        rows = [(pk, *row) for pk, row in zip(pks, self.messages, strict=True)]
        self.messages = []
        return writer.write(
            Message, ("id", "enquiry_id", "author_id", "visibility", "body", "created_at"), rows
        )

    def write_audit(self, writer: Writer) -> int:
        pks = writer.pks(AuditEntry, len(self.audit))
        rows = [(pk, *row) for pk, row in zip(pks, self.audit, strict=True)]
        self.audit = []
        names = ("id", "enquiry_id", "actor_id", "action", "old_value", "new_value", "detail", "created_at")
        return writer.write(AuditEntry, names, rows)

    def write_notifications(self, writer: Writer) -> int:
        """Acknowledgements to requesters and notices to a queue member, newest enquiries first."""
        rows: list[tuple] = []
        for enquiry, queue in reversed(self.latest):
            if len(rows) >= self.notifications:
                break
            requester = enquiry["requester_id"]
            if requester not in self.population.inactive:
                rows.append(self._notice("received", Category.MY_ENQUIRIES, requester, enquiry, queue))
            member = next((m for m in queue.members if m != requester), None)
            if member is not None and len(rows) < self.notifications:
                rows.append(self._notice("received_queue", Category.QUEUE_ACTIVITY, member, enquiry, queue))
        pks = writer.pks(Notification, len(rows))
        return writer.write(
            Notification, NOTIFICATION_COLUMNS, [(pk, *row) for pk, row in zip(pks, rows, strict=True)]
        )

    def _notice(self, event: str, category: str, recipient: int, enquiry: dict, queue: ScaleQueue) -> tuple:
        language = "fr" if recipient in self.population.french else "en"
        reference, created = enquiry["reference"], enquiry["created_at"]
        words = {
            "subject": enquiry["subject"],
            "reference": reference,
            "due": enquiry["first_response_due"].isoformat(),
            "queue": queue.name,
        }
        subject = f"[{reference}] {SUBJECTS[event][language].format(**words)}"[:250]
        text = BODIES[event][language].format(**words)
        sent = created + dt.timedelta(seconds=self.rng.uniform(5, 120))
        read = None
        if self.rng.random() < 0.6:
            read = min(sent + dt.timedelta(hours=self.rng.uniform(0.1, 72)), self.at)
        return (
            recipient, category, f"enquiry.{event}", f"enquiry:{enquiry['id']}",
            self.link.replace("REFERENCE", reference), language, subject, text, f"<p>{escape(text)}</p>",
            f"enquiry:{enquiry['id']}:received:to:{recipient}", Notification.EmailStatus.SENT, 1, "", None,
            created, min(sent, self.at), read,
        )  # fmt: skip
