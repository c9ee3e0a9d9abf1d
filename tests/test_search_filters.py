"""Words, status and article filters: the same in every output."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker.models import Alias, Claim

pytestmark = pytest.mark.django_db
JSON = reverse("tracker:timeline_json")


def texts(client, **params):
    return [e["text"] for e in client.get(JSON, params).json()["entries"]]


def test_words_match_text_quote_names_and_titles():
    speaker = make_actor("Antony Blinken")
    Alias.objects.create(actor=speaker, name="Mr Blinken")
    article = make_article(title="Ceasefire talks in Cairo")
    make_claim(article=article, speaker=speaker, text="The talks were useful.", quote="useful")
    make_claim(article=make_article(title="Other"), text="Nothing about anything.")
    make_claim(
        article=make_article(title="Other"),
        text="A quote follows.",
        quote="hostages must come home",
    )
    assert texts_from(["Cairo"]) == ["The talks were useful."]
    assert texts_from(["blinken"]) == ["The talks were useful."]
    assert texts_from(["hostages", "home"]) == ["A quote follows."]
    assert texts_from(["hostages", "Cairo"]) == []


def texts_from(words):
    from django.test import Client

    return texts(Client(), q=" ".join(words))


def test_words_find_events_by_title_and_actor():
    hamas = make_actor("Hamas", kind="group")
    make_event(title="Hamas’s October 7 attack", actors=[hamas])
    make_event(title="Elections", occurred_on=dt.date(2024, 1, 13))
    assert texts_from(["attack"]) == ["Hamas’s October 7 attack"]
    assert texts_from(["hamas"]) == ["Hamas’s October 7 attack"]


def test_verified_only_shows_editors_claims_and_no_events(client):
    make_claim(text="Checked.", status=Claim.Status.VERIFIED)
    make_claim(text="Not yet.")
    make_event()
    assert texts(client, status="verified") == ["Checked."]
    assert len(texts(client, status="all")) == 3


def test_article_filter_shows_what_appears_in_that_article(client, seeded):
    other = make_article(title="Another article")
    make_claim(article=other, text="Elsewhere.")
    found = texts(client, article=seeded.pk)
    assert found and len(found) == seeded.appearances.count() + seeded.mentioned_events.count()
    assert "Elsewhere." not in found
    assert texts(client, article=other.pk) == ["Elsewhere."]


def test_an_unknown_article_is_a_bad_value(client, seeded):
    assert client.get(JSON, {"article": seeded.pk + 1000}).status_code == 400


def test_chips_remove_one_filter_each(client, seeded):
    response = client.get(
        reverse("tracker:timeline"), {"actor": ["joe-biden", "antony-blinken"], "kind": "quote"}
    )
    chips = {chip["label"]: chip["query"] for chip in response.context["chips"]}
    assert chips["Actor: Joe Biden"] == "actor=antony-blinken&kind=quote"
    assert chips["Kind: quote"] == "actor=joe-biden&actor=antony-blinken"
    html = response.content.decode()
    assert 'aria-label="Remove filter Actor: Joe Biden"' in html


def test_the_density_strip_links_each_month_to_its_view(client):
    article = make_article()
    make_claim(article=article, stated_on=dt.date(2024, 1, 5))
    make_claim(article=article, stated_on=dt.date(2024, 3, 5))
    make_claim(article=article, stated_on=dt.date(2024, 3, 9))
    response = client.get(reverse("tracker:timeline"), {"kind": "reported"})
    bars = response.context["density"]
    assert [(b.month.isoformat(), b.count) for b in bars] == [
        ("2024-01-01", 1),
        ("2024-02-01", 0),
        ("2024-03-01", 2),
    ]
    assert bars[2].query == "kind=reported&date_after=2024-03-01&date_before=2024-03-31"
    assert (
        'href="?kind=reported&amp;date_after=2024-03-01&amp;date_before=2024-03-31"'
        in response.content.decode()
    )


def test_the_density_strip_counts_the_views_claims_and_events_together(client):
    speaker = make_actor("Antony Blinken")
    article = make_article()
    make_claim(article=article, speaker=speaker, stated_on=dt.date(2023, 12, 31))
    make_claim(article=article, speaker=speaker, stated_on=dt.date(2024, 2, 29))
    make_claim(article=article, stated_on=dt.date(2024, 2, 1))
    make_event(article=article, actors=[speaker], occurred_on=dt.date(2024, 2, 10))
    make_event(article=article, occurred_on=dt.date(2023, 12, 1))

    def strip(**params):
        bars = client.get(reverse("tracker:timeline"), params).context["density"]
        return [(bar.month.isoformat(), bar.count) for bar in bars]

    assert strip() == [("2023-12-01", 2), ("2024-01-01", 0), ("2024-02-01", 3)]
    assert strip(actor="antony-blinken") == [
        ("2023-12-01", 1),
        ("2024-01-01", 0),
        ("2024-02-01", 2),
    ]
    assert strip(kind="event") == [("2023-12-01", 1), ("2024-01-01", 0), ("2024-02-01", 1)]
    assert strip(kind="quote") == []  # no entries, no strip
