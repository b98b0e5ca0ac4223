from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from opportunities.models import Opportunity, SavedOpportunity
from tests.accounts.factories import UserFactory
from tests.institutions.factories import UniversityFactory
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return UniversityFactory(slug="host")


@pytest.fixture
def other(host):
    return UniversityFactory(slug="other", alliance=host.alliance)


def _coordinator(university):
    user = UserFactory()
    Role.objects.create(
        user=user, kind=Role.Kind.COORDINATOR, alliance=university.alliance, university=university
    )
    return user


def _office(alliance):
    user = UserFactory()
    Role.objects.create(user=user, kind=Role.Kind.CENTRAL_OFFICE, alliance=alliance)
    return user


def test_catalogue_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("opportunities:catalogue"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_catalogue_can_be_opened_to_anonymous_visitors(client, settings, host):
    settings.OPPORTUNITIES_PUBLIC = True
    opportunity = OpportunityFactory(host_university=host)
    assert client.get(reverse("opportunities:catalogue")).status_code == HTTPStatus.OK
    assert client.get(opportunity.get_absolute_url()).status_code == HTTPStatus.OK


def test_draft_is_visible_to_its_owners_only(client, host, other):
    draft = OpportunityFactory(host_university=host, status=Opportunity.Status.DRAFT)
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert draft.title not in client.get(reverse("opportunities:catalogue")).content.decode()
    client.force_login(_coordinator(other))
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(_coordinator(host))
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK
    client.force_login(_office(host.alliance))
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_coordinator_cannot_edit_another_university_s_opportunity(client, host, other):
    opportunity = OpportunityFactory(host_university=host)
    client.force_login(_coordinator(other))
    edit = reverse("opportunities:edit", args=[opportunity.slug])
    assert client.get(edit).status_code == HTTPStatus.NOT_FOUND
    assert client.post(edit, {"title": "Taken over"}).status_code == HTTPStatus.NOT_FOUND
    status = reverse("opportunities:transition", args=[opportunity.slug])
    assert client.post(status, {"to": "closed"}).status_code == HTTPStatus.NOT_FOUND
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_requester_has_no_management_pages(client):
    client.force_login(UserFactory())
    for name in ("manage", "create"):
        assert client.get(reverse(f"opportunities:{name}")).status_code == HTTPStatus.NOT_FOUND


def test_central_office_of_another_alliance_cannot_edit(client, host):
    opportunity = OpportunityFactory(host_university=host)
    client.force_login(_office(UniversityFactory(slug="elsewhere").alliance))
    assert (
        client.get(reverse("opportunities:edit", args=[opportunity.slug])).status_code == HTTPStatus.NOT_FOUND
    )


def _form_data(university, **extra):
    return {
        "alliance": university.alliance.pk,
        "host_university": university.pk,
        "title": "Summer School on Urban Resilience",
        "summary": "Two weeks on resilient cities.",
        "description": "## Programme\n\nLectures and field work.",
        "text_language": "en",
        "kind": "summer-school",
        "for_master": "on",
        "format": "on-site",
        "languages": ["en"],
        "sdgs": ["11"],
        "city": "Example City",
        "country": "FR",
        "start_date": "2030-07-01",
        "end_date": "2030-07-14",
        "application_deadline": "2030-05-01",
        "places": "25",
        "ects_credits": "5",
        "funding": "funded",
        **extra,
    }


def test_coordinator_creates_a_draft_then_publishes_it(client, host):
    coordinator = _coordinator(host)
    client.force_login(coordinator)
    response = client.post(reverse("opportunities:create"), _form_data(host))
    assert response.status_code == HTTPStatus.FOUND
    opportunity = Opportunity.objects.get(slug="summer-school-on-urban-resilience")
    assert (opportunity.status, opportunity.created_by) == (Opportunity.Status.DRAFT, coordinator)
    assert list(opportunity.languages.values_list("code", flat=True)) == ["en"]
    assert list(opportunity.sdgs.values_list("number", flat=True)) == [11]
    assert opportunity.deadline_ends_at is not None

    client.post(reverse("opportunities:transition", args=[opportunity.slug]), {"to": "published"})
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.published_at is not None


def test_coordinator_cannot_create_for_another_university_or_alliance_wide(client, host, other):
    client.force_login(_coordinator(host))
    response = client.post(reverse("opportunities:create"), _form_data(other))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors.as_data()["host_university"][0].code == "invalid_choice"
    response = client.post(reverse("opportunities:create"), _form_data(host, host_university=""))
    assert response.context["form"].errors.as_data()["host_university"][0].code == "host_required"
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"end_date": "2030-06-01"}, "end_date", "ends_before_start"),
        ({"application_deadline": "2030-08-01"}, "application_deadline", "deadline_after_start"),
        ({"application_deadline": ""}, "application_deadline", "deadline_required"),
        ({"rolling_applications": "on"}, "application_deadline", "deadline_with_rolling"),
        ({"places": "-1"}, "places", "min_value"),
        ({"slug": "saved"}, "slug", "reserved_slug"),
    ],
)
def test_invalid_opportunity_is_refused_with_a_reason(client, host, extra, field, code):
    client.force_login(_coordinator(host))
    response = client.post(reverse("opportunities:create"), _form_data(host, **extra))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert code in [e.code for e in response.context["form"].errors.as_data()[field]]
    assert not Opportunity.objects.exists()


def test_editing_keeps_the_slug_and_updates_languages(client, host):
    opportunity = OpportunityFactory(host_university=host, languages=["en", "fr"])
    client.force_login(_coordinator(host))
    data = _form_data(host, slug=opportunity.slug, title="Renamed", languages=["de"])
    response = client.post(reverse("opportunities:edit", args=[opportunity.slug]), data)
    assert response.status_code == HTTPStatus.FOUND
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.slug) == ("Renamed", opportunity.slug)
    assert list(opportunity.languages.values_list("code", flat=True)) == ["de"]


def test_impossible_status_change_says_so(client, host):
    opportunity = OpportunityFactory(host_university=host, status=Opportunity.Status.ARCHIVED)
    client.force_login(_coordinator(host))
    response = client.post(
        reverse("opportunities:transition", args=[opportunity.slug]), {"to": "closed"}, follow=True
    )
    assert "not possible" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.ARCHIVED


def test_person_saves_and_unsaves_an_opportunity(client, host):
    user = UserFactory()
    opportunity = OpportunityFactory(host_university=host)
    client.force_login(user)
    client.post(reverse("opportunities:save", args=[opportunity.slug]))
    client.post(reverse("opportunities:save", args=[opportunity.slug]))
    assert SavedOpportunity.objects.filter(user=user).count() == 1
    saved_page = client.get(reverse("opportunities:saved")).content.decode()
    assert opportunity.title in saved_page
    client.post(reverse("opportunities:unsave", args=[opportunity.slug]))
    assert not SavedOpportunity.objects.exists()


def test_drafts_cannot_be_saved_by_outsiders(client, host):
    draft = OpportunityFactory(host_university=host, status=Opportunity.Status.DRAFT)
    client.force_login(UserFactory())
    assert client.post(reverse("opportunities:save", args=[draft.slug])).status_code == HTTPStatus.NOT_FOUND


def test_save_returns_only_to_pages_of_this_site(client, host):
    opportunity = OpportunityFactory(host_university=host)
    client.force_login(UserFactory())
    response = client.post(
        reverse("opportunities:save", args=[opportunity.slug]), {"next": "https://evil.example/"}
    )
    assert response.url == opportunity.get_absolute_url()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">hi</p>',
    ],
)
def test_description_renders_inert(client, host, payload):
    opportunity = OpportunityFactory(host_university=host, description=f"Intro\n\n{payload}")
    client.force_login(UserFactory())
    body = client.get(opportunity.get_absolute_url()).content.decode()
    description = body.split('class="opportunity-description"')[1].split("</div>")[0]
    assert "<script" not in description
    assert "onerror" not in description
    assert "onclick" not in description
    assert "javascript:" not in description


def test_past_deadline_and_closed_opportunities_say_so(client, host):
    import datetime as dt

    from django.utils import timezone

    past = OpportunityFactory(
        host_university=host,
        application_deadline=timezone.localdate() - dt.timedelta(days=3),
        start_date=timezone.localdate(),
    )
    closed = OpportunityFactory(host_university=host, status=Opportunity.Status.CLOSED)
    client.force_login(UserFactory())
    assert "deadline has passed" in client.get(past.get_absolute_url()).content.decode()
    assert "closed" in client.get(closed.get_absolute_url()).content.decode()


def test_catalogue_and_detail_show_days_left(client, host):
    opportunity = OpportunityFactory(host_university=host)
    client.force_login(UserFactory())
    assert f"{opportunity.days_left} days left" in client.get(opportunity.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("utc_now", "expected"),
    [("2026-11-21T10:59:00+00:00", "1 day left"), ("2026-11-21T11:00:00+00:00", "Deadline today")],
)
def test_days_left_are_counted_in_the_host_university_s_time_zone(client, utc_now, expected):
    """Auckland is 13 hours ahead in November: its 22nd begins at 11:00 UTC on the 21st."""
    import datetime as dt
    from unittest import mock

    from opportunities.services import deadline_end

    auckland = UniversityFactory(time_zone="Pacific/Auckland")
    opportunity = OpportunityFactory(host_university=auckland, application_deadline=dt.date(2026, 11, 22))
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline_ends_at=deadline_end(opportunity))
    client.force_login(UserFactory())
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime.fromisoformat(utc_now)):
        page = client.get(opportunity.get_absolute_url()).content.decode()
    assert expected in page


@pytest.mark.parametrize(("value", "ticked"), [("true", True), ("false", False), ("foo", False), ("", False)])
def test_open_now_box_is_ticked_only_when_the_filter_applies(client, value, ticked):
    client.force_login(UserFactory())
    page = client.get(reverse("opportunities:catalogue"), {"open": value}).content.decode()
    box = next(line for line in page.splitlines() if 'id="id_open"' in line)
    assert (" checked" in box) is ticked


def test_saving_with_a_body_that_cannot_be_read_is_refused_and_changes_nothing(client, host):
    opportunity = OpportunityFactory(host_university=host)
    user = UserFactory()
    client.force_login(user)
    name = "x" * 2001  # a part header longer than the server reads
    body = f'--BOUNDARY\r\nContent-Disposition: form-data; name="{name}"\r\n\r\nv\r\n--BOUNDARY--\r\n'

    response = client.post(
        reverse("opportunities:save", args=[opportunity.slug]),
        data=body,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not SavedOpportunity.objects.filter(user=user).exists()


def _results_heading(client) -> str:
    body = client.get(reverse("opportunities:catalogue")).content.decode()
    return body.split('id="results-heading"', 1)[1].split("</h2>", 1)[0]


def test_the_unfiltered_catalogue_shows_a_change_made_by_staff_at_once(
    client, host, django_capture_on_commit_callbacks
):
    OpportunityFactory(host_university=host, alliance=host.alliance, status=Opportunity.Status.PUBLISHED)
    draft = OpportunityFactory(host_university=host, alliance=host.alliance, status=Opportunity.Status.DRAFT)
    coordinator = _coordinator(host)
    client.force_login(coordinator)
    assert "1 opportunity" in _results_heading(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opportunities:transition", args=[draft.slug]), {"to": "published"})
    assert "2 opportunities" in _results_heading(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opportunities:transition", args=[draft.slug]), {"to": "archived"})
    assert "1 opportunity" in _results_heading(client)


def test_the_unfiltered_catalogue_counts_come_from_the_cache_until_a_change(client, host):
    OpportunityFactory(host_university=host, alliance=host.alliance, status=Opportunity.Status.PUBLISHED)
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("opportunities:catalogue"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("opportunities:catalogue"))
    assert any(q["sql"].startswith("WITH base") for q in first.captured_queries)
    assert not any(q["sql"].startswith("WITH base") for q in second.captured_queries)
    with CaptureQueriesContext(connection) as filtered:
        client.get(reverse("opportunities:catalogue"), {"country": host.country.code})
    assert any(q["sql"].startswith("WITH base") for q in filtered.captured_queries)
