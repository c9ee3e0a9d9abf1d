"""After a change elsewhere, a page is checked by its own queries and served
as it was made when they return the same rows (tracker/page_cache.py); a
change to anything it shows makes it again."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim
from tracker import page_cache, revision
from tracker.models import Claim

pytestmark = pytest.mark.django_db

FEBRUARY = "/?date_after=2024-02-01&date_before=2024-02-29"


@pytest.fixture
def two_months():
    """A claim in February 2024 and one in March, by different speakers."""
    revision.changed()
    february = make_claim(
        make_article(published_on=dt.date(2024, 2, 7)),
        make_actor("Ismail Haniyeh"),
        text="Haniyeh said the talks would resume on Thursday.",
        stated_on=dt.date(2024, 2, 7),
    )
    march = make_claim(
        make_article(published_on=dt.date(2024, 3, 4)),
        make_actor("Antony Blinken"),
        text="Blinken said a deal was within reach.",
        stated_on=dt.date(2024, 3, 4),
    )
    return february, march


def made_again(response) -> bool:
    return bool(response.templates)


def test_a_page_is_served_as_made_after_a_change_to_something_it_does_not_show(client, two_months):
    february, march = two_months
    first = client.get(FEBRUARY)
    assert made_again(first)
    march.text = "Blinken said a deal was close."
    march.save()  # moves the revision on
    second = client.get(FEBRUARY)
    assert second.status_code == 200
    assert not made_again(second)
    assert second.content == first.content


def test_an_edit_to_an_entry_on_the_page_is_shown_at_once(client, two_months):
    february, _ = two_months
    client.get(FEBRUARY)
    february.text = "Haniyeh said the talks were over."
    february.save()
    response = client.get(FEBRUARY)
    assert made_again(response)
    assert "the talks were over" in response.content.decode()
    assert "would resume on Thursday" not in response.content.decode()


def test_a_claim_added_to_the_view_changes_its_count_at_once(client, two_months):
    february, _ = two_months
    assert "1 entry" in client.get(FEBRUARY).content.decode()
    make_claim(february.article, february.speaker, stated_on=dt.date(2024, 2, 20))
    assert "2 entries" in client.get(FEBRUARY).content.decode()


def test_a_renamed_speaker_is_shown_at_once(client, two_months):
    february, _ = two_months
    client.get(FEBRUARY)
    speaker = february.speaker
    speaker.name = "Ismail Haniya"
    speaker.save()
    assert "Ismail Haniya<" in client.get(FEBRUARY).content.decode()


def test_a_change_written_without_signals_is_shown_once_the_revision_moves(client, two_months):
    february, _ = two_months
    client.get(FEBRUARY)
    Claim.objects.filter(pk=february.pk).update(status=Claim.Status.REJECTED)
    revision.changed()  # as every bulk writer does
    assert "would resume on Thursday" not in client.get(FEBRUARY).content.decode()


def test_the_check_stops_at_the_first_query_that_returns_other_rows(client, two_months):
    client.get(FEBRUARY)
    address = f"http://testserver{FEBRUARY}"
    recipe = page_cache.recipes().get(page_cache.recipe_key(address))
    assert len(recipe.steps) > 2
    assert page_cache.still_current(address, recipe.token)
    spoiled = recipe._replace(rows=[[("not", "these")], *recipe.rows[1:]])
    page_cache.recipes().set(page_cache.recipe_key(address), spoiled)
    with CaptureQueriesContext(connection) as run:
        assert not page_cache.still_current(address, recipe.token)
    assert len(run) == 1


def test_a_recipe_serves_only_the_page_it_made(client, two_months):
    _, march = two_months
    client.get(FEBRUARY)
    address = f"http://testserver{FEBRUARY}"
    recipe = page_cache.recipes().get(page_cache.recipe_key(address))
    assert not page_cache.still_current(address, "another page's token")
    kept = cache.get(page_cache.page_key(address))
    cache.set(page_cache.page_key(address), kept._replace(token="another page's token"))
    march.save()
    assert made_again(client.get(FEBRUARY))
    assert page_cache.recipes().get(page_cache.recipe_key(address)).token != recipe.token


def test_a_page_keeps_one_copy_whatever_the_changes(client, two_months):
    _, march = two_months
    client.get(FEBRUARY)
    pages = len(cache._cache)  # the entries of LocMemCache, the cache the settings use
    for _ in range(3):
        march.save()
        client.get(FEBRUARY)
    assert len(cache._cache) == pages


def test_a_page_that_was_not_found_is_found_once_it_exists(client):
    revision.changed()
    assert client.get("/actors/ismail-haniyeh/").status_code == 404
    make_actor("Ismail Haniyeh")
    assert client.get("/actors/ismail-haniyeh/").status_code == 200


def test_the_view_reads_the_rows_the_recorder_read_ahead_in_any_chunk_size():
    make_actor("Ismail Haniyeh")
    make_actor("Antony Blinken")
    make_actor("Benjamin Netanyahu")
    recorder = page_cache.Recorder()
    with recorder.recording(), connection.cursor() as cursor:
        cursor.execute("SELECT name FROM tracker_actor ORDER BY name")
        first = cursor.fetchone()
        rest = cursor.fetchmany(1) + cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM tracker_actor")  # the same cursor again
        count = cursor.fetchone()
    assert [first, *rest] == [("Antony Blinken",), ("Benjamin Netanyahu",), ("Ismail Haniyeh",)]
    assert count == (3,)
    assert recorder.rows == [[first, *rest], [count]]
    assert recorder.replayable


def test_a_view_that_writes_gets_no_recipe():
    recorder = page_cache.Recorder()
    with recorder.recording(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("UPDATE tracker_revision SET number = number WHERE id = 1")
    assert not recorder.replayable


def test_a_write_that_starts_as_a_read_does_gets_no_recipe():
    recorder = page_cache.Recorder()
    with recorder.recording(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute(
            "WITH one AS (SELECT 1) UPDATE tracker_revision SET number = number WHERE id = 1"
        )
    assert not recorder.replayable


def test_queries_kept_apart_from_the_recipe_are_not_recorded():
    recorder = page_cache.Recorder()
    with recorder.recording(), connection.cursor() as cursor:
        with page_cache.unrecorded():
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    assert [sql for sql, _ in recorder.steps] == ["SELECT 2"]


def test_a_recipe_keeps_its_queries_with_named_parameters_and_they_replay_alike():
    recorder = page_cache.Recorder()
    sql = "SELECT %s || '%%', %s, '%%s'"
    with recorder.recording(), connection.cursor() as cursor:
        cursor.execute(sql, ["a", 2])
        made = cursor.fetchall()
    [(named, params)] = recorder.steps
    assert named == "SELECT %(p0)s || '%%', %(p1)s, '%%s'"
    assert params == {"p0": "a", "p1": 2}
    with connection.cursor() as cursor:
        cursor.execute(named, params)
        assert cursor.fetchall() == made == [("a%", 2, "%s")]


@pytest.mark.parametrize("params", [["a"], ["a", "b", "c"]])
def test_a_query_whose_placeholders_do_not_match_its_parameters_gets_no_recipe(params):
    assert page_cache._named("SELECT %s, %s", params) is None


def test_an_editor_signed_in_never_gets_a_kept_page(admin_client, two_months):
    february, march = two_months
    admin_client.get(FEBRUARY)
    march.save()
    assert made_again(admin_client.get(FEBRUARY))


def test_a_page_is_made_anew_once_it_is_as_old_as_the_cache_keeps_pages(
    client, two_months, settings
):
    _, march = two_months
    client.get(FEBRUARY)
    key = page_cache.page_key(f"http://testserver{FEBRUARY}")
    kept = cache.get(key)
    cache.set(key, kept._replace(made_at=kept.made_at - settings.PAGE_CACHE_SECONDS))
    march.save()
    assert made_again(client.get(FEBRUARY))
    march.save()
    assert not made_again(client.get(FEBRUARY))


def test_a_page_that_reads_too_many_rows_gets_no_recipe(client, two_months, monkeypatch):
    monkeypatch.setattr(page_cache, "MAX_RECIPE_ROWS", 1)
    assert client.get(FEBRUARY).status_code == 200
    assert page_cache.recipes().get(page_cache.recipe_key(f"http://testserver{FEBRUARY}")) is None
    two_months[1].save()
    assert made_again(client.get(FEBRUARY))
