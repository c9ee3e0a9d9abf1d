"""A common word is tested claim by claim while the timeline reads claims in
date order; a rare one is looked up in the index. Both forms find the same
claims, and the choice is made from one query."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim, make_event, shares
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
    assert search.weigh("ceasefire").common
    assert not search.weigh("zebra").common


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
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
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


# -- a page of a common word reads only the matches it can reach ---------------


@pytest.fixture
def thirty_days():
    """Claims over thirty days: some with the word in their text, some by a
    speaker named for it, some in an article titled with it, some rejected
    or verified, quotes and reported speech, with events between them."""
    day = dt.date(2024, 3, 1)
    envoy = make_actor(name="Ceasefire Envoy")
    titled = make_article(title="Ceasefire talks", published_on=day)
    for n in range(30):
        on = day + dt.timedelta(days=(n * 7) % 30)  # not in id order
        make_claim(text=f"The ceasefire held on day {n}.", stated_on=on, kind="quote")
        make_claim(text=f"Talks went on, day {n}.", stated_on=on)
        if n % 3 == 0:
            make_claim(text=f"The ceasefire broke, day {n}.", stated_on=on, status="rejected")
            make_claim(speaker=envoy, text=f"We met on day {n}.", stated_on=on)
        if n % 4 == 0:
            make_claim(article=titled, text=f"Quiet, day {n}.", stated_on=on, status="verified")
            make_claim(text=f"Ceasefire talks, day {n}.", stated_on=on, status="verified")
            make_event(title=f"Ceasefire day {n}", occurred_on=on)
    return envoy


def pages(query: str, size: int, backwards: bool = False) -> list[list[str]]:
    """Every page of the view, following its links forwards (or, from the
    last page, backwards), as the entries' anchors."""
    view = TimelineView.build(QueryDict(query))
    window = view.window(size=size)
    found = [[e.anchor for e in window.entries]]
    while window.has_next:
        window = view.window(after=window.last.token, size=size)
        found.append([e.anchor for e in window.entries])
    if not backwards:
        return found
    found = [found[-1]]
    while window.has_previous:
        window = view.window(before=window.first.token, size=size)
        found.append([e.anchor for e in window.entries])
    return found


@pytest.mark.parametrize(
    "query",
    [
        "q=ceasefire",
        "q=ceasefire&order=newest",
        "q=ceasefire&kind=quote",
        "q=ceasefire&kind=reported&kind=event",
        "q=ceasefire&kind=event",
        "q=ceasefire&status=verified",
        "q=ceasefire talks",
        "q=ceasefire held",  # both words only in the claims' own text
        "q=ceasefire&date_after=2024-03-10&date_before=2024-03-20",
    ],
)
@pytest.mark.parametrize("backwards", [False, True])
def test_every_page_of_a_common_word_is_the_page_the_index_gives(
    thirty_days, monkeypatch, query, backwards
):
    monkeypatch.setattr(search, "shares_of_claims", shares(0.0))
    looked_up = pages(query, 4, backwards)
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    assert pages(query, 4, backwards) == looked_up
    assert len(looked_up) >= 2


def test_an_actors_page_of_a_common_word_is_the_page_the_index_gives(thirty_days, monkeypatch):
    query = f"q=ceasefire&actor={thirty_days.slug}"
    monkeypatch.setattr(search, "shares_of_claims", shares(0.0))
    looked_up = pages(query, 3)
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    assert pages(query, 3) == looked_up
    assert sum(map(len, looked_up)) == 10  # the envoy's claims


@pytest.mark.parametrize(
    ("query", "reach"),
    [
        # a page of four ends at the fifth claim with the word in its text
        ("q=ceasefire", "LIMIT 5) OR"),
        # each word's matches up to the fifth claim with both in its text
        ("q=ceasefire talks", "LIMIT 1 OFFSET 4)"),
    ],
)
def test_on_sqlite_a_page_reads_only_the_matches_it_can_reach(
    thirty_days, monkeypatch, query, reach
):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL tests each claim's stored words; only SQLite lists matches")
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    with CaptureQueriesContext(connection) as made:
        TimelineView.build(QueryDict(query)).window(size=4)
    (walk,) = [q["sql"] for q in made if q["sql"].startswith('SELECT "tracker_claim"."stated_on"')]
    assert search.CLAIMS_BY_DATE in walk
    assert reach in walk


def first_page(query="q=ceasefire") -> list[str]:
    return [e.claim.text for e in TimelineView.build(QueryDict(query)).window(size=3).entries]


def test_a_claim_moved_to_another_day_is_found_on_that_day(monkeypatch):
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    make_claim(text="The ceasefire held.", stated_on=dt.date(2024, 1, 2))
    make_claim(text="The ceasefire ended.", stated_on=dt.date(2024, 1, 3))
    make_claim(text="The ceasefire was mourned.", stated_on=dt.date(2024, 1, 4))
    make_claim(text="The ceasefire was forgotten.", stated_on=dt.date(2024, 1, 5))
    late = make_claim(text="The ceasefire began.", stated_on=dt.date(2024, 1, 9))
    # as a bulk correction would: the date alone
    Claim.objects.filter(pk=late.pk).update(stated_on=dt.date(2024, 1, 1))
    assert first_page() == ["The ceasefire began.", "The ceasefire held.", "The ceasefire ended."]


def test_a_reworded_or_deleted_claim_leaves_the_words_matches(monkeypatch):
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    reworded = make_claim(text="The ceasefire began.", stated_on=dt.date(2024, 1, 1))
    deleted = make_claim(text="The ceasefire held.", stated_on=dt.date(2024, 1, 2))
    make_claim(text="The ceasefire ended.", stated_on=dt.date(2024, 1, 3))
    reworded.text = "The truce began."
    reworded.save()
    deleted.delete()
    assert first_page() == ["The ceasefire ended."]
    assert first_page("q=truce") == ["The truce began."]


class _StatementsEditor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_claims_by_date_are_filled_from_the_claims_already_there(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite keeps the claims' words by date")
    make_claim(text="The ceasefire held.", stated_on=dt.date(2024, 1, 2))
    make_claim(text="The ceasefire began.", stated_on=dt.date(2024, 1, 1))
    editor = _StatementsEditor()  # as the migration's, inside the test's transaction
    search.drop_claims_by_date(editor)
    search.create_claims_by_date(editor)
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    assert first_page() == ["The ceasefire began.", "The ceasefire held."]
