from http import HTTPStatus

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openapi_spec_validator import validate

from opportunities.filters import OpportunityFilter
from opportunities.models import CalendarToken, Opportunity
from opportunities.services import saved_opportunity_add
from tests.accounts.factories import UserFactory
from tests.institutions.factories import UniversityFactory
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_api_lists_opportunities_with_count_and_results(signed_in):
    host = UniversityFactory(slug="host", country="FR")
    OpportunityFactory(host_university=host, title="Alpha school", sdgs=[4])
    OpportunityFactory(host_university=host, title="Draft", status=Opportunity.Status.DRAFT)
    response = signed_in.get(reverse("api-opportunities"))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 1
    result = body["results"][0]
    assert (result["title"], result["sdgs"], result["languages"]) == ("Alpha school", [4], ["en"])
    assert result["host_university"]["slug"] == "host"
    assert result["url"].endswith(reverse("opportunities:detail", args=[result["slug"]]))


def test_api_gives_each_description_as_sanitised_html_on_every_request(signed_in):
    host = UniversityFactory(slug="host")
    OpportunityFactory(host_university=host, description="**Bold** <script>alert(1)</script>")
    OpportunityFactory(host_university=host, description="*Other*")
    for _ in range(2):  # the second from the cache of renderings
        results = signed_in.get(reverse("api-opportunities")).json()["results"]
        assert sorted(r["description_html"] for r in results) == [
            "<p><em>Other</em></p>",
            "<p><strong>Bold</strong> </p>",
        ]
        detail = signed_in.get(reverse("api-opportunity", args=[results[0]["slug"]])).json()
        assert detail["description_html"] == results[0]["description_html"]


def test_api_uses_the_catalogue_filters(signed_in):
    fr = UniversityFactory(slug="fr", country="FR")
    de = UniversityFactory(slug="de", country="DE", alliance=fr.alliance)
    OpportunityFactory(host_university=fr, country="FR", sdgs=[4])
    OpportunityFactory(host_university=de, country="DE", sdgs=[4, 11])
    OpportunityFactory(host_university=de, country="DE", sdgs=[3])
    response = signed_in.get(reverse("api-opportunities"), {"country": ["DE", "FR"], "sdg": ["4"]})
    assert response.json()["count"] == 2
    expected = set(
        OpportunityFilter(
            {"country": ["DE", "FR"], "sdg": ["4"]}, queryset=Opportunity.objects.listed()
        ).qs.values_list("slug", flat=True)
    )
    assert {r["slug"] for r in response.json()["results"]} == expected


@pytest.mark.parametrize(
    "params", [{"kind": "nonsense"}, {"deadline_before": "not-a-date"}, {"sdg": "99"}, {"language": "xx"}]
)
def test_api_answers_bad_filters_with_400_and_a_message(signed_in, params):
    response = signed_in.get(reverse("api-opportunities"), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(params) == list(response.json())


def test_api_answers_a_page_out_of_range_with_404(signed_in):
    assert signed_in.get(reverse("api-opportunities"), {"page": "99"}).status_code == HTTPStatus.NOT_FOUND


def test_api_detail_follows_catalogue_visibility(signed_in):
    listed = OpportunityFactory()
    draft = OpportunityFactory(status=Opportunity.Status.DRAFT)
    assert signed_in.get(reverse("api-opportunity", args=[listed.slug])).status_code == HTTPStatus.OK
    assert signed_in.get(reverse("api-opportunity", args=[draft.slug])).status_code == HTTPStatus.NOT_FOUND


def test_api_refuses_anonymous_visitors_unless_the_catalogue_is_public(client, settings):
    OpportunityFactory()
    assert client.get(reverse("api-opportunities")).status_code == HTTPStatus.FORBIDDEN
    settings.OPPORTUNITIES_PUBLIC = True
    assert client.get(reverse("api-opportunities")).json()["count"] == 1


def test_api_is_read_only(signed_in):
    opportunity = OpportunityFactory()
    url = reverse("api-opportunity", args=[opportunity.slug])
    assert signed_in.delete(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert signed_in.post(reverse("api-opportunities"), {}).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_openapi_schema_validates_and_documents_every_filter(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == HTTPStatus.OK
    schema = yaml.safe_load(response.content)
    validate(schema)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/opportunities/"]["get"]["parameters"]}
    assert set(OpportunityFilter.base_filters) | {"page"} <= parameters
    for name in ("alliance", "university", "country", "city", "kind", "audience", "format", "language", "sdg",
                 "open", "deadline_before", "starts_after", "ordering", "page", "q"):  # fmt: skip
        assert name in parameters


def test_deadline_calendar_parses_and_follows_the_filters(signed_in):
    fr = UniversityFactory(slug="fr", country="FR")
    de = UniversityFactory(slug="de", country="DE", alliance=fr.alliance)
    in_france = OpportunityFactory(host_university=fr, country="FR", title="In France")
    OpportunityFactory(host_university=de, country="DE", title="In Germany")
    OpportunityFactory(host_university=fr, country="FR", rolling_applications=True, application_deadline=None)
    response = signed_in.get(reverse("opportunities:deadlines_ics"), {"country": "FR"})
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Deadline: In France"]
    assert events[0].decoded("dtstart") == in_france.application_deadline


def test_private_calendar_of_saved_deadlines_needs_only_its_token(client):
    owner = UserFactory()
    saved = OpportunityFactory(title="Kept")
    OpportunityFactory(title="Not kept")
    saved_opportunity_add(user=owner, opportunity=saved)
    client.force_login(owner)
    page = client.post(reverse("opportunities:calendar"), {"action": "renew"}, follow=True)
    token = owner.calendar_token.token
    assert reverse("opportunities:saved_ics", args=[token]) in page.content.decode()
    client.logout()
    response = client.get(reverse("opportunities:saved_ics", args=[token]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Deadline: Kept"]
    assert client.get(reverse("opportunities:saved_ics", args=["wrong"])).status_code == HTTPStatus.NOT_FOUND


def test_atom_feed_lists_newly_published_opportunities_first(signed_in):
    older = OpportunityFactory(title="Older", published_at=timezone.now() - timezone.timedelta(days=3))
    newer = OpportunityFactory(title="Newer")
    OpportunityFactory(title="Draft", status=Opportunity.Status.DRAFT, published_at=None)
    response = signed_in.get(reverse("opportunities:new_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.index(newer.title) < body.index(older.title)
    assert "Draft" not in body


def test_the_saved_page_makes_no_calendar_address_until_asked(client):
    owner = UserFactory()
    client.force_login(owner)
    page = client.get(reverse("opportunities:saved")).content.decode()
    assert not CalendarToken.objects.filter(user=owner).exists()
    assert "Get a private calendar address" in page


def test_a_calendar_address_can_be_renewed_and_switched_off(client):
    owner = UserFactory()
    saved_opportunity_add(user=owner, opportunity=OpportunityFactory(title="Kept"))
    client.force_login(owner)
    client.post(reverse("opportunities:calendar"), {"action": "renew"})
    old = CalendarToken.objects.get(user=owner).token

    renewed = client.post(reverse("opportunities:calendar"), {"action": "renew"}, follow=True)
    new = CalendarToken.objects.get(user=owner).token
    assert new != old
    assert reverse("opportunities:saved_ics", args=[new]) in renewed.content.decode()
    assert client.get(reverse("opportunities:saved_ics", args=[old])).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("opportunities:saved_ics", args=[new])).status_code == HTTPStatus.OK

    client.post(reverse("opportunities:calendar"), {"action": "remove"})
    assert not CalendarToken.objects.filter(user=owner).exists()
    assert client.get(reverse("opportunities:saved_ics", args=[new])).status_code == HTTPStatus.NOT_FOUND
