"""Each page runs a fixed number of queries, whatever the size of the
database and whatever the filters: the kinds of view `make bench` times
(tracker/bench.py chooses its own from the data it has), pinned here at two
sizes."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker import page_cache, revision
from tracker.models import Actor, Claim

pytestmark = pytest.mark.django_db

SMALL = ("--articles", "20", "--claims", "120", "--actors", "12")
LARGE = ("--articles", "120", "--claims", "1500", "--actors", "60")


def scenarios() -> dict[str, str]:
    """The benchmark's views, for whatever data is stored."""
    ranked = (
        Claim.objects.public()
        .exclude(speaker=None)
        .values_list("speaker__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__slug")
    )
    busy, rare = ranked.first()[0], ranked.last()[0]
    middle = Claim.objects.public().order_by("stated_on", "id")[Claim.objects.count() // 2]
    return {
        "first page": "/",
        "deep page": f"/?after={middle.stated_on}~claim~{middle.pk}",
        "busy actor": f"/?actor={busy}",
        "rare actor": f"/?actor={rare}",
        "date range": "/?date_after=2022-03-01&date_before=2022-03-31",
        "text search": "/?q=ceasefire",
        "json": "/timeline.json",
        "json deep": f"/timeline.json?after={middle.stated_on}~claim~{middle.pk}",
        "actor page": f"/actors/{busy}/",
    }


def queries(client, url: str) -> int:
    """Queries for one request of ``url`` after a change to what it shows:
    the cached page is no longer current and is made again (the actor
    picker, cached separately, is not)."""
    revision.changed()
    page_cache.recipes().delete(page_cache.recipe_key(f"http://testserver{url}"))
    with CaptureQueriesContext(connection) as run:
        assert client.get(url).status_code == 200, url
    return len(run)


def queries_per_scenario(client) -> dict[str, int]:
    client.get("/")  # the actor picker is rendered once, then cached
    return {name: queries(client, url) for name, url in scenarios().items()}


# Every page: the data revision, the actor picker's version, the claim keys,
# the event keys, the claims with speaker and article, the events with article
# and their actors (these two only when the page shows events), one capped
# count of claims and events, and, when the count is exact, the density
# strip's monthly counts. An actor filter reads its actors once; words add
# one estimate of how common they are (tracker/search.py), and common words
# on PostgreSQL one more (how common among events) and are estimated (two
# EXPLAINs) rather than counted. JSON has no
# picker and no strip; the actor's page adds the actor, its aliases and its
# neighbours.
MOST_QUERIES = {
    "first page": 9,
    "deep page": 9,
    "busy actor": 10,
    "rare actor": 10,
    "date range": 9,
    "text search": 11,
    "json": 7,
    "json deep": 7,
    "actor page": 13,
}


def test_no_page_runs_more_queries_on_a_larger_database(client):
    call_command("generate_data", *SMALL, verbosity=0)
    small = queries_per_scenario(client)
    call_command("generate_data", *LARGE, verbosity=0)
    larger = queries_per_scenario(client)
    for name, most in MOST_QUERIES.items():
        assert small[name] <= most and larger[name] <= most, name
    # the broad views show events and count exactly at both sizes: the same queries
    assert small["first page"] == larger["first page"] == MOST_QUERIES["first page"]
    assert small["date range"] == larger["date range"] == MOST_QUERIES["date range"]


def test_a_page_unchanged_since_it_was_made_costs_one_query(client):
    call_command("generate_data", *SMALL, verbosity=0)
    for url in scenarios().values():
        client.get(url)
        with CaptureQueriesContext(connection) as run:
            client.get(url)
        assert len(run) == 1, url  # the revision


def test_a_change_to_the_data_is_on_the_page_at_once(client):
    call_command("generate_data", *SMALL, verbosity=0)
    claim = Claim.objects.public().filter(kind="reported").order_by("stated_on", "id").first()
    Claim.objects.public().filter(stated_on__lt=claim.stated_on).update(status="rejected")
    revision.changed()
    assert claim.text in client.get("/").content.decode()
    claim.text = "The minister said everything had changed."
    claim.save()
    assert "everything had changed" in client.get("/").content.decode()
    Claim.objects.filter(pk=claim.pk).update(status="rejected")  # no signal
    revision.changed()  # as every bulk writer does
    assert "everything had changed" not in client.get("/").content.decode()


def test_after_a_change_elsewhere_a_page_runs_its_own_queries_again_and_no_more(client):
    call_command("generate_data", *SMALL, verbosity=0)
    made = queries_per_scenario(client)
    for name, url in scenarios().items():
        revision.changed()  # nothing this page shows changed
        with CaptureQueriesContext(connection) as run:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not response.templates, url  # served as it was made
        assert len(run) == made[name], url


def test_without_its_revision_row_a_page_is_made_every_time_and_never_cached(client):
    from tracker.models import Revision

    call_command("generate_data", *SMALL, verbosity=0)
    Revision.objects.all().delete()
    assert revision.current() is None
    client.get("/")
    claim = Claim.objects.public().order_by("stated_on", "id").first()
    Claim.objects.filter(pk=claim.pk).update(text="Changed without a signal.")
    assert "Changed without a signal." in client.get("/").content.decode()


def test_the_picker_is_rendered_once_and_again_only_when_an_actor_changes(client):
    call_command("generate_data", *SMALL, verbosity=0)
    html = client.get("/").content.decode()
    cached = queries(client, "/")
    listed = re.search(r'<option value="([^"]+)">', html).group(1)
    actor = Actor.objects.get(slug=listed)
    actor.name = "Aaron Renamed"
    actor.save()
    assert queries(client, "/") == cached + 1
    html = client.get("/").content.decode()
    assert f'<option value="{actor.slug}">Aaron Renamed</option>' in html


def test_the_admin_claim_list_runs_a_fixed_number_of_queries(admin_client):
    counts = []
    for size in (SMALL, LARGE):
        call_command("generate_data", *size, verbosity=0)
        admin_client.get(reverse("admin:tracker_claim_changelist"))
        with CaptureQueriesContext(connection) as run:
            assert admin_client.get(reverse("admin:tracker_claim_changelist")).status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1]
