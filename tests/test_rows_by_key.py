"""Rows read by a list of values through a query compiled once per number
of values (tracker.rows.RowsByKey): the same rows, converted the same way,
as the ORM reads, whatever values come next."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker import timeline
from tracker.models import Actor, Claim
from tracker.rows import RowsByKey

pytestmark = pytest.mark.django_db


def orm_rows(rows_by_key, ids):
    return sorted(tuple(row) for row in rows_by_key._picked(ids))


@pytest.fixture
def claims():
    article = make_article()
    speaker = make_actor("Antony Blinken")
    found = [
        make_claim(article=article, speaker=speaker, stated_on=dt.date(2024, 2, day))
        for day in range(1, 6)
    ]
    found.append(make_claim(article=article, speaker=None, stated_on=dt.date(2024, 2, 6)))
    found.append(
        make_claim(
            article=article, speaker=speaker, kind="figure", figure_value=27000, figure_unit="dead"
        )
    )
    return [claim.pk for claim in found]


def test_it_reads_the_rows_and_types_the_orm_reads(claims):
    rows = sorted(timeline._CLAIMS_SHOWN.rows(claims))
    assert rows == orm_rows(timeline._CLAIMS_SHOWN, claims)
    assert [tuple(map(type, row)) for row in rows] == [
        tuple(map(type, row)) for row in orm_rows(timeline._CLAIMS_SHOWN, claims)
    ]
    assert isinstance(rows[0][timeline.CLAIM_COLUMNS.index("stated_on")], dt.date)


def test_values_the_database_gives_raw_are_converted_as_the_orm_converts_them(claims):
    # SQLite gives a boolean as 0 or 1 and a time without its zone
    rows_by_key = RowsByKey(Claim.objects.values_list("id", "edited", "created"))
    for _ in range(2):  # planned, then read through the plan
        rows = sorted(rows_by_key.rows(claims))
        assert rows == orm_rows(rows_by_key, claims)
        assert all(row[1] is False and row[2].tzinfo is not None for row in rows)


def test_a_plan_made_for_some_ids_reads_the_rows_of_others(claims):
    rows_by_key = RowsByKey(Claim.objects.values_list("id", "stated_on"))
    first, second = claims[:3], claims[3:6]
    assert sorted(rows_by_key.rows(first)) == orm_rows(rows_by_key, first)
    with CaptureQueriesContext(connection) as again:
        rows = rows_by_key.rows(second)
    assert sorted(rows) == orm_rows(rows_by_key, second)
    assert len(again.captured_queries) == 1
    # one plan, for three ids, used twice
    assert list(rows_by_key._plans) == [("default", 3)]


@pytest.mark.django_db(transaction=True)
def test_a_plan_made_on_one_thread_serves_another():
    # each thread has its own connection; the plan is made on this one's
    ids = [make_claim(stated_on=dt.date(2024, 2, day)).pk for day in (1, 2)]
    rows_by_key = RowsByKey(Claim.objects.values_list("id", "stated_on", "edited"))
    here = sorted(rows_by_key.rows(ids))
    there = []

    def read():
        try:
            there.extend(sorted(rows_by_key.rows(ids)))
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert there == here == orm_rows(rows_by_key, ids)
    assert list(rows_by_key._plans) == [("default", 2)]


def test_repeated_ids_are_read_once_and_no_ids_read_nothing(claims):
    rows_by_key = RowsByKey(Claim.objects.values_list("id", flat=False))
    assert sorted(rows_by_key.rows([claims[0], claims[0], claims[1]])) == [
        (claims[0],),
        (claims[1],),
    ]
    with CaptureQueriesContext(connection) as nothing:
        assert rows_by_key.rows([]) == []
    assert nothing.captured_queries == []


def test_a_query_with_parameters_besides_its_ids_is_compiled_every_time(claims):
    rows_by_key = RowsByKey(Claim.objects.filter(kind="figure").values_list("id"))
    assert rows_by_key.rows(claims) == [(claims[-1],)]
    assert rows_by_key._plans == {("default", len(claims)): None}
    assert rows_by_key.rows(claims) == [(claims[-1],)]


def test_more_ids_than_a_stream_reads_are_not_planned(claims):
    rows_by_key = RowsByKey(Claim.objects.values_list("id"))
    many = claims + list(range(10**9, 10**9 + RowsByKey.MAX_PLANNED_VALUES))
    assert sorted(rows_by_key.rows(many)) == [(pk,) for pk in sorted(claims)]
    assert rows_by_key._plans == {}


def test_actors_chosen_by_slug_are_read_by_their_slugs(client):
    make_actor("Antony Blinken"), make_actor("Benjamin Netanyahu")
    chosen = RowsByKey(Actor.objects.values_list("slug", "name"), key="slug")
    netanyahu = ("benjamin-netanyahu", "Benjamin Netanyahu")
    assert chosen.rows(["benjamin-netanyahu", "nobody"]) == [netanyahu]
    assert chosen.rows(["antony-blinken", "benjamin-netanyahu"]) == [
        ("antony-blinken", "Antony Blinken"),
        ("benjamin-netanyahu", "Benjamin Netanyahu"),
    ]
    response = client.get(reverse("tracker:timeline"), {"actor": ["antony-blinken", "nobody"]})
    assert response.status_code == 400
    assert "nobody is not one of the available choices" in response.content.decode()


def test_an_events_actors_are_read_by_the_events_ids():
    article = make_article()
    hamas, israel = make_actor("Hamas", kind="organization"), make_actor("Israel", kind="country")
    event = make_event(article=article, actors=[israel, hamas])
    other = make_event(article=article, actors=[hamas])
    rows = timeline._EVENT_ACTORS_SHOWN.rows([event.pk, other.pk])
    # by actor name: each event's actors in the order the timeline shows them
    assert [row[2] for row in rows] == ["Hamas", "Hamas", "Israel"]
    assert sorted((row[0], row[2]) for row in rows) == sorted(
        [(event.pk, "Hamas"), (other.pk, "Hamas"), (event.pk, "Israel")]
    )
