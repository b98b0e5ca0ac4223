import pytest

from institutions.domains import domain_suffixes, match_email

OWNERS = {"univ-example.fr": "Example", "etu.other.fr": "Other students", "other.fr": "Other"}


@pytest.mark.parametrize(
    ("email", "owner"),
    [
        ("ana@univ-example.fr", "Example"),
        ("ana@etu.univ-example.fr", "Example"),
        ("ana@a.b.univ-example.fr", "Example"),
        ("ANA@ETU.Univ-Example.FR", "Example"),
        ("ana@other.fr", "Other"),
        ("ana@etu.other.fr", "Other students"),
        ("ana@x.etu.other.fr", "Other students"),
        ("ana@notuniv-example.fr", None),
        ("ana@univ-example.fr.evil.example", None),
        ("ana@elsewhere.example", None),
        ("not-an-address", None),
        ("", None),
    ],
)
def test_address_matches_the_most_specific_listed_domain_or_a_parent(email, owner):
    assert match_email(email, OWNERS) == owner


def test_domain_suffixes_lists_most_specific_first():
    assert domain_suffixes("a@etu.univ-example.fr") == [
        "etu.univ-example.fr",
        "univ-example.fr",
        "fr",
    ]


def test_domain_suffixes_of_an_address_without_domain_is_empty():
    assert domain_suffixes("a@") == []
