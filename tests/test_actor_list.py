"""The actor list: by name, a hundred a page, narrowed by a name, each actor's
public claims counted up to a cap; and the actor page's companions."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim
from tracker import views
from tracker.models import Actor, Alias
from tracker.rows import Compiled, CompiledPages

pytestmark = pytest.mark.django_db
ACTORS = reverse("tracker:actors")


def test_it_lists_actors_by_name_a_hundred_a_page(client):
    for number in range(130):
        make_actor(f"Person {number:03d}")
    first = client.get(ACTORS).content.decode()
    assert "Person 000" in first and "Person 099" in first and "Person 100" not in first
    assert "page 1 of 2" in first
    second = client.get(ACTORS, {"page": 2}).content.decode()
    assert "Person 100" in second and "Person 129" in second
    assert client.get(ACTORS, {"page": "nonsense"}).status_code == 200


def test_a_name_narrows_the_list_by_any_alias(client):
    blinken = make_actor("Antony Blinken")
    Alias.objects.create(actor=blinken, name="Mr Blinken")
    make_actor("Benjamin Netanyahu")
    html = client.get(ACTORS, {"q": "mr blink"}).content.decode()
    assert "Antony Blinken" in html and "Netanyahu" not in html
    assert "No actor has a name containing" in client.get(ACTORS, {"q": "nobody"}).content.decode()
    assert client.get(ACTORS, {"q": "a\x00b"}).status_code == 400


def test_counts_leave_out_rejected_claims_and_stop_at_the_cap(client, monkeypatch):
    monkeypatch.setattr("tracker.views.ACTOR_COUNT_CAP", 3)
    busy, quiet = make_actor("Busy Speaker"), make_actor("Quiet Speaker")
    article = make_article()
    for _ in range(5):
        make_claim(article=article, speaker=busy)
    make_claim(article=article, speaker=quiet)
    make_claim(article=article, speaker=quiet, status="rejected")
    rows = {a.name: a.claim_count for a in client.get(ACTORS).context["actors"]()}
    assert rows == {"Busy Speaker": 4, "Quiet Speaker": 1}  # four: "more than three"
    assert "3+" in client.get(ACTORS).content.decode()


def test_the_actor_page_names_who_speaks_in_the_same_articles(client):
    blinken, netanyahu, sinwar = (make_actor(n) for n in ("Blinken", "Netanyahu", "Sinwar"))
    for _ in range(2):
        article = make_article()
        make_claim(article=article, speaker=blinken)
        make_claim(article=article, speaker=netanyahu)
    make_claim(article=make_article(), speaker=sinwar)
    companions = client.get(blinken.get_absolute_url()).context["companions"]
    assert [(a.name, a.shared) for a in companions] == [("Netanyahu", 2)]


def test_the_list_shows_a_renamed_actor_and_a_new_count_at_once(client):
    speaker = make_actor("Antony Blinken")
    make_claim(speaker=speaker)
    assert "Antony Blinken" in client.get(ACTORS).content.decode()
    speaker.name = "Tony Blinken"
    speaker.save()
    make_claim(speaker=speaker)
    html = client.get(ACTORS).content.decode()
    assert "Tony Blinken" in html and "Antony Blinken" not in html
    assert '<td class="num">2</td>' in html


def test_the_table_is_rendered_once_per_content(client, monkeypatch):
    make_actor("Antony Blinken")
    first = client.get(ACTORS).content.decode()
    caches["default"].clear()  # the page is made again, its table from the parts kept
    monkeypatch.setattr(Actor, "get_absolute_url", lambda actor: "/rendered-again/")
    again = client.get(ACTORS).content.decode()
    assert again == first
    assert "/rendered-again/" not in again


def test_a_kept_table_builds_no_actors(client, monkeypatch):
    make_actor("Antony Blinken")
    client.get(ACTORS)
    caches["default"].clear()  # the page is made again, its table from the parts kept

    def not_built(rows):
        raise AssertionError("actors were built for a table that was kept")

    monkeypatch.setattr("tracker.views._listed_actors", not_built)
    response = client.get(ACTORS)
    assert response.context is not None and "Antony Blinken" in response.content.decode()


def test_a_list_made_again_runs_the_statements_it_compiled_before(client, monkeypatch):
    for number in range(130):
        make_actor(f"Person {number:03d}")
    addresses = [ACTORS, f"{ACTORS}?page=2", f"{ACTORS}?q=person+12", f"{ACTORS}?q=nobody"]
    views.ACTOR_LIST_STATEMENTS.clear()
    compiled = [client.get(address).content for address in addresses]
    caches["default"].clear()

    def compiled_again(words):
        raise AssertionError(f"the list of actors named {words!r} was compiled again")

    monkeypatch.setattr("tracker.views._actors_named", compiled_again)
    assert [client.get(address).content for address in addresses] == compiled
    caches["default"].clear()
    with pytest.raises(AssertionError, match="compiled again"):
        client.get(ACTORS, {"q": "person 0"})


def test_kept_statements_read_the_data_as_it_is_now(client):
    make_actor("Person A")
    client.get(ACTORS, {"q": "person"})
    make_actor("Person B")
    html = client.get(ACTORS, {"q": "person"}).content.decode()
    assert "Person B" in html and "2 actors named" in html


def test_pages_are_read_a_slice_at_a_time(client):
    rows = CompiledPages(
        lambda: Actor.objects.values_list("name"), ("test",), Compiled(4), "default"
    )
    with pytest.raises(TypeError):
        rows[0]
    with pytest.raises(TypeError):
        rows[0:10:2]
    make_actor("Person A")
    assert (rows.count(), rows[0:10], rows[0:0]) == (1, [("Person A",)], [])
