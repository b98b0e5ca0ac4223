"""Query strings and addresses that no page of the site produced (docs/catalogue.md, docs/quality.md).

The catalogue's filters are one FilterSet behind three doors (the page, the API, the calendar):
whatever the query, each door answers alike, 400 with a message per bad parameter or the
same results, and never crashes. The work queue's filters, pages of lists, and references,
slugs, tokens and ids in addresses hold up the same way.
"""

from http import HTTPStatus
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enquiries.models import CannedReply, Enquiry
from enquiries.services import enquiry_submit
from opportunities.models import Opportunity
from tests.opportunities.factories import OpportunityFactory

from .checks import assert_markup_escaped, assert_not_a_crash
from .strategies import examples, hostile_text, query_values, raw_query

pytestmark = pytest.mark.django_db

CATALOGUE_FILTERS = {
    "q": ["summer school", "Opportunity"],
    "alliance": ["alla", "allb"],
    "university": ["a1", "a2", "b1"],
    "country": ["FR", "DE", "IT"],
    "city": ["Example City", ""],
    "kind": Opportunity.Kind.values,
    "audience": Opportunity.Audience.values,
    "format": Opportunity.Format.values,
    "language": ["en", "fr"],
    "sdg": ["4", "17"],
    "theme": ["cities"],
    "funding": Opportunity.Funding.values,
    "open": ["true", "false", ""],
    "deadline_before": ["2031-01-01", ""],
    "starts_after": ["2020-01-01"],
    "ordering": ["deadline", "newest", "title", "relevance", ""],
    "page": ["1", "2"],
}
WORK_QUEUE_FILTERS = {
    "q": ["ALLA-", "Application", "student"],
    "status": Enquiry.Status.values,
    "assignee": ["me", "unassigned", "anyone"],
    "kind": Enquiry.Kind.values,
    "opportunity": ["a2-summer-school"],
    "overdue": ["true", ""],
    "ordering": ["due", "newest", "oldest", "priority"],
    "page": ["1"],
    "view": ["hosted"],
}


@st.composite
def queries(draw, filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """A few parameters, each with no value, one or several, valid and hostile mixed."""
    names = sorted(draw(st.sets(st.sampled_from(sorted(filters)), max_size=4)))
    query = {name: draw(query_values(filters[name])) for name in names}
    if draw(st.booleans()):
        query[draw(hostile_text)] = draw(query_values([]))
    return query


@pytest.fixture
def catalogue(world) -> None:
    from institutions.models import Theme

    theme = Theme.objects.create(alliance=world.alliance_a, name="Cities", slug="cities")
    OpportunityFactory(host_university=world.a1, slug="a1-open", theme=theme, sdgs=(4,), languages=("fr",))
    OpportunityFactory(host_university=None, alliance=world.alliance_b, slug="b-wide", city="", country="")


@pytest.fixture
def signed_in(browser_client, world):
    browser_client.force_login(world.student_a1)
    return browser_client


def url(name: str, query: dict[str, list[str]]) -> str:
    return f"{reverse(name)}?{urlencode(query, doseq=True)}"


@given(query=queries(CATALOGUE_FILTERS))
@examples(25)
def test_catalogue_page_api_and_calendar_answer_any_query_alike(signed_in, catalogue, query):
    page = signed_in.get(url("opportunities:catalogue", query))
    api = signed_in.get(url("api-opportunities", query))
    calendar = signed_in.get(url("opportunities:deadlines_ics", query))
    for response in (page, api, calendar):
        assert_not_a_crash(response)
    assert_markup_escaped(page)
    errors = page.context["filterset"].errors
    if page.status_code == HTTPStatus.BAD_REQUEST:
        assert errors, "a refused query says which parameter is wrong"
    else:
        assert page.status_code == HTTPStatus.OK
        assert not errors
    assert calendar.status_code == page.status_code
    if "page" in query and api.status_code == HTTPStatus.NOT_FOUND:
        return  # the API has no page by that number; the HTML page shows the nearest one
    assert api.status_code == page.status_code
    if api.status_code == HTTPStatus.BAD_REQUEST:
        assert set(api.json()) == set(errors)
    else:
        assert api.json()["count"] == page.context["page"].paginator.count


@pytest.fixture
def queue_content(world) -> None:
    enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="Hello", message="Hi")
    enquiry_submit(
        requester=world.student_b1, alliance=world.alliance_a, subject="Application", message="Me",
        kind=Enquiry.Kind.APPLICATION, opportunity=world.opportunity_a2,
    )  # fmt: skip


@given(query=queries(WORK_QUEUE_FILTERS))
@examples(30)
def test_work_queue_answers_any_query_with_its_results_or_the_filters_errors(
    browser_client, world, queue_content, query
):
    for person in (world.coordinator_a1, world.coordinator_a2, world.office_a):
        browser_client.force_login(person)
        response = browser_client.get(url("queue:index", query))
        assert_not_a_crash(response)
        assert_markup_escaped(response)
        errors = response.context["filterset"].errors
        assert response.status_code == (HTTPStatus.BAD_REQUEST if errors else HTTPStatus.OK)


LISTS = [
    "opportunities:catalogue",
    "opportunities:deadlines_ics",
    "opportunities:new_atom",
    "api-opportunities",
    "opportunities:saved",
    "enquiries:mine",
    "enquiries:new",
    "queue:index",
    "notifications:index",
    "notifications:preferences",
    "home",
]


@given(name=st.sampled_from(LISTS), query=raw_query)
@examples(30)
def test_malformed_query_strings_never_crash_a_page(browser_client, world, name, query):
    browser_client.force_login(world.coordinator_a1)
    response = browser_client.get(f"{reverse(name)}?{query}")
    assert_not_a_crash(response)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND)


@pytest.fixture
def application(world) -> Enquiry:
    return enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Application", message="Me",
        kind=Enquiry.Kind.APPLICATION, opportunity=world.opportunity_a2,
    )  # fmt: skip


# Addresses with a reference, slug, token or id in them; "{x}" takes the hostile value.
ADDRESSES = [
    ("get", "/enquiries/{x}/"),
    ("post", "/enquiries/{x}/reply/"),
    ("post", "/enquiries/{x}/status/"),
    ("get", "/enquiries/{ref}/attachments/{x}/"),
    ("get", "/opportunities/{x}/"),
    ("post", "/opportunities/{x}/save/"),
    ("get", "/opportunities/{x}/edit/"),
    ("get", "/opportunities/feeds/saved/{x}.ics"),
    ("get", "/api/v1/opportunities/{x}/"),
    ("get", "/api/{x}"),
    ("get", "/queue/manage/{x}/"),
    ("post", "/queue/manage/{queue}/canned/{x}/"),
    ("post", "/notifications/{x}/open/"),
    ("get", "/enquiries/new/?opportunity={x}"),
    ("get", "/enquiries/{ref}/?canned={x}"),
    ("get", "/queue/?view={x}"),
]


@given(where=st.sampled_from(ADDRESSES), value=hostile_text)
@examples(48)
def test_any_reference_slug_token_or_id_in_an_address_finds_nothing_or_the_thing(
    browser_client, world, application, where, value
):
    method, address = where
    browser_client.force_login(world.coordinator_a1)
    path = address.format(x=quote(value, safe=""), ref=application.reference, queue=world.queue_a1.pk)
    response = getattr(browser_client, method)(path)
    assert_not_a_crash(response)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.NOT_FOUND), path
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"


def test_a_canned_reply_is_chosen_only_by_its_own_id(browser_client, world, application):
    canned = CannedReply.objects.create(queue=world.queue_a1, title="Hello", body="Hello from the office")
    browser_client.force_login(world.coordinator_a1)
    for value, shown in [(str(canned.pk), True), ("²", False), ("-1", False), ("9" * 5000, False)]:
        response = browser_client.get(f"{application.get_absolute_url()}?canned={value}")
        assert response.status_code == HTTPStatus.OK
        assert (b"Hello from the office" in response.content) is shown, value


def test_feeds_stay_well_formed_with_text_stored_before_control_characters_were_refused(signed_in, world):
    OpportunityFactory(
        host_university=world.a1, slug="old-row", title="Old \x0b title", summary="Bell \x07 and NUL-free"
    )
    atom = signed_in.get(reverse("opportunities:new_atom"))
    assert atom.status_code == HTTPStatus.OK
    feed = ElementTree.fromstring(atom.content)  # noqa: S314  (our own feed, parsed to prove it is XML)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Old  title" in titles
    calendar = signed_in.get(reverse("opportunities:deadlines_ics"))
    assert calendar.status_code == HTTPStatus.OK
