import factory

from enquiries.models import Queue, QueueMembership
from tests.accounts.factories import UserFactory
from tests.institutions.factories import AllianceFactory, UniversityFactory


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    university = factory.SubFactory(UniversityFactory)
    alliance = factory.LazyAttribute(lambda o: o.university.alliance if o.university else AllianceFactory())
    name = factory.LazyAttribute(lambda o: f"{o.university or o.alliance} queue")
    topic = ""


class QueueMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueMembership

    queue = factory.SubFactory(QueueFactory)
    user = factory.SubFactory(UserFactory)
