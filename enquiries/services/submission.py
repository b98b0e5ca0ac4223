"""Submitting an enquiry: checks, routing, reference, expected answer date."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import Alliance
from opportunities.models import Opportunity

from .. import notices
from ..models import AuditEntry, Enquiry, Message, Queue, ReferenceCounter, Topic
from ..routing import route, topic_for_opportunity
from ..selectors import alliance_queues, queue_option, routing_request
from ..working_days import add_working_days
from .attachments import attachments_store, validate_uploads


def first_response_due(queue: Queue, at: dt.datetime) -> dt.date:
    """The date by which ``queue`` should answer an enquiry received ``at``, in working days.

    Working days follow the handling university's country; the central office follows the
    alliance's coordinating university.
    """
    university = queue.university or queue.alliance.universities.filter(is_coordinating=True).first()
    zone = ZoneInfo(university.time_zone if university else settings.TIME_ZONE)
    country = str(university.country) if university else ""
    return add_working_days(at.astimezone(zone).date(), queue.first_response_target_days, country)


def _take_number(alliance: Alliance, year: int) -> int | None:
    """Add one to the counter of ``alliance`` and ``year`` and return it; None if it does not exist yet.

    One statement: the UPDATE hands back the number it wrote (RETURNING, in PostgreSQL and
    SQLite), and locks the row until the surrounding transaction ends.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enquiries_referencecounter SET last_number = last_number + 1"
            " WHERE alliance_id = %s AND year = %s RETURNING last_number",
            [alliance.pk, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def next_reference(alliance: Alliance, year: int) -> tuple[int, str]:
    """Take the next number of ``alliance`` and ``year``; safe under concurrent submissions.

    The counter row stays locked until the submission's transaction ends, so two submissions
    can never take the same number. The year's first submission creates the row.
    """
    while (number := _take_number(alliance, year)) is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(alliance=alliance, year=year, last_number=1)
            number = 1
            break
        except IntegrityError:
            # Created meanwhile by a concurrent submission: the next update waits for it to commit.
            continue
    return number, f"{alliance.code}-{year}-{number:06d}"


def _check_opportunity(requester: User, opportunity: Opportunity, kind: str) -> None:
    if opportunity.status not in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED):
        raise ValidationError(_("This opportunity cannot be asked about."), code="opportunity_unavailable")
    if kind == Enquiry.Kind.APPLICATION:
        if not opportunity.is_open:
            raise ValidationError(
                _("Applications to this opportunity are closed."), code="applications_closed"
            )
        already = Enquiry.objects.filter(
            requester=requester, opportunity=opportunity, kind=Enquiry.Kind.APPLICATION
        ).exclude(status=Enquiry.Status.WITHDRAWN)
        if (earlier := already.first()) is not None:
            raise ValidationError(
                _("You have already applied to this opportunity (%(reference)s).")
                % {"reference": earlier.reference},
                code="already_applied",
            )


@transaction.atomic
def enquiry_submit(
    *,
    requester: User,
    alliance: Alliance,
    subject: str,
    message: str,
    kind: str = Enquiry.Kind.QUESTION,
    topic: str = Topic.GENERAL,
    opportunity: Opportunity | None = None,
    files: list[UploadedFile] | None = None,
) -> Enquiry:
    """Check, route and record a new enquiry with its first message; raise ValidationError if refused."""
    if opportunity is not None:
        alliance = opportunity.alliance
        topic = topic_for_opportunity(opportunity.kind)
        _check_opportunity(requester, opportunity, kind)
    elif kind == Enquiry.Kind.APPLICATION:
        raise ValidationError(
            _("Applications are made to an opportunity."), code="application_without_opportunity"
        )
    uploads = validate_uploads(files or [])
    queues = alliance_queues(alliance.pk)
    found = route(routing_request(requester, alliance.pk, topic), [queue_option(q) for q in queues.values()])
    queue = queues[found.queue_id]
    now = timezone.now()
    number, reference = next_reference(alliance, now.year)
    enquiry = Enquiry.objects.create(
        reference=reference,
        alliance=alliance,
        year=now.year,
        number=number,
        requester=requester,
        requester_university=requester.home_university,
        opportunity=opportunity,
        topic=topic,
        kind=kind,
        subject=subject,
        queue=queue,
        route_reason=found.reason.name,
        created_at=now,
        status_changed_at=now,
        first_response_due=first_response_due(queue, now),
    )
    first = Message.objects.create(enquiry=enquiry, author=requester, body=message, created_at=now)
    attachments_store(message=first, files=uploads)
    AuditEntry.objects.create(
        enquiry=enquiry, actor=requester, action=AuditEntry.Action.SUBMITTED, new_value=queue.name[:200],
        detail=str(found.reason.value), created_at=now,
    )  # fmt: skip
    notices.enquiry_received(enquiry)
    return enquiry
