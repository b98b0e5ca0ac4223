import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.opportunities import DEMO_NOTES, OPPORTUNITIES
from institutions.models import Alliance, University
from opportunities.models import AUDIENCE_FIELDS, Opportunity, OpportunityLanguage

pytestmark = pytest.mark.django_db

Status = Opportunity.Status


def _snapshot():
    return {
        "opportunities": sorted(
            Opportunity.objects.values_list("slug", "status", "updated_at", "published_at")
        ),
        "languages": OpportunityLanguage.objects.count(),
        "sdgs": Opportunity.sdgs.through.objects.count(),
    }


def test_seed_demo_loads_every_demo_opportunity(demo):
    assert set(Opportunity.objects.values_list("slug", flat=True)) == {o.slug for o in OPPORTUNITIES}


def test_every_university_hosts_an_opportunity_open_for_applications(demo):
    open_now = Opportunity.objects.open_now()
    for university in University.objects.all():
        assert open_now.filter(host_university=university).exists(), university.slug


def test_both_alliances_offer_open_alliance_wide_opportunities(demo):
    for alliance in Alliance.objects.all():
        wide = Opportunity.objects.open_now().filter(alliance=alliance, host_university=None)
        assert wide.count() >= 2, alliance.slug


def test_listed_opportunities_cover_every_kind_audience_format_and_funding(demo):
    listed = Opportunity.objects.listed()
    for field, choices in (
        ("kind", Opportunity.Kind),
        ("format", Opportunity.Format),
        ("funding", Opportunity.Funding),
    ):
        assert set(listed.values_list(field, flat=True)) == set(choices.values), field
    for audience, field in AUDIENCE_FIELDS.items():
        assert listed.filter(**{field: True}).exists(), audience


def test_demo_opportunities_include_past_deadlines_rolling_closed_and_drafts(demo):
    today = timezone.localdate()
    published = Opportunity.objects.filter(status=Status.PUBLISHED)
    assert published.filter(application_deadline__lt=today).exists()
    assert published.filter(rolling_applications=True).exists()
    assert Opportunity.objects.filter(status=Status.CLOSED).count() >= 2
    drafts = Opportunity.objects.filter(status=Status.DRAFT)
    assert drafts.exists()
    assert not Opportunity.objects.listed().filter(pk__in=drafts).exists()


def test_demo_dates_are_relative_to_the_day_of_seeding(demo):
    today = timezone.localdate()
    for data in OPPORTUNITIES:
        opportunity = Opportunity.objects.get(slug=data.slug)
        for field, offset in (
            ("application_deadline", data.deadline_in),
            ("start_date", data.start_in),
            ("end_date", data.end_in),
        ):
            expected = None if offset is None else today + dt.timedelta(days=offset)
            assert getattr(opportunity, field) == expected, (data.slug, field)


def test_published_demo_opportunities_carry_their_publication_and_details(demo):
    for opportunity in Opportunity.objects.listed().prefetch_related("sdgs", "languages"):
        assert opportunity.published_at is not None
        assert opportunity.created_by is not None
        assert 1 <= len(opportunity.sdgs.all()) <= 3
        assert opportunity.languages.all()
        assert opportunity.description.endswith(DEMO_NOTES[opportunity.text_language])
        if opportunity.format == Opportunity.Format.VIRTUAL:
            assert (opportunity.city, opportunity.country) == ("", "")
        else:
            assert opportunity.city


def test_drafts_are_not_published(demo):
    for opportunity in Opportunity.objects.filter(status=Status.DRAFT):
        assert opportunity.published_at is None


def test_running_seed_demo_again_leaves_the_opportunities_untouched(demo):
    before = _snapshot()
    call_command("seed_demo", not_production=True)
    assert _snapshot() == before


def test_seed_demo_keeps_an_existing_opportunity_as_it_was_edited(demo):
    opportunity = Opportunity.objects.get(slug=OPPORTUNITIES[0].slug)
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Edited", status=Status.ARCHIVED)
    call_command("seed_demo", not_production=True)
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.status) == ("Edited", Status.ARCHIVED)
