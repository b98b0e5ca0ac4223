"""Calendars of application deadlines and an Atom feed of newly published opportunities."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from icalendar import Calendar, Event

from institutions.text import strip_control_characters

from .filters import OpportunityFilter
from .models import CalendarToken, Opportunity
from .selectors import catalogue_opportunities, saved_opportunities
from .views import catalogue_access

# A calendar reaches back a little, so that a deadline just passed is still there.
CALENDAR_PAST_DAYS = 30
CALENDAR_LIMIT = 1000
FEED_LIMIT = 50


@catalogue_access
def deadlines(request: HttpRequest) -> HttpResponse:
    """Application deadlines of the catalogue, narrowed by the catalogue's filters if given."""
    filterset = OpportunityFilter(request.GET, queryset=catalogue_opportunities())
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain")
    return _calendar(request, filterset.qs, _("Application deadlines"))


@never_cache
def saved_deadlines(request: HttpRequest, token: str) -> HttpResponse:
    """The deadlines of one person's saved opportunities; the token in the address is the key."""
    owner = CalendarToken.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404
    return _calendar(request, saved_opportunities(owner.user), _("My saved opportunities"))


def _calendar(request: HttpRequest, opportunities, name: str) -> HttpResponse:
    since = timezone.localdate() - dt.timedelta(days=CALENDAR_PAST_DAYS)
    rows = (
        opportunities.filter(application_deadline__gte=since)
        .order_by("application_deadline", "pk")
        .select_related("host_university", "alliance")[:CALENDAR_LIMIT]
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Mobility Hub//Application deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    host = request.get_host().split(":")[0]
    for opportunity in rows:
        calendar.add_component(_deadline_event(request, opportunity, stamp, host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response


def _deadline_event(request: HttpRequest, opportunity: Opportunity, stamp: dt.datetime, host: str) -> Event:
    event = Event()
    event.add("uid", f"deadline-{opportunity.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", opportunity.application_deadline)
    event.add("dtend", opportunity.application_deadline + dt.timedelta(days=1))
    event.add("summary", _("Deadline: %(title)s") % {"title": opportunity.title})
    event.add("description", opportunity.summary)
    event.add("url", request.build_absolute_uri(opportunity.get_absolute_url()))
    return event


class NewOpportunitiesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New opportunities")
    subtitle = gettext_lazy("Mobility and engagement opportunities, newest first.")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return catalogue_access(super().__call__)(request, *args, **kwargs)

    def link(self) -> str:
        return reverse("opportunities:catalogue")

    def items(self) -> Iterable[Opportunity]:
        return (
            Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
            .select_related("host_university", "alliance")
            .order_by("-published_at", "-pk")[:FEED_LIMIT]
        )

    # XML 1.0 cannot carry control characters: the forms refuse them, older rows may hold some.
    def item_title(self, item: Opportunity) -> str:
        return strip_control_characters(item.title)

    def item_description(self, item: Opportunity) -> str:
        return strip_control_characters(item.summary)

    def item_pubdate(self, item: Opportunity) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Opportunity) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Opportunity) -> str:
        return strip_control_characters(
            item.host_university.name if item.host_university else item.alliance.name
        )
