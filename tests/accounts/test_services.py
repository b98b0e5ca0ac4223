import pytest
from allauth.account.models import EmailAddress

from accounts.models import AffiliationOverride, User
from accounts.services import (
    affiliation_override_end,
    affiliation_override_set,
    affiliations_reconcile,
    user_refresh_home_university,
)
from tests.accounts.factories import UserFactory
from tests.institutions.factories import UniversityFactory

pytestmark = pytest.mark.django_db


def test_home_university_comes_from_verified_primary_address_and_its_subdomains(poitiers):
    user = UserFactory(email="ana@etu.univ-poitiers.example")
    assert user_refresh_home_university(user=user) == poitiers
    user.refresh_from_db()
    assert user.home_university == poitiers


def test_unverified_address_gives_no_home_university(poitiers):
    user = UserFactory(email="ana@univ-poitiers.example", verified=False)
    assert user_refresh_home_university(user=user) is None


def test_only_the_primary_address_counts(poitiers, jena):
    user = UserFactory(email="ana@elsewhere.example")
    EmailAddress.objects.create(user=user, email="ana@uni-jena.example", verified=True, primary=False)
    assert user_refresh_home_university(user=user) is None


def test_override_wins_over_the_address_and_is_recorded(poitiers, jena):
    admin = UserFactory(email="admin@hub.example")
    user = UserFactory(email="ana@univ-poitiers.example")
    override = affiliation_override_set(user=user, university=jena, reason="Joint appointment", set_by=admin)
    user.refresh_from_db()
    assert user.home_university == jena
    assert (override.created_by, override.reason, override.ended_at) == (
        admin,
        "Joint appointment",
        None,
    )
    assert override.created_at is not None


def test_override_to_no_university_makes_a_member_an_outsider(poitiers):
    admin = UserFactory()
    user = UserFactory(email="ana@univ-poitiers.example")
    affiliation_override_set(user=user, university=None, reason="Left the university", set_by=admin)
    user.refresh_from_db()
    assert user.home_university is None


def test_a_new_override_ends_the_previous_one(poitiers, jena):
    admin = UserFactory()
    user = UserFactory(email="ana@univ-poitiers.example")
    first = affiliation_override_set(user=user, university=jena, reason="One", set_by=admin)
    affiliation_override_set(user=user, university=poitiers, reason="Two", set_by=admin)
    first.refresh_from_db()
    assert first.ended_at is not None
    assert first.ended_by == admin
    assert AffiliationOverride.objects.filter(user=user, ended_at__isnull=True).count() == 1


def test_ending_the_override_gives_the_address_back_its_say(poitiers, jena):
    admin = UserFactory()
    user = UserFactory(email="ana@univ-poitiers.example")
    affiliation_override_set(user=user, university=jena, reason="Mistake", set_by=admin)
    affiliation_override_end(user=user, ended_by=admin)
    user.refresh_from_db()
    assert user.home_university == poitiers
    assert AffiliationOverride.objects.get(user=user).ended_by == admin


def test_reconcile_applies_a_newly_listed_domain_to_existing_people(jena):
    people = [UserFactory(email=f"p{i}@students.new-university.example") for i in range(5)]
    outsider = UserFactory(email="someone@elsewhere.example")
    newcomer = UniversityFactory(slug="newcomer", domain="new-university.example")

    assert affiliations_reconcile(batch_size=2) == 5

    assert set(User.objects.filter(home_university=newcomer)) == set(people)
    outsider.refresh_from_db()
    assert outsider.home_university is None


def test_reconcile_keeps_overrides_and_changes_nothing_the_second_time(poitiers, jena):
    admin = UserFactory()
    user = UserFactory(email="ana@univ-poitiers.example")
    affiliation_override_set(user=user, university=jena, reason="Visiting", set_by=admin)
    User.objects.filter(pk=user.pk).update(home_university=None)
    assert affiliations_reconcile() == 1
    user.refresh_from_db()
    assert user.home_university == jena
    assert affiliations_reconcile() == 0
