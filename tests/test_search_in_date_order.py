"""A common word is tested claim by claim while the timeline reads claims in
date order; a rare one is looked up in the index. Both forms find the same
claims, and the choice is made from one query."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker import search
from tracker.models import Claim, Event
from tracker.timeline import TimelineView

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    """Claims found through their text, their speaker's name and their
    article's title, among others that are not found, over several days."""
    day = dt.date(2024, 1, 1)
    negotiator = make_actor(name="Ceasefire Envoy")
    titled = make_article(title="Ceasefire talks resume", published_on=day)
    for n in range(12):
        make_claim(text=f"The ceasefire holds, day {n}.", stated_on=day + dt.timedelta(days=n))
        make_claim(text=f"Nothing changed on day {n}.", stated_on=day + dt.timedelta(days=n))
    make_claim(speaker=negotiator, text="We will keep talking.", stated_on=day)
    make_claim(article=titled, text="It was quiet.", stated_on=day)
    make_claim(text="The ceasefire was rejected.", status=Claim.Status.REJECTED, stated_on=day)
    make_event(title="Ceasefire begins", occurred_on=day)
    make_event(title="Talks", actors=[negotiator], occurred_on=day + dt.timedelta(days=1))
    make_event(article=titled, title="Quiet night", occurred_on=day + dt.timedelta(days=2))
    make_event(title="Nothing happened", occurred_on=day + dt.timedelta(days=3))


def keys(queryset) -> list[tuple]:
    return list(queryset.order_by("stated_on", "id").values_list("stated_on", "id"))


def event_keys(queryset) -> list[tuple]:
    return list(queryset.order_by("occurred_on", "id").values_list("occurred_on", "id"))


@pytest.mark.parametrize("query", ["ceasefire", "ceasefire holds", "talk", "nothing", "zebra"])
def test_both_forms_find_the_same_claims_in_the_same_order(claims, query):
    public = Claim.objects.public()
    looked_up = keys(search.matching(public, query))
    tested = keys(search.matching(public, query, row_by_row=True))
    assert tested == looked_up
    if query != "zebra":
        assert tested


@pytest.mark.parametrize(
    ("query", "found"), [("ceasefire", 3), ("talk", 2), ("nothing", 1), ("zebra", 0)]
)
def test_both_forms_find_the_same_events(claims, query, found):
    looked_up = event_keys(search.matching(Event.objects.all(), query))
    tested = event_keys(search.matching(Event.objects.all(), query, row_by_row=True))
    assert tested == looked_up
    assert len(tested) == found


def test_a_word_in_many_claims_is_common_and_one_in_none_is_not(claims):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tracker_claim")
    assert search.words_are_common("ceasefire")
    assert not search.words_are_common("zebra")


def test_a_common_word_walks_the_date_order_index(claims):
    if connection.vendor != "sqlite":
        pytest.skip("the unary-plus form is SQLite's; PostgreSQL tests each row's words")
    tested = search.matching(Claim.objects.public(), "ceasefire", row_by_row=True)
    sql = str(tested.order_by("stated_on", "id").query)
    assert '+"tracker_claim"."id" IN' in sql
    assert '+"tracker_claim"."speaker_id" IN' in sql


def test_the_timeline_reads_in_date_order_but_counts_with_the_index(claims):
    with CaptureQueriesContext(connection) as built:
        view = TimelineView.build(QueryDict("q=ceasefire"))
    assert len(built) == 1  # the estimate; nothing else runs before the page is read
    window = view.window(size=5)
    assert [entry.claim.text for entry in window.entries if entry.claim][:2] == [
        "The ceasefire holds, day 0.",
        "We will keep talking.",
    ]
    # claims: twelve texts, one speaker, one title; events: a title, an
    # actor, an article's title
    assert view.count().value == 14 + 3


def test_a_view_of_common_words_reads_claims_row_by_row(claims, monkeypatch):
    monkeypatch.setattr(search, "share_of_claims", lambda words: 1.0)
    view = TimelineView.build(QueryDict("q=ceasefire"))
    assert view.filter.words_are_common
    sql = str(view.claims_in_date_order.query)
    assert sql != str(view.claims.query)
    assert [e.claim.text for e in view.window(size=4).entries if e.claim] == [
        "The ceasefire holds, day 0.",
        "We will keep talking.",
        "It was quiet.",
    ]


def test_a_view_without_words_runs_no_estimate():
    with CaptureQueriesContext(connection) as built:
        TimelineView.build(QueryDict("kind=quote"))
    assert len(built) == 0
