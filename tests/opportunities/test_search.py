"""Text search: PostgreSQL full-text search with stemming and ranking; a plain fallback elsewhere."""

import pytest
from django.db import connection
from django.http import QueryDict

from opportunities.filters import OpportunityFilter
from opportunities.selectors import catalogue_opportunities
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _search(text: str) -> list[str]:
    filterset = OpportunityFilter(QueryDict(f"q={text}"), queryset=catalogue_opportunities())
    return [o.title for o in filterset.qs]


def test_search_finds_words_in_title_summary_and_description():
    OpportunityFactory(title="Urban gardens", summary="Grow food", description="Compost and seeds")
    OpportunityFactory(title="Robotics lab", summary="Build robots", description="Sensors")
    assert _search("compost") == ["Urban gardens"]
    assert _search("robots") == ["Robotics lab"]
    assert _search("nothing-like-this") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgresql_search_stems_in_the_text_s_language_and_ranks_title_matches_first():
    OpportunityFactory(title="Workshop", description="A day about the sustainable city.")
    OpportunityFactory(title="Sustainable cities summer school")
    OpportunityFactory(title="Villes durables", description="Les villes européennes.", text_language="fr")
    assert _search("cities")[:2] == ["Sustainable cities summer school", "Workshop"]
    assert "Villes durables" in _search("ville")
