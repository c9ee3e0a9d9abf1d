"""The actor picker lists the actors quoted most lately, not every actor, and
finds any other by name through /actors/names.json."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim
from tracker import picker
from tracker.models import Alias

pytestmark = pytest.mark.django_db
TIMELINE = reverse("tracker:timeline")
NAMES = reverse("tracker:actor_names")


def listed(client, **params) -> list[tuple[str, bool]]:
    """(slug, chosen) for each option of the page's actor picker."""
    html = client.get(TIMELINE, params).content.decode()
    select = html[html.index('<select name="actor"') : html.index("</select>")]
    return [
        (slug, bool(chosen))
        for chosen, slug in re.findall(r'<option (selected )?value="([^"]+)"', select)
    ]


@pytest.fixture
def cast(monkeypatch):
    """Three speakers: one quoted three times lately, one twice, one once
    long ago; the page lists two."""
    monkeypatch.setattr(picker, "LISTED", 2)
    article = make_article()
    lately = dt.date(2024, 2, 7)
    often = make_actor("Zara Often")
    sometimes = make_actor("Ada Sometimes")
    once = make_actor("Mo Once")
    for day in range(3):
        make_claim(article=article, speaker=often, stated_on=lately - dt.timedelta(days=day))
    for day in range(2):
        make_claim(article=article, speaker=sometimes, stated_on=lately - dt.timedelta(days=day))
    make_claim(article=article, speaker=once, stated_on=dt.date(2019, 1, 1))
    return often, sometimes, once


def test_the_page_lists_the_actors_quoted_most_lately_by_name(client, cast):
    often, sometimes, once = cast
    assert listed(client) == [(sometimes.slug, False), (often.slug, False)]


def test_a_chosen_actor_is_shown_chosen_even_when_not_listed(client, cast):
    often, sometimes, once = cast
    options = listed(client, actor=[once.slug, often.slug])
    assert (once.slug, True) in options
    assert (often.slug, True) in options
    assert (sometimes.slug, False) in options
    assert len(options) == 3


def test_the_list_is_made_again_when_an_actor_changes(client, cast):
    often, sometimes, once = cast
    listed(client)
    once.name = "Mo Renamed"
    once.save()
    make_claim(speaker=once, stated_on=dt.date(2024, 2, 8))
    make_claim(speaker=once, stated_on=dt.date(2024, 2, 8))
    make_claim(speaker=once, stated_on=dt.date(2024, 2, 8))
    assert once.slug in [slug for slug, _ in listed(client)]


def test_a_page_with_thousands_of_actors_lists_only_a_few(client, monkeypatch):
    article = make_article()
    for number in range(picker.LISTED + 40):
        make_claim(article=article, speaker=make_actor(f"Speaker {number}"))
    assert len(listed(client)) == picker.LISTED


def test_any_actor_is_found_by_any_of_its_names_case_and_accents_ignored(client):
    netanyahu = make_actor("Benjamin Netanyahu", description="Israeli prime minister")
    Alias.objects.create(actor=netanyahu, name="Bibi")
    make_actor("Benjamin Franklin")
    make_actor("Yahya Sinwar")

    def found(words):
        response = client.get(NAMES, {"q": words})
        assert response.status_code == 200
        return [actor["slug"] for actor in response.json()["actors"]]

    assert found("NETANY") == [netanyahu.slug]
    assert found("bíbi") == [netanyahu.slug]
    assert found("benjamin") == ["benjamin-franklin", netanyahu.slug]
    assert found("nobody of that name") == []
    assert found("   ") == []
    first = client.get(NAMES, {"q": "netanyahu"}).json()["actors"][0]
    assert first == {
        "slug": netanyahu.slug,
        "name": "Benjamin Netanyahu",
        "description": "Israeli prime minister",
    }


def test_the_name_search_gives_at_most_twenty_actors(client):
    for number in range(picker.MAX_MATCHES + 5):
        make_actor(f"Envoy {number:02d}")
    actors = client.get(NAMES, {"q": "envoy"}).json()["actors"]
    assert len(actors) == picker.MAX_MATCHES
    assert actors[0]["name"] == "Envoy 00"


def test_the_name_search_refuses_a_nul_character_with_a_clear_error(client):
    response = client.get(NAMES, {"q": "net\x00anyahu"})
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"]["q"][0]
