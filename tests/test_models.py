"""Model basics: names, URLs, constraints, dates at their precision."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import set_script_prefix

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker.models import Actor, Alias
from tracker.templatetags.tracker_tags import fuzzy_date, iso_at_precision, mark_quotes

pytestmark = pytest.mark.django_db


def test_models_say_what_they_are_and_where_they_live():
    article = make_article(title="Talks stall")
    actor = make_actor("Antony Blinken")
    claim = make_claim(article=article, speaker=actor, quote="a lot of work")
    event = make_event(article=article, title="Hamas’s October 7 attack")
    assert str(article) == "Talks stall"
    assert article.get_absolute_url() == f"/articles/{article.pk}/"
    assert str(actor) == "Antony Blinken"
    assert actor.get_absolute_url() == "/actors/antony-blinken/"
    assert str(claim) == "Antony Blinken: a lot of work"
    assert claim.get_absolute_url() == f"/articles/{article.pk}/#claim-{claim.pk}"
    assert str(event) == "Hamas’s October 7 attack"
    assert event.get_absolute_url() == f"/articles/{article.pk}/#event-{event.pk}"


def test_slugs_stay_unique():
    first = make_actor("John Smith")
    second = Actor.objects.create(name="John Smith", kind="person")
    assert (first.slug, second.slug) == ("john-smith", "john-smith-2")


def test_the_same_content_is_stored_once():
    make_article(sha256="a" * 64)
    with pytest.raises(IntegrityError):
        make_article(sha256="a" * 64)


def test_one_surface_form_names_one_actor():
    make_actor("Antony Blinken")
    other = Actor.objects.create(name="Someone", kind="person")
    with pytest.raises(IntegrityError):
        Alias.objects.create(actor=other, name="antony  BLINKEN")


def test_actors_are_found_by_any_form():
    actor = make_actor("United States", kind="country")
    Alias.objects.create(actor=actor, name="U.S.")
    assert Actor.objects.named("the US").get() == actor


@pytest.mark.parametrize(
    "precision, shown, machine",
    [
        ("day", "7 October 2023", "2023-10-07"),
        ("month", "October 2023", "2023-10"),
        ("year", "2023", "2023"),
    ],
)
def test_dates_are_shown_at_their_precision(precision, shown, machine):
    assert fuzzy_date(dt.date(2023, 10, 7), precision) == shown
    assert iso_at_precision(dt.date(2023, 10, 7), precision) == machine


def test_quoted_words_are_set_apart_and_everything_is_escaped():
    html = mark_quotes("He said <b>“a lot of work”</b> remains.", "a lot of work")
    assert html == 'He said &lt;b&gt;“<span class="quoted">a lot of work</span>”&lt;/b&gt; remains.'


def test_links_are_remembered_but_follow_the_script_prefix():
    claim = make_claim(speaker=make_actor("Antony Blinken"))
    at_root = (claim.get_absolute_url(), claim.speaker.get_absolute_url())
    set_script_prefix("/news/")
    try:
        under_news = (claim.get_absolute_url(), claim.speaker.get_absolute_url())
    finally:
        set_script_prefix("/")

    assert at_root == (f"/articles/{claim.article_id}/#claim-{claim.pk}", "/actors/antony-blinken/")
    assert under_news == tuple(f"/news{path}" for path in at_root)
    assert (claim.get_absolute_url(), claim.speaker.get_absolute_url()) == at_root
