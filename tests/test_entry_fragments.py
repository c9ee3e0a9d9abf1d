"""Timeline entries, the page's list of them, its density strip and its JSON
are made once per content and reused by later pages; whatever they show
changes, the page shows the change."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker import charts, fragments, revision, timeline, views
from tracker.models import Actor, Claim

pytestmark = pytest.mark.django_db
TIMELINE = reverse("tracker:timeline")
JSON = reverse("tracker:timeline_json")


def page(client, **params) -> str:
    return client.get(TIMELINE, params).content.decode()


def shown_entries(client) -> str:
    """The entries' part of the page (the actor picker names every actor)."""
    html = page(client)
    return html[html.index('<div class="timeline">') :]


def made_again(client, url=TIMELINE, **params) -> str:
    """The page made again by its view, with the parts kept by content still
    kept (a page checked against its recipe after a change elsewhere is not
    made again, so the kept pages and recipes are let go)."""
    caches["default"].clear()
    response = client.get(url, params)
    assert response.context is not None, "the page was served as it was kept"
    return response.content.decode()


def test_a_page_made_from_cached_entries_is_the_page_made_from_scratch(client, seeded, monkeypatch):
    from_scratch = page(client)

    def no_rendering(*args, **kwargs):
        raise AssertionError("an unchanged entry was rendered again")

    monkeypatch.setattr(fragments, "render_to_string", no_rendering)
    assert made_again(client) == from_scratch


def test_a_page_made_again_from_kept_parts_builds_no_entry_instances(client, monkeypatch):
    make_claim(speaker=make_actor("Antony Blinken"))
    event = make_event(title="Hostages released")
    event.actors.add(make_actor("Qatar", kind="country"))
    from_scratch = page(client)
    assert "Antony Blinken" in from_scratch and "Qatar" in from_scratch

    def not_built(*args, **kwargs):
        raise AssertionError("an entry's instances were built for a page made from kept parts")

    monkeypatch.setattr(timeline, "_built_claim", not_built)
    monkeypatch.setattr(timeline, "_built_event", not_built)
    assert made_again(client) == from_scratch
    with pytest.raises(AssertionError, match="instances were built"):
        made_again(client, order="newest")  # new parts: the entries are read


def test_entries_are_kept_once_per_content(client, seeded, monkeypatch):
    rendered = []
    render = fragments.render_to_string

    def counted(template, context):
        rendered.append(context["entry"].anchor)
        return render(template, context)

    monkeypatch.setattr(fragments, "render_to_string", counted)
    page(client)
    first = len(rendered)
    page(client, order="newest")  # the same entries, the other way round
    assert first > 0
    assert len(rendered) == first == len(set(rendered))


def test_an_edited_claim_shows_its_new_text(client):
    claim = make_claim(text="The minister said the talks would resume.")
    assert "talks would resume" in shown_entries(client)
    claim.text = "The minister said the talks had collapsed."
    claim.save()
    html = shown_entries(client)
    assert "talks had collapsed" in html
    assert "talks would resume" not in html


def test_a_renamed_speaker_shows_on_entries_that_did_not_change(client):
    speaker = make_actor("Antony Blinken")
    make_claim(speaker=speaker)
    assert "Antony Blinken" in shown_entries(client)
    Actor.objects.filter(pk=speaker.pk).update(name="Tony Blinken")
    revision.changed()
    assert "Tony Blinken" in shown_entries(client)


def test_a_retitled_article_shows_on_its_entries(client):
    article = make_article(title="Talks in Cairo")
    make_claim(article=article)
    assert "Talks in Cairo" in shown_entries(client)
    article.title = "Talks in Doha"
    article.save()
    assert "Talks in Doha" in shown_entries(client)


def test_an_event_shows_an_actor_added_to_it(client):
    event = make_event(title="Hostages released")
    assert "Qatar" not in shown_entries(client)
    event.actors.add(make_actor("Qatar", kind="country"))
    assert "Qatar" in shown_entries(client)


def test_a_verified_claim_is_marked_at_once(client):
    claim = make_claim()
    verified = '<span class="mark mark--verified">'
    assert verified not in shown_entries(client)
    claim.status = Claim.Status.VERIFIED
    claim.save()
    assert verified in shown_entries(client)


def test_the_json_made_from_kept_entries_is_the_json_made_from_scratch(client, seeded, monkeypatch):
    from_scratch = client.get(JSON).json()

    def not_built(*args, **kwargs):
        raise AssertionError("an entry's instances were built for entries kept as JSON")

    monkeypatch.setattr(timeline, "_built_claim", not_built)
    monkeypatch.setattr(timeline, "_built_event", not_built)
    caches["default"].clear()  # the response is made again, its entries from the parts kept
    assert client.get(JSON).json() == from_scratch


def test_the_json_shows_a_change_to_an_entry_at_once(client):
    speaker = make_actor("Antony Blinken")
    claim = make_claim(speaker=speaker, text="The minister said the talks would resume.")
    assert client.get(JSON).json()["entries"][0]["text"] == claim.text
    Actor.objects.filter(pk=speaker.pk).update(name="Tony Blinken")
    Claim.objects.filter(pk=claim.pk).update(text="The minister said the talks had collapsed.")
    revision.changed()
    entry = client.get(JSON).json()["entries"][0]
    assert entry["text"] == "The minister said the talks had collapsed."
    assert entry["speaker"]["name"] == "Tony Blinken"


def test_the_page_shows_a_density_strip_for_the_new_counts(client):
    make_claim(stated_on=dt.date(2024, 1, 5))
    make_claim(stated_on=dt.date(2024, 3, 5))
    assert "March 2024: 1 entry" in page(client)
    make_claim(stated_on=dt.date(2024, 3, 9))
    assert "March 2024: 2 entries" in page(client)


def test_a_kept_density_strip_is_not_drawn_again(client, monkeypatch):
    make_claim(stated_on=dt.date(2024, 1, 5))
    make_claim(stated_on=dt.date(2024, 3, 5))
    drawn, draw = [], charts.Strip.bars.func
    monkeypatch.setattr(charts.Strip, "bars", property(lambda s: drawn.append(1) or draw(s)))
    assert "March 2024: 1 entry" in made_again(client)
    assert drawn
    drawn.clear()
    assert "March 2024: 1 entry" in made_again(client)
    assert not drawn
    make_claim(stated_on=dt.date(2024, 3, 9))
    assert "March 2024: 2 entries" in made_again(client)
    assert drawn


def test_a_kept_list_of_entries_is_not_grouped_under_headings_again(client, monkeypatch):
    make_claim(stated_on=dt.date(2024, 1, 5))
    grouped, group = [], views.group
    monkeypatch.setattr(views, "group", lambda entries: grouped.append(1) or group(entries))
    january, march = (f'<h3 class="month__heading">{m} 2024</h3>' for m in ("January", "March"))
    assert january in made_again(client)
    assert grouped
    grouped.clear()
    assert january in made_again(client)
    assert not grouped
    make_claim(stated_on=dt.date(2024, 3, 9))
    assert march in made_again(client)
    assert grouped


def test_the_filter_form_shows_each_views_own_values(client):
    make_claim()
    assert 'value="ceasefire"' in page(client, q="ceasefire")
    html = page(client, q="hostages")
    assert 'value="hostages"' in html and 'value="ceasefire"' not in html
    assert "<legend>Kind</legend>" in page(client, q="hostages")
    figures = client.get(reverse("tracker:figures"), {"q": "hostages"}).content.decode()
    assert 'value="hostages"' in figures and "<legend>Kind</legend>" not in figures


def test_the_kept_site_header_marks_each_kind_of_page_as_current(client):
    for _ in range(2):  # made, then taken from the parts kept
        timeline_page = made_again(client)
        actors_page = made_again(client, reverse("tracker:actors"))
        assert '<a href="/" aria-current="page">Timeline</a>' in timeline_page
        assert 'aria-current="page">Actors</a>' not in timeline_page
        assert '<a href="/actors/" aria-current="page">Actors</a>' in actors_page
        assert 'aria-current="page">Timeline</a>' not in actors_page


def test_an_entry_made_from_instances_is_fingerprinted_by_what_it_shows():
    speaker = make_actor("Antony Blinken")
    claim = make_claim(speaker=speaker)

    def fingerprint() -> str:
        loaded = Claim.objects.select_related("speaker", "article").get(pk=claim.pk)
        return timeline.Entry(loaded.stated_on, loaded.stated_precision, claim=loaded).fingerprint

    before = fingerprint()
    assert fingerprint() == before
    Actor.objects.filter(pk=speaker.pk).update(name="Tony Blinken")
    assert fingerprint() != before
