"""Which words a search looks for, the same on both databases: stop words
are left out (PostgreSQL's index holds none of them), a short word is
matched whole rather than as the start of thousands of longer words, and a
speaker's name is searched word by word, as the text is. How the words are
weighed (their order, whether they are common) decides only how fast."""

import pytest

from tests.conftest import make_actor, make_claim, shares
from tracker import search
from tracker.models import Claim, Event
from tracker.timeline import TimelineView

pytestmark = pytest.mark.django_db


def found(query: str, *, row_by_row: bool = False) -> list[str]:
    claims = search.matching(Claim.objects.all(), query, row_by_row=row_by_row)
    return sorted(claims.values_list("text", flat=True))


def search_actors(word):
    from tracker.models import Actor

    return Actor.objects.filter(pk__in=search.actors_named(word))


def test_stop_words_are_left_out_of_the_words_searched():
    assert search.words_of("The hostages AND the talks") == ["hostages", "talks"]
    assert search.words_of("the of and") == []


@pytest.mark.parametrize("row_by_row", [False, True])
def test_a_stop_word_does_not_hide_what_the_other_words_find(row_by_row):
    make_claim(text="Hostages must come home.")
    make_claim(text="The talks went on.")
    assert found("the hostages", row_by_row=row_by_row) == ["Hostages must come home."]
    assert found("hostages or talks", row_by_row=row_by_row) == []


def test_a_timeline_of_stop_words_alone_is_the_whole_timeline():
    make_claim(text="Hostages must come home.")
    make_claim(text="The talks went on.")
    view = TimelineView.build({"q": "the"})
    assert view.is_valid
    assert len(view.window().entries) == 2


@pytest.mark.parametrize("row_by_row", [False, True])
def test_a_short_word_is_matched_whole(row_by_row):
    make_claim(text="The UN said aid must flow.")
    make_claim(text="Unicef said children were hungry.")
    assert found("un", row_by_row=row_by_row) == ["The UN said aid must flow."]
    assert found("uni", row_by_row=row_by_row) == ["Unicef said children were hungry."]


@pytest.mark.parametrize("row_by_row", [False, True])
def test_a_speaker_is_found_by_the_start_of_a_word_of_their_name(row_by_row):
    blinken = make_actor("Antony Blinken")
    make_claim(speaker=blinken, text="Much remains to be done.")
    make_claim(speaker=make_actor("Ali al-Rashid"), text="Nothing was agreed.")
    assert found("blink", row_by_row=row_by_row) == ["Much remains to be done."]
    assert found("rashid", row_by_row=row_by_row) == ["Nothing was agreed."]
    assert found("inken", row_by_row=row_by_row) == []


def test_actors_are_named_by_whole_short_words():
    make_actor("Li Wei")
    make_actor("Lisa Kahn")
    names = {a.name for a in search_actors("li")}
    assert names == {"Li Wei"}


def test_events_are_found_through_their_actors_names():
    from tests.conftest import make_article

    article = make_article()
    event = Event.objects.create(
        title="Talks in Cairo", occurred_on=article.published_on, article=article, start=0, end=5
    )
    event.actors.add(make_actor("Antony Blinken"))
    events = search.matching(Event.objects.all(), "blinken")
    assert list(events.values_list("title", flat=True)) == ["Talks in Cairo"]


def test_postgres_looks_a_rare_word_up_as_one_list_of_ids():
    """Given three lists joined by OR, PostgreSQL's planner read every claim
    in date order to test it against them (a second for a word in no claim
    of a million); one list of ids, made from the three indexes, is read
    by id."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite combines the three lookups by itself")
    make_claim(text="Hostages must come home.")
    claims = search.matching(Claim.objects.all(), "hostages")
    assert "UNION ALL" in str(claims.query)
    assert list(claims.values_list("text", flat=True)) == ["Hostages must come home."]


def test_a_renamed_or_merged_alias_is_searched_as_it_now_is():
    from tracker.models import Alias

    speaker = make_actor("Antony Blinken")
    make_claim(speaker=speaker, text="Much remains to be done.")
    Alias.objects.filter(actor=speaker).update(name="Tony Blinken")  # no signal
    assert found("tony") == ["Much remains to be done."]
    other = make_actor("Matthew Miller")
    Alias.objects.filter(actor=speaker).update(actor=other)
    assert search_actors("tony").get() == other


def test_postgres_reads_events_in_date_order_only_for_words_found_among_them(monkeypatch):
    """A word common among claims but in no event, by its text or its
    actors, would have PostgreSQL read every event to test it: its events
    are looked up instead. A word naming the actors of many events is read
    in date order."""
    from django.db import connection

    from tests.conftest import make_article

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lists the words' matches among events once, whatever their share")
    article = make_article()
    event = Event.objects.create(
        title="Talks in Cairo", occurred_on=article.published_on, article=article, start=0, end=5
    )
    event.actors.add(make_actor("Antony Blinken"))
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    believe = TimelineView.build({"q": "believe"})
    assert believe.filter.words_are_common
    assert not believe.filter.words_are_common_in_events
    assert str(believe.events_in_date_order.query) == str(believe.events.query)
    assert TimelineView.build({"q": "blinken"}).filter.words_are_common_in_events
    assert TimelineView.build({"q": "cairo"}).filter.words_are_common_in_events is False
    make_actor("Ali Rashid")  # named, in no event
    assert not TimelineView.build({"q": "rashid"}).filter.words_are_common_in_events


def test_postgres_reads_claims_in_date_order_for_a_word_in_one_claim_in_a_hundred():
    """Testing a claim's stored words as claims are read costs PostgreSQL
    less than collecting every match from 0.5% of claims; SQLite, which
    lists the matches, waits for 2%."""
    from django.db import connection

    from tests.conftest import make_article

    article = make_article()
    for n in range(990):
        make_claim(article=article, text=f"Aid trucks crossed, report {n}.")
    for n in range(10):
        make_claim(article=article, text=f"Talks resumed in Geneva, report {n}.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert search.weigh("geneva").common is (connection.vendor == "postgresql")


def claims_with_words(counts: dict[str, int]) -> None:
    """One claim for each (words, how many) in ``counts``, in one article."""
    from tests.conftest import make_article

    article = make_article()
    for words, count in counts.items():
        for n in range(count):
            make_claim(article=article, text=f"{words}, report {n}.")


def test_sqlite_looks_for_the_rarest_word_first_and_finds_the_same_claims():
    """SQLite's planner collects the matches of the first word's condition
    and tests the others against them: "ceasefire attack" took 340 ms over
    a million claims, "attack ceasefire" 20 ms."""
    from django.db import connection

    claims_with_words(
        {
            "Aid trucks crossed": 900,
            "Ceasefire": 95,
            "Ceasefire after the attack": 2,
            "An attack": 3,
        }
    )
    weighed = search.weigh("ceasefire attack")
    if connection.vendor == "sqlite":
        assert weighed.words == ("attack", "ceasefire")
    else:  # its planner weighs the words itself
        assert weighed.words == ("ceasefire", "attack")
    assert (
        found(weighed.query)
        == found("ceasefire attack")
        == [
            "Ceasefire after the attack, report 0.",
            "Ceasefire after the attack, report 1.",
        ]
    )


def test_sqlite_reads_claims_in_date_order_for_common_words_often_together():
    """Each word in 5% of claims and both in 0.2%: collecting the rarer
    word's matches reads more claims than reading claims in date order
    until a page is full. Words that are never together are collected."""
    from django.db import connection

    claims_with_words(
        {"Aid trucks crossed": 900, "Hostages": 48, "Ceasefire": 48, "Hostages and ceasefire": 2}
    )
    is_sqlite = connection.vendor == "sqlite"
    assert search.weigh("hostages ceasefire").common is is_sqlite
    assert not search.weigh("hostages trucks").common  # never together
