"""The JSON API fuzzed against its own OpenAPI schema (docs/quality.md: bad input answers 4xx, never 500)."""

import datetime as dt
from decimal import Decimal

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from institutions.models import Theme
from opportunities.models import Opportunity
from tests.opportunities.factories import OpportunityFactory

from .strategies import examples

EXISTING_SLUGS = {"alliance": ["alla", "allb"], "university": ["a1", "a2", "b1"], "theme": ["cities"]}


@pytest.fixture
def catalogue(world) -> list[Opportunity]:
    """Opportunities with every optional field empty or set, and text in several scripts."""
    theme = Theme.objects.create(alliance=world.alliance_a, name="Cities", slug="cities")
    return [
        world.opportunity_a2,
        OpportunityFactory(
            host_university=None,
            alliance=world.alliance_a,
            slug="alliance-wide",
            city="",
            country="",
            application_deadline=None,
            start_date=None,
            rolling_applications=True,
            theme=theme,
            title="\u202eRTL\u202c شلوم <b>bold</b>",
            summary="' OR '1'='1 \u2028 {{ x }}",
            description="<script>alert(1)</script> **Markdown** [x](javascript:alert(1))",
            places=12,
            ects_credits=Decimal("7.5"),
            languages=("en", "fr"),
            sdgs=(4, 11),
        ),
        OpportunityFactory(
            host_university=world.b1,
            slug="closed-one",
            status=Opportunity.Status.CLOSED,
            application_deadline=dt.date(2020, 1, 1),
            start_date=dt.date(2020, 2, 1),
        ),
        OpportunityFactory(host_university=world.a1, slug="a1-draft", status=Opportunity.Status.DRAFT),
    ]


@pytest.fixture
def wsgi_app(db):
    """Django's own WSGI application, run inside the test's transaction."""
    # Django's test client does the same: the end of a request must not close the
    # connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, catalogue, session_key):
    """The schema the API serves, with a signed-in requester's session for its cookie authentication."""
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"cookieAuth": {"api_key": session_key}}}})
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=config)


@pytest.fixture
def session_key(client, world) -> str:
    client.force_login(world.student_a1)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


@pytest.fixture(params=[False, True], ids=["signed-in-catalogue", "public-catalogue"])
def public(request, settings) -> bool:
    settings.OPPORTUNITIES_PUBLIC = request.param
    return request.param


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@given(data=st.data())
@examples(25)
def test_api_answers_every_request_as_its_schema_says(public, api_schema, mode, data):
    case = data.draw(api_schema.as_strategy(generation_mode=mode))
    if mode is GenerationMode.POSITIVE and case.query:
        # A valid slug names something that exists: which ones do is data, not schema.
        for name, existing in EXISTING_SLUGS.items():
            if name in case.query:
                case.query[name] = data.draw(st.lists(st.sampled_from(existing), min_size=1, max_size=3))
    case.call_and_validate()
