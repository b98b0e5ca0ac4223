import pytest

from tests.institutions.factories import UniversityFactory


@pytest.fixture
def poitiers():
    return UniversityFactory(slug="poitiers", domain="univ-poitiers.example")


@pytest.fixture
def jena():
    return UniversityFactory(slug="jena", domain="uni-jena.example")
