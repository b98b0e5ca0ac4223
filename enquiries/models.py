import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from institutions.models import Alliance, University

if TYPE_CHECKING:
    from accounts.models import User

from .storage import private_storage


class Topic(models.TextChoices):
    """What an enquiry is about; a university may give a topic its own queue."""

    STUDENT_MOBILITY = "student-mobility", _("Student mobility")
    STAFF_MOBILITY = "staff-mobility", _("Staff mobility")
    RESEARCH = "research", _("Research and innovation")
    ENGAGEMENT = "engagement", _("Civic engagement and volunteering")
    COURSES = "courses", _("Joint courses and micro-credentials")
    EVENTS = "events", _("Events and workshops")
    GENERAL = "general", _("Anything else")
    ACCESSIBILITY = "accessibility", _("Accessibility of this website")

    @classmethod
    def university_choices(cls) -> list[tuple[str, str | Promise]]:
        """Topics a university handles; feedback on the website's accessibility goes to the central office."""
        return [(value, label) for value, label in cls.choices if value != cls.ACCESSIBILITY]


class QueueQuerySet(models.QuerySet["Queue"]):
    def central(self) -> "QueueQuerySet":
        return self.filter(university__isnull=True)


class Queue(models.Model):
    """Where enquiries wait: a university's coordinator queue or an alliance's central office.

    A university queue without a topic is that university's default queue.
    """

    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="queues", verbose_name=_("alliance")
    )
    university = models.ForeignKey(
        University,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="queues",
        verbose_name=_("university"),
        help_text=_("Empty for the alliance's central office queue."),
    )
    topic = models.CharField(
        _("topic"),
        max_length=30,
        choices=Topic,
        blank=True,
        help_text=_("Empty for the university's default queue."),
    )
    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown to people as the queue's public contact."),
    )
    first_response_target_days = models.PositiveSmallIntegerField(
        _("first-response target (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    members: "models.ManyToManyField[User, QueueMembership]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="QueueMembership",
        related_name="queues",
        verbose_name=_("members"),
    )

    objects = QueueQuerySet.as_manager()

    class Meta:
        ordering = ["alliance", "university", "topic"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(university__isnull=True),
                name="one_central_queue_per_alliance",
            ),
            models.UniqueConstraint(fields=["university", "topic"], name="one_queue_per_university_topic"),
            models.CheckConstraint(
                condition=models.Q(university__isnull=False) | models.Q(topic=""),
                name="central_queue_has_no_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        university = self.university if self.university_id else None
        if university is not None and self.alliance_id and university.alliance_id != self.alliance_id:
            raise ValidationError(
                {"university": _("The university must be a member of the queue's alliance.")},
                code="university_outside_alliance",
            )
        if self.university_id and self.topic == Topic.ACCESSIBILITY:
            message = _("Feedback on the website's accessibility always goes to the central office.")
            raise ValidationError({"topic": ValidationError(message, code="central_office_topic")})

    @property
    def is_central(self) -> bool:
        return self.university_id is None


class QueueMembership(models.Model):
    """A person who triages a queue's enquiries."""

    queue = models.ForeignKey(
        Queue, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("queue")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="queue_memberships",
        verbose_name=_("person"),
    )

    class Meta:
        ordering = ["queue", "user__email"]
        verbose_name = _("queue membership")
        verbose_name_plural = _("queue memberships")
        constraints = [
            models.UniqueConstraint(fields=["queue", "user"], name="one_membership_per_queue_and_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.queue})"


class EnquiryQuerySet(models.QuerySet["Enquiry"]):
    def active(self) -> "EnquiryQuerySet":
        return self.filter(status__in=Enquiry.ACTIVE_STATUSES)


class Enquiry(models.Model):
    """A person's question, expression of interest or application, handled in one queue."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        INTEREST = "interest", _("Expression of interest")
        APPLICATION = "application", _("Application")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        WAITING = "waiting", _("Waiting for the requester")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        NOT_SELECTED = "not-selected", _("Not selected")

    ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING)

    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="enquiries", verbose_name=_("alliance")
    )
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="enquiries",
        verbose_name=_("requester"),
    )
    requester_university = models.ForeignKey(
        University,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requester's university"),
        help_text=_("The requester's home university when they asked."),
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("opportunity"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic, default=Topic.GENERAL)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.QUESTION)
    subject = models.CharField(_("subject"), max_length=200)
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="enquiries", verbose_name=_("queue")
    )
    route_reason = models.CharField(_("why this queue"), max_length=40, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
        verbose_name=_("assignee"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority, default=Priority.NORMAL)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    first_response_due = models.DateField(_("first answer expected by"))
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the requester's personal data was removed after the retention period."),
    )

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        indexes = [
            # The work queue's counts per status read this narrow index alone: with no other
            # column, equal keys share one entry (B-tree deduplication), so the tens of thousands
            # of a busy queue's enquiries take a few pages.
            models.Index(fields=["queue", "status", "kind"], name="enq_queue_status_kind"),
            # Covering the work queue's filters and orderings, so that a page finds, sorts and
            # skips its keys in the index alone (PostgreSQL; elsewhere a plain index on the same
            # fields); the reminders read its (queue, status, due date) ranges.
            models.Index(
                fields=["queue", "status", "first_response_due", "created_at", "id"],
                include=["kind", "assignee", "requester", "first_response_at"],
                name="enq_queue_status_due_rows",
            ),
            # The same for the enquiries assigned to a person ("assigned to me").
            models.Index(
                fields=["assignee", "status"],
                include=["queue", "first_response_due", "created_at", "id"],
                name="enq_assignee_status_rows",
            ),
            models.Index(fields=["requester", "-created_at"], name="enq_requester_created"),
            models.Index(fields=["opportunity", "kind"], name="enq_opportunity_kind"),
            models.Index(fields=["status", "status_changed_at"], name="enq_status_changed"),
            # The retention pass looks for finished enquiries that still hold personal data.
            models.Index(
                fields=["closed_at", "id"],
                condition=models.Q(anonymised_at__isnull=True),
                name="enq_closed_not_anonymised",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "year", "number"], name="one_enquiry_per_reference_number"
            ),
            models.UniqueConstraint(
                fields=["requester", "opportunity"],
                condition=models.Q(kind="application") & ~models.Q(status="withdrawn"),
                name="apply_once_per_opportunity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("enquiries:detail", args=[self.reference])

    @property
    def is_overdue(self) -> bool:
        return (
            self.first_response_at is None
            and self.status in (self.Status.NEW, self.Status.OPEN)
            and self.first_response_due < timezone.localdate()
        )


class ReferenceCounter(models.Model):
    """The last enquiry number given in an alliance and year."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year"], name="one_counter_per_alliance_year")
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id}-{self.year}: {self.last_number}"


class Message(models.Model):
    """One entry of an enquiry's thread: a public message, or an internal note for staff only."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public reply")
        INTERNAL = "internal", _("Internal note")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    removed_at = models.DateTimeField(
        _("text removed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The text was removed to protect personal data (account deleted or retention)."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["enquiry", "created_at"], name="msg_enquiry_created")]

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.get_visibility_display()} by {self.author}"

    @property
    def is_internal(self) -> bool:
        return self.visibility == self.Visibility.INTERNAL


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: nothing of the uploader's file name reaches the file system.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A document attached to a message, kept outside the public media files."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One change to an enquiry: who, when, what, the old and the new value."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assignment changed")
        FORWARDED = "forwarded", _("Forwarded")
        REPLIED = "replied", _("Replied")
        NOTED = "noted", _("Internal note")
        OUTCOME = "outcome", _("Outcome recorded")
        RECOMMENDED = "recommended", _("Recommendation recorded")
        PRIORITY = "priority", _("Priority changed")
        ATTACHMENT_VIEWED = "attachment-viewed", _("Attachment viewed")
        REQUESTER_ERASED = "requester-erased", _("Requester's account deleted")
        ANONYMISED = "anonymised", _("Personal data removed after the retention period")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action)
    old_value = models.CharField(_("before"), max_length=200, blank=True)
    new_value = models.CharField(_("after"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["enquiry", "created_at"], name="audit_enquiry_created")]

    def __str__(self) -> str:
        return f"{self.enquiry_id} {self.action} {self.old_value} → {self.new_value}"


class CannedReply(models.Model):
    """A ready-made answer a queue's staff can start a reply from."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="canned_replies")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """The host university's view on an application; the home queue still decides."""

    class Verdict(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended")
        RESERVATIONS = "reservations", _("Recommended with reservations")
        NOT_RECOMMENDED = "not-recommended", _("Not recommended")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="recommendations")
    university = models.ForeignKey(University, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verdict = models.CharField(_("recommendation"), max_length=20, choices=Verdict)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "university"], name="one_recommendation_per_host"),
        ]

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.get_verdict_display()}"
