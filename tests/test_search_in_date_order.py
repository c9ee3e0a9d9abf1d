"""A common word is tested claim by claim while the timeline reads claims in
date order; a rare one is looked up in the index. Both forms find the same
claims, and the choice is made from one query."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim
from tracker import search
from tracker.models import Claim
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


def keys(queryset) -> list[tuple]:
    return list(queryset.order_by("stated_on", "id").values_list("stated_on", "id"))


@pytest.mark.parametrize("query", ["ceasefire", "ceasefire holds", "talk", "nothing", "zebra"])
def test_both_forms_find_the_same_claims_in_the_same_order(claims, monkeypatch, query):
    public = Claim.objects.public()
    looked_up = keys(search.matching(public, query))
    monkeypatch.setattr(search, "share_of_claims", lambda words: 1.0)
    tested = keys(search.matching(public, query, in_date_order=True))
    assert tested == looked_up
    if query != "zebra":
        assert tested


def test_a_word_in_many_claims_is_common_and_one_in_none_is_not(claims):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tracker_claim")
    assert search.share_of_claims(["ceasefire"]) >= search.COMMON_SHARE
    assert search.share_of_claims(["zebra"]) < search.COMMON_SHARE


def test_a_common_word_walks_the_date_order_index(claims):
    if connection.vendor != "sqlite":
        pytest.skip("the unary-plus form is SQLite's; PostgreSQL tests each row's words")
    tested = search.matching(Claim.objects.public(), "ceasefire", in_date_order=True)
    sql = str(tested.order_by("stated_on", "id").query)
    assert '+"tracker_claim"."id" IN' in sql
    assert '+"tracker_claim"."speaker_id" IN' in sql


def test_the_timeline_reads_in_date_order_but_counts_with_the_index(claims):
    with CaptureQueriesContext(connection) as built:
        view = TimelineView.build(QueryDict("q=ceasefire"))
    assert len(built) == 1  # the estimate; nothing else runs before the page is read
    window = view.window(size=5)
    assert [entry.claim.text for entry in window.entries][:2] == [
        "The ceasefire holds, day 0.",
        "We will keep talking.",
    ]
    assert view.count().value == 14  # twelve texts, one speaker, one title


def test_a_view_without_words_runs_no_estimate():
    with CaptureQueriesContext(connection) as built:
        TimelineView.build(QueryDict("kind=quote"))
    assert len(built) == 0
