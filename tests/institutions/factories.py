import factory

from institutions.models import Alliance, EmailDomain, University


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance
        django_get_or_create = ["slug"]

    code = factory.Sequence(lambda n: f"ALLY{n}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    name = factory.LazyAttribute(lambda o: f"Alliance {o.code}")
    office_email = factory.LazyAttribute(lambda o: f"office@{o.slug}.example")
    office_address = "1 Example Street\n00000 Example City"


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    alliance = factory.SubFactory(AllianceFactory)
    slug = factory.Sequence(lambda n: f"university-{n}")
    name = factory.LazyAttribute(lambda o: f"University {o.slug}")
    short_name = factory.LazyAttribute(lambda o: o.slug)
    schac_code = factory.LazyAttribute(lambda o: f"{o.slug}.example")
    city = "Example City"
    country = "FR"
    time_zone = "Europe/Paris"

    @factory.post_generation
    def domain(self, create, extracted, **kwargs):
        if create:
            EmailDomain.objects.get_or_create(domain=extracted or f"{self.slug}.example", university=self)
