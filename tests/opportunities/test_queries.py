"""List pages make the same number of queries whatever the number of opportunities."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from institutions.models import SustainableDevelopmentGoal
from opportunities.models import Opportunity, OpportunityLanguage
from opportunities.services import deadline_end
from tests.accounts.factories import UserFactory
from tests.institutions.factories import UniversityFactory

pytestmark = pytest.mark.django_db


def _bulk_opportunities(count: int) -> None:
    universities = [UniversityFactory(slug=f"q-{i}", country=["FR", "DE", "IT"][i % 3]) for i in range(3)]
    today = timezone.localdate()
    rows = []
    for n in range(count):
        host = universities[n % 3]
        opportunity = Opportunity(
            alliance=host.alliance,
            host_university=host,
            title=f"Opportunity {n}",
            slug=f"bulk-{n}",
            summary="Summary",
            description="Description",
            kind=Opportunity.Kind.values[n % 13],
            format=Opportunity.Format.values[n % 3],
            for_master=True,
            city=host.city,
            country=host.country,
            application_deadline=today + dt.timedelta(days=n % 90),
            start_date=today + dt.timedelta(days=100),
            status=Opportunity.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        opportunity.deadline_ends_at = deadline_end(opportunity)
        rows.append(opportunity)
    created = Opportunity.objects.bulk_create(rows, batch_size=500)
    OpportunityLanguage.objects.bulk_create(
        [OpportunityLanguage(opportunity=o, code=c) for o in created for c in ("en", "fr")], batch_size=1000
    )
    through = Opportunity.sdgs.through
    goals = list(SustainableDevelopmentGoal.objects.all())
    through.objects.bulk_create(
        [through(opportunity=o, sustainabledevelopmentgoal=goals[o.pk % 17]) for o in created],
        batch_size=1000,
    )


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["opportunities:catalogue", "api-opportunities"])
@pytest.mark.parametrize(
    "params", [{}, {"country": "FR", "sdg": ["1", "2"], "open": "true", "q": "Opportunity"}]
)
def test_list_makes_the_same_number_of_queries_for_10_and_1000_opportunities(client, url_name, params):
    client.force_login(UserFactory())
    url = reverse(url_name)
    _bulk_opportunities(10)
    small = _queries(client, url, params)
    Opportunity.objects.all().delete()
    _bulk_opportunities(1000)
    cache.clear()  # written in bulk, past the services that renew the unfiltered counts
    large = _queries(client, url, params)
    assert small == large
