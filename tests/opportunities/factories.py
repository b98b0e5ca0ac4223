import datetime as dt

import factory
from django.utils import timezone

from opportunities.models import Opportunity
from opportunities.services import opportunity_save
from tests.institutions.factories import UniversityFactory


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A published opportunity hosted by a university, with a deadline a month away."""

    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    host_university = factory.SubFactory(UniversityFactory)
    alliance = factory.LazyAttribute(lambda o: o.host_university.alliance)
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    slug = factory.Sequence(lambda n: f"opportunity-{n}")
    summary = "A short summary."
    description = "A longer description."
    kind = Opportunity.Kind.SUMMER_SCHOOL
    format = Opportunity.Format.ON_SITE
    for_master = True
    city = factory.LazyAttribute(lambda o: o.host_university.city if o.host_university else "")
    country = factory.LazyAttribute(lambda o: o.host_university.country if o.host_university else "")
    application_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    start_date = factory.LazyAttribute(
        lambda o: (o.application_deadline or timezone.localdate()) + dt.timedelta(days=30)
    )
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=10) if o.start_date else None)
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, languages=("en",), sdgs=(), **kwargs):
        return opportunity_save(
            opportunity=model_class(**kwargs), languages=list(languages), sdgs=sdgs, by=None
        )
