from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from institutions.models import Alliance, University


class Topic(models.TextChoices):
    """What an enquiry is about; a university may give a topic its own queue."""

    STUDENT_MOBILITY = "student-mobility", _("Student mobility")
    STAFF_MOBILITY = "staff-mobility", _("Staff mobility")
    RESEARCH = "research", _("Research and innovation")
    ENGAGEMENT = "engagement", _("Civic engagement and volunteering")
    COURSES = "courses", _("Joint courses and micro-credentials")
    EVENTS = "events", _("Events and workshops")
    GENERAL = "general", _("Anything else")


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
    members = models.ManyToManyField(
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
        if self.university_id and self.alliance_id and self.university.alliance_id != self.alliance_id:
            raise ValidationError(
                {"university": _("The university must be a member of the queue's alliance.")},
                code="university_outside_alliance",
            )

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
