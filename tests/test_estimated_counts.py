"""A search for common words is not counted on PostgreSQL: the planner
estimates it from the search index's statistics, and the page says so. On
SQLite it is counted, the entries with the words in their own text first."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event, shares
from tracker import search, timeline
from tracker.timeline import TimelineView, _two_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_ceasefires():
    """600 claims about the ceasefire and 403 about other things, with
    statistics gathered as autovacuum would."""
    day = dt.date(2024, 1, 1)
    article = make_article(published_on=day)
    speaker = make_actor("Antony Blinken")
    for n in range(600):
        make_claim(article=article, speaker=speaker, text=f"The ceasefire holds, report {n}.")
    for n in range(400):
        make_claim(article=article, text=f"Aid trucks crossed, report {n}.")
    for n in range(3):
        make_claim(article=article, text=f"Talks paused in Doha, report {n}.")
    make_event(article=article, title="Ceasefire agreed")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_an_estimate_is_said_no_more_precisely_than_it_is_known():
    assert [_two_figures(n) for n in (7, 99, 812, 81_160, 1_049_999)] == [
        7,
        99,
        810,
        81_000,
        1_000_000,
    ]


def test_postgresql_estimates_a_common_words_matches_close_to_their_number(many_ceasefires):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's planner keeps statistics of the search index")
    view = TimelineView.build(QueryDict("q=ceasefire"))
    assert view.filter.words_are_common
    count = view.count()
    assert count.estimated and not count.exact
    assert 450 <= count.value <= 750  # 601 entries: 600 claims and one event


def test_postgresql_estimates_the_view_with_its_other_filters(many_ceasefires):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's planner keeps statistics of the search index")
    narrowed = TimelineView.build(QueryDict("q=ceasefire&date_after=2025-01-01"))
    assert narrowed.count().value < 50


def test_sqlite_counts_common_words_up_to_the_cap(many_ceasefires, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL estimates common words instead (the tests above)")
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    count = TimelineView.build(QueryDict("q=ceasefire")).count()
    assert (count.value, count.exact, count.estimated) == (601, True, False)


@pytest.mark.parametrize(
    "query",
    [
        "q=ceasefire",  # own words alone pass the cap
        "q=ceasefire&kind=reported",  # no events to count
        "q=ceasefire&date_after=2025-01-01",  # nothing at all
        "q=blinken",  # only a speaker's name: own words find nothing
        "q=report&actor=antony-blinken",  # own words and the rest the same
        "q=aid",  # under the cap
    ],
)
def test_sqlite_counts_a_common_words_own_text_first_and_gets_the_plain_count(
    many_ceasefires, monkeypatch, query
):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL estimates common words instead (the tests above)")
    monkeypatch.setattr(timeline, "COUNT_CAP", 500)
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    view = TimelineView.build(QueryDict(query))
    assert view.filter.words_are_common and view.own_words_claims is not None
    claims, events = [qs.order_by()[:501].count() for qs in (view.claims, view.events)]
    count = view.count()
    if claims > 500:  # more than 500 entries, whatever the events add
        assert (count.value, count.exact) == (500, False)
    else:
        assert count.value == claims + min(events, 500)
        assert count.exact == (events <= 500)


def test_sqlite_stops_counting_when_the_own_words_pass_the_cap(many_ceasefires):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL estimates common words instead (the tests above)")
    view = TimelineView.build(QueryDict("q=ceasefire"))
    assert view.filter.words_are_common  # in 600 claims of 1,003: 20 were counted, 20.06 needed
    tested = []
    connection.ensure_connection()
    connection.connection.create_function("tested", 1, lambda pk: tested.append(pk) or 1)
    # every row the rest of the count reads goes through tested()
    whole = view.claims.extra(where=['tested("tracker_claim"."id")'])
    events = view.events.extra(where=['tested("tracker_event"."id")'])
    counted = search.capped_counts(whole, events, 500, at_least=view.own_words_claims)
    assert counted == (501, None)
    assert tested == []
    counted = search.capped_counts(whole, events, 700, at_least=view.own_words_claims)
    assert counted == (600, view.events.count())
    assert len(tested) >= 600 + view.events.count()


def test_postgresql_estimates_a_view_without_events(many_ceasefires):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's planner keeps statistics of the search index")
    count = TimelineView.build(QueryDict("q=ceasefire&kind=reported")).count()
    assert count.estimated and 450 <= count.value <= 750


def test_rare_words_are_counted_exactly(many_ceasefires):
    view = TimelineView.build(QueryDict("q=doha"))
    assert not view.filter.words_are_common
    count = view.count()
    assert (count.value, count.exact, count.estimated) == (3, True, False)


def test_the_page_and_the_json_say_the_count_is_an_estimate(client, many_ceasefires):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL estimates counts")
    html = client.get(reverse("tracker:timeline"), {"q": "ceasefire"}).content.decode()
    assert "About " in html and "estimated from the search index" in html
    data = client.get(reverse("tracker:timeline_json"), {"q": "ceasefire"}).json()
    assert data["count_is_estimated"] is True and data["count_is_exact"] is False
