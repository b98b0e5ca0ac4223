import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from institutions.models import Alliance, SustainableDevelopmentGoal, Theme, University

from .languages import LANGUAGE_CHOICES

RESERVED_SLUGS = {"saved", "manage", "new", "feeds"}


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved; choose another."), code="reserved_slug")


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def listed(self) -> "OpportunityQuerySet":
        """Opportunities shown in the catalogue: published, or closed but still informative."""
        return self.filter(status__in=[Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED])

    def open_now(self) -> "OpportunityQuerySet":
        """Published opportunities taking applications: rolling, or before the deadline's end."""
        return self.filter(status=Opportunity.Status.PUBLISHED).filter(
            models.Q(rolling_applications=True) | models.Q(deadline_ends_at__gte=timezone.now())
        )

    def by_deadline(self, now: dt.datetime) -> "OpportunityQuerySet":
        """Open ones first, soonest deadline first; then rolling ones; then the rest; then title.

        Each row is given its group (``deadline_group``: 0, 1 or 2, by ``deadline_groups``).
        Iterated, the order is one sort over every row; ``catalogue.deadline_page`` reads a
        page of it without sorting them all.
        """
        groups = deadline_groups(now)
        group = models.Case(
            models.When(groups[0], then=models.Value(0)),
            models.When(groups[1], then=models.Value(1)),
            models.When(groups[2], then=models.Value(2)),
            default=models.Value(2),
            output_field=models.IntegerField(),
        )
        return self.annotate(deadline_group=group).order_by("deadline_group", *DEADLINE_ORDER)


# Within each group of the deadline order (after the group itself).
DEADLINE_ORDER = (models.F("deadline_ends_at").asc(nulls_last=True), "title", "pk")


def deadline_groups(now: dt.datetime) -> list[models.Q]:
    """Open with a deadline to come; rolling; the rest (closed, or past the deadline)."""
    open_ = models.Q(status=Opportunity.Status.PUBLISHED, deadline_ends_at__gte=now)
    rolling = models.Q(status=Opportunity.Status.PUBLISHED, rolling_applications=True)
    return [open_, ~open_ & rolling, ~open_ & ~rolling]


class Opportunity(models.Model):
    """A mobility or engagement opportunity offered in an alliance."""

    class Kind(models.TextChoices):
        SEMESTER_EXCHANGE = "semester-exchange", _("Semester exchange")
        SHORT_TERM_MOBILITY = (
            "short-term-mobility",
            _("Short-term mobility or blended intensive programme"),
        )
        SUMMER_SCHOOL = "summer-school", _("Summer or winter school")
        TRAINEESHIP = "traineeship", _("Traineeship")
        STAFF_MOBILITY = "staff-mobility", _("Staff teaching or training mobility")
        RESEARCH_PROJECT = "research-project", _("Research project")
        CITIZEN_SCIENCE = "citizen-science", _("Citizen science")
        VOLUNTEERING = "volunteering", _("Civic engagement or volunteering")
        BUDDY = "buddy", _("Buddy or mentoring programme")
        VIRTUAL_EXCHANGE = "virtual-exchange", _("Virtual exchange")
        JOINT_COURSE = "joint-course", _("Joint course or micro-credential")
        EVENT = "event", _("Event or workshop")
        CHALLENGE = "challenge", _("Challenge")

    class Format(models.TextChoices):
        ON_SITE = "on-site", _("On site")
        VIRTUAL = "virtual", _("Virtual")
        BLENDED = "blended", _("Blended")

    class Audience(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor students")
        MASTER = "master", _("Master students")
        DOCTORAL = "doctoral", _("Doctoral candidates")
        ACADEMICS = "academics", _("Academics")
        STAFF = "staff", _("Staff")

    class Funding(models.TextChoices):
        FUNDED = "funded", _("Fully funded")
        PARTLY_FUNDED = "partly-funded", _("Partly funded")
        SELF_FUNDED = "self-funded", _("No funding")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("alliance")
    )
    host_university = models.ForeignKey(
        University,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_opportunities",
        verbose_name=_("host university"),
        help_text=_("Empty for an alliance-wide opportunity."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, unique=True, validators=[validate_not_reserved])
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"), help_text=_("Markdown: headings, lists, links, emphasis.")
    )
    text_language = models.CharField(
        _("language of this text"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    for_bachelor = models.BooleanField(_("bachelor students"), default=False)
    for_master = models.BooleanField(_("master students"), default=False)
    for_doctoral = models.BooleanField(_("doctoral candidates"), default=False)
    for_academics = models.BooleanField(_("academics"), default=False)
    for_staff = models.BooleanField(_("staff"), default=False)
    format = models.CharField(_("format"), max_length=20, choices=Format)
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="opportunities",
        verbose_name=_("sustainable development goals"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("virtual institute or theme"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    rolling_applications = models.BooleanField(
        _("rolling applications"), default=False, help_text=_("Applications are taken at any time.")
    )
    deadline_ends_at = models.DateTimeField(
        _("applications close at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("End of the deadline day in the host's time zone."),
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding = models.CharField(_("funding"), max_length=20, choices=Funding, default=Funding.SELF_FUNDED)
    funding_details = models.TextField(_("funding details"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    # Kept up to date by the services on PostgreSQL (weighted title, summary, description).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["status", "deadline_ends_at"], name="opp_status_deadline"),
            models.Index(fields=["status", "start_date"], name="opp_status_start"),
            models.Index(fields=["status", "-published_at"], name="opp_status_published"),
            models.Index(fields=["alliance", "status"], name="opp_alliance_status"),
            models.Index(fields=["host_university", "status"], name="opp_host_status"),
            models.Index(fields=["kind"], name="opp_kind"),
            models.Index(fields=["format"], name="opp_format"),
            models.Index(fields=["country", "city"], name="opp_country_city"),
            # The groups of the deadline order, a page at a time (catalogue.deadline_page).
            models.Index(
                fields=["deadline_ends_at", "title", "id"],
                condition=models.Q(status__in=["published", "closed"]),
                include=["status", "rolling_applications"],
                name="opp_listed_deadline",
            ),
            models.Index(
                fields=["deadline_ends_at", "title", "id"],
                condition=models.Q(status="published", rolling_applications=True),
                include=["status"],
                name="opp_rolling_deadline",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="opportunity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(rolling_applications=True, application_deadline__isnull=True)
                | models.Q(rolling_applications=False, application_deadline__isnull=False),
                name="opportunity_has_deadline_or_rolling_applications",
            ),
            models.CheckConstraint(
                condition=models.Q(application_deadline__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(application_deadline__lte=models.F("start_date")),
                name="opportunity_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(places__isnull=True) | models.Q(places__gte=0),
                name="opportunity_places_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(ects_credits__isnull=True) | models.Q(ects_credits__gte=0),
                name="opportunity_ects_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", args=[self.slug])

    # Django's own get_FOO_display builds a dictionary of every choice on each call; a list
    # of cards calls these once per card.
    def get_kind_display(self) -> str:
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind

    def get_format_display(self) -> str:
        return str(self.Format(self.format).label) if self.format in self.Format.values else self.format

    def clean(self) -> None:
        errors = {}
        host = self.host_university if self.host_university_id else None
        if host is not None and self.alliance_id and host.alliance_id != self.alliance_id:
            errors["host_university"] = ValidationError(
                _("The host university must be a member of the alliance."),
                code="host_outside_alliance",
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The end date is before the start date."), code="ends_before_start"
            )
        if self.rolling_applications and self.application_deadline:
            errors["application_deadline"] = ValidationError(
                _("Leave the deadline empty when applications are rolling."),
                code="deadline_with_rolling",
            )
        elif not self.rolling_applications and not self.application_deadline:
            errors["application_deadline"] = ValidationError(
                _("Give a deadline, or say that applications are rolling."),
                code="deadline_required",
            )
        elif self.application_deadline and self.start_date and self.application_deadline > self.start_date:
            errors["application_deadline"] = ValidationError(
                _("The deadline is after the start date."), code="deadline_after_start"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def audiences(self) -> list[str]:
        return [audience for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    def get_audiences_display(self) -> list[str]:
        return [str(self.Audience(a).label) for a in self.audiences]

    @property
    def time_zone(self) -> ZoneInfo:
        """The host university's time zone, in which deadlines are days (else the installation's)."""
        host = self.host_university if self.host_university_id else None
        return ZoneInfo(host.time_zone if host is not None else settings.TIME_ZONE)

    @property
    def days_left(self) -> int | None:
        """Days until the application deadline, in the host's time zone (negative once past)."""
        if self.application_deadline is None:
            return None
        return (self.application_deadline - timezone.localdate(timezone=self.time_zone)).days

    @property
    def is_open(self) -> bool:
        """Whether the opportunity takes applications now."""
        if self.status != self.Status.PUBLISHED:
            return False
        return self.rolling_applications or (
            self.deadline_ends_at is not None and self.deadline_ends_at >= timezone.now()
        )


AUDIENCE_FIELDS = {
    Opportunity.Audience.BACHELOR: "for_bachelor",
    Opportunity.Audience.MASTER: "for_master",
    Opportunity.Audience.DOCTORAL: "for_doctoral",
    Opportunity.Audience.ACADEMICS: "for_academics",
    Opportunity.Audience.STAFF: "for_staff",
}


class OpportunityLanguage(models.Model):
    """A language an opportunity is taught or run in."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "code"], name="one_row_per_opportunity_language"),
        ]
        indexes = [models.Index(fields=["code", "opportunity"], name="opp_language_code")]

    def __str__(self) -> str:
        return self.get_code_display()


class SavedOpportunity(models.Model):
    """An opportunity a person keeps an eye on (and gets deadline reminders for)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_opportunities"
    )
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved opportunity")
        verbose_name_plural = _("saved opportunities")
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="save_an_opportunity_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.opportunity}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in the address of a person's private calendar of saved deadlines."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return str(self.user)
