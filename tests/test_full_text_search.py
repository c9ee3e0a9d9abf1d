"""Full-text search behind one interface: PostgreSQL's text search on
PostgreSQL, SQLite's FTS5 on SQLite. Both stem English words, match word
prefixes, follow every change to a claim, and take any input as plain words."""

import pytest
from django.db import connection

from tests.conftest import make_article, make_claim
from tracker import search
from tracker.models import Claim

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return sorted(search.matching(Claim.objects.all(), query).values_list("text", flat=True))


def test_words_match_other_forms_of_the_same_word():
    make_claim(text="Six people were killed in the strike.")
    make_claim(text="The negotiators met again.")
    assert found("kill") == ["Six people were killed in the strike."]
    assert found("killing") == ["Six people were killed in the strike."]
    assert found("negotiator") == ["The negotiators met again."]


def test_the_last_word_may_be_the_start_of_a_word():
    make_claim(text="Hostages must come home.")
    assert found("hostag") == ["Hostages must come home."]


def test_the_index_follows_edits_and_deletions():
    claim = make_claim(text="The talks were useful.")
    claim.text = "The ceasefire holds."
    claim.save()
    assert found("useful") == []
    assert found("ceasefire") == ["The ceasefire holds."]
    claim.delete()
    assert found("ceasefire") == []


def test_reviewing_a_claim_does_not_touch_its_words():
    claim = make_claim(text="The ceasefire holds.")
    Claim.objects.filter(pk=claim.pk).update(status="verified")
    assert found("ceasefire") == ["The ceasefire holds."]


@pytest.mark.parametrize(
    "query", ['"', "* OR NEAR(", "ceasefire AND", "-talks", "a:b", "()", "'; DROP TABLE x; --"]
)
def test_operators_of_either_engine_are_only_words(query):
    make_claim(text="The ceasefire holds.")
    list(search.matching(Claim.objects.all(), query))  # never an error


def test_article_titles_are_searched_too():
    make_claim(article=make_article(title="Aid convoys reach Rafah"), text="It was quiet.")
    assert found("convoy") == ["It was quiet."]


def test_the_engine_is_the_databases_own():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'tracker_claim_fts'")
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'tracker_claim_search'"
            )
        (definition,) = cursor.fetchone()
    assert "fts" in definition or "gin" in definition
