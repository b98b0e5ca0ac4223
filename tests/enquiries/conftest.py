from accounts.models import Role
from enquiries.models import Queue, QueueMembership
from tests.accounts.factories import UserFactory
from tests.institutions.factories import AllianceFactory, UniversityFactory
from tests.opportunities.factories import OpportunityFactory


class World:
    """Two alliances: A (universities a1, a2) and B (b1), each with queues and people."""

    def __init__(self) -> None:
        self.alliance_a = AllianceFactory(code="ALLA", slug="alla")
        self.alliance_b = AllianceFactory(code="ALLB", slug="allb")
        self.a1 = UniversityFactory(
            slug="a1", alliance=self.alliance_a, country="FR", time_zone="Europe/Paris"
        )
        self.a2 = UniversityFactory(
            slug="a2", alliance=self.alliance_a, country="DE", time_zone="Europe/Berlin"
        )
        self.b1 = UniversityFactory(
            slug="b1", alliance=self.alliance_b, country="IT", time_zone="Europe/Rome"
        )
        self.central_a = Queue.objects.create(alliance=self.alliance_a, name="A central office")
        self.central_b = Queue.objects.create(alliance=self.alliance_b, name="B central office")
        self.queue_a1 = Queue.objects.create(alliance=self.alliance_a, university=self.a1, name="a1 queue")
        self.queue_a2 = Queue.objects.create(alliance=self.alliance_a, university=self.a2, name="a2 queue")
        self.queue_b1 = Queue.objects.create(alliance=self.alliance_b, university=self.b1, name="b1 queue")
        self.student_a1 = UserFactory(email="student@a1.example")
        self.student_a2 = UserFactory(email="student@a2.example")
        self.student_b1 = UserFactory(email="student@b1.example")
        self.outsider = UserFactory(email="someone@elsewhere.example")
        self.coordinator_a1 = self._coordinator(self.a1, self.queue_a1)
        self.coordinator_a2 = self._coordinator(self.a2, self.queue_a2)
        self.coordinator_b1 = self._coordinator(self.b1, self.queue_b1)
        self.staff_a1 = UserFactory(email="staff@a1.example")
        QueueMembership.objects.create(queue=self.queue_a1, user=self.staff_a1)
        self.office_a = self._office(self.alliance_a, self.central_a)
        self.office_b = self._office(self.alliance_b, self.central_b)
        from accounts.services import affiliations_reconcile

        affiliations_reconcile()
        for name in ("student_a1", "student_a2", "student_b1", "outsider", "coordinator_a1", "staff_a1"):
            getattr(self, name).refresh_from_db()
        # An opportunity hosted by a2, open for applications.
        self.opportunity_a2 = OpportunityFactory(host_university=self.a2, slug="a2-summer-school")

    def _coordinator(self, university, queue):
        user = UserFactory(email=f"coordinator@{university.slug}.example")
        Role.objects.create(
            user=user, kind=Role.Kind.COORDINATOR, alliance=university.alliance, university=university
        )
        QueueMembership.objects.create(queue=queue, user=user)
        return user

    def _office(self, alliance, queue):
        user = UserFactory(email=f"office@{alliance.slug}.example")
        Role.objects.create(user=user, kind=Role.Kind.CENTRAL_OFFICE, alliance=alliance)
        QueueMembership.objects.create(queue=queue, user=user)
        return user
