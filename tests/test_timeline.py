"""The public timeline: filters, order, headings, precision, query counts."""

import datetime as dt
import re

import django_filters
import pytest
from django.http import QueryDict
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker.filters import TimelineFilter
from tracker.models import Claim
from tracker.timeline import TimelineView

pytestmark = pytest.mark.django_db
TIMELINE = reverse("tracker:timeline")


def test_it_shows_the_seed_articles_statements_and_figures(client, seeded):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Antony Blinken" in html
    assert "a little over the top" in html
    assert "more than 27,000" in html
    assert "Hamas’s October 7 attack" in html


def entries(response):
    return [
        e for y in response.context["years"]() for m in y.months for d in m.days for e in d.entries
    ]


def test_events_and_claims_are_interleaved_oldest_first(client, seeded):
    found = entries(client.get(TIMELINE))
    assert found[0].kind == "event" and found[0].date.isoformat() == "2023-10-07"
    assert [e.date for e in found] == sorted(e.date for e in found)


def test_newest_first_reverses_the_order(client, seeded):
    found = entries(client.get(TIMELINE, {"order": "newest"}))
    assert found[-1].kind == "event"
    assert [e.date for e in found] == sorted((e.date for e in found), reverse=True)


def test_headings_go_year_month_day(client, seeded):
    html = client.get(TIMELINE).content.decode()
    assert '<h2 id="year-2023-1" class="year__heading">2023</h2>' in html
    assert '<h3 class="month__heading">October 2023</h3>' in html
    assert '<h4 class="day__heading">7 February 2024</h4>' in html


def test_actor_filter_narrows_to_one_actor(client, seeded):
    response = client.get(TIMELINE, {"actor": "joe-biden"})
    claims = [e.claim for e in entries(response)]
    assert claims and {c.speaker.name for c in claims} == {"Joe Biden"}


def test_several_actors_mean_any_of_them(client, seeded):
    response = client.get(TIMELINE + "?actor=joe-biden&actor=benjamin-netanyahu")
    speakers = {e.claim.speaker.name for e in entries(response) if e.claim}
    assert speakers == {"Joe Biden", "Benjamin Netanyahu"}


def test_an_event_of_two_chosen_actors_is_shown_and_counted_once(client):
    qatar, egypt = make_actor("Qatar", kind="country"), make_actor("Egypt", kind="country")
    make_event(title="Mediators meet", actors=[qatar, egypt])
    make_event(title="Unrelated strike")
    response = client.get(TIMELINE, {"actor": [qatar.slug, egypt.slug]})
    assert [e.event.title for e in entries(response)] == ["Mediators meet"]
    assert response.context["count"].value == 1


def test_kind_filter_includes_events_only_when_asked(client, seeded):
    assert {e.kind for e in entries(client.get(TIMELINE, {"kind": "figure"}))} == {"figure"}
    assert {e.kind for e in entries(client.get(TIMELINE, {"kind": "event"}))} == {"event"}


def test_date_range_filters_claims_and_events(client, seeded):
    response = client.get(TIMELINE, {"date_after": "2024-01-01", "date_before": "2024-12-31"})
    kinds = {e.kind for e in entries(response)}
    assert "event" not in kinds and kinds


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_after": "2024-99-01"}, "Enter a date as YYYY-MM-DD."),
        ({"actor": "nobody-at-all"}, "Select a valid choice"),
        ({"kind": "gossip"}, "Select a valid choice"),
        (
            {"date_after": "2024-03-01", "date_before": "2024-01-01"},
            "The start date is after the end date.",
        ),
    ],
)
def test_bad_filter_values_get_a_clear_message_and_a_400(client, seeded, params, message):
    response = client.get(TIMELINE, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_rejected_claims_never_show(client):
    actor = make_actor("Jane Doe")
    make_claim(speaker=actor, text="Visible claim.")
    make_claim(speaker=actor, text="Rejected claim.", status=Claim.Status.REJECTED)
    html = client.get(TIMELINE).content.decode()
    assert "Visible claim." in html and "Rejected claim." not in html
    html = client.get(reverse("tracker:actor", args=[actor.slug])).content.decode()
    assert "Rejected claim." not in html


def test_a_date_known_to_the_month_is_shown_without_a_day(client):
    make_claim(text="A month-only claim.", stated_on=dt.date(2024, 1, 1), stated_precision="month")
    html = client.get(TIMELINE).content.decode()
    assert "January 2024" in html
    assert "1 January 2024" not in html
    assert 'datetime="2024-01"' in html


def test_pagination_keeps_the_filters(client, settings):
    settings.TIMELINE_PAGE_SIZE = 5
    actor = make_actor("Busy Person")
    article = make_article()
    for day in range(1, 13):
        make_claim(article=article, speaker=actor, stated_on=dt.date(2024, 1, day))
    make_claim(article=article, text="Someone else.")
    response = client.get(TIMELINE, {"actor": actor.slug})
    assert response.context["count"].value == 12
    next_query = response.context["pages"]["next"]
    assert next_query.startswith(f"actor={actor.slug}&after=")
    assert f"?actor={actor.slug}&amp;after=" in response.content.decode()
    second = client.get(f"{TIMELINE}?{next_query}")
    third = client.get(f"{TIMELINE}?{second.context['pages']['next']}")
    days = [e.date.day for r in (response, second, third) for e in entries(r)]
    assert days == list(range(1, 13))
    assert "next" not in third.context["pages"]
    back = client.get(f"{TIMELINE}?{third.context['pages']['previous']}")
    assert [e.date.day for e in entries(back)] == [6, 7, 8, 9, 10]


def test_newest_first_pages_go_back_in_time(client, settings):
    settings.TIMELINE_PAGE_SIZE = 4
    article = make_article()
    for day in range(1, 11):
        make_claim(article=article, stated_on=dt.date(2024, 1, day))
    make_event(article=article, occurred_on=dt.date(2024, 1, 5))
    first = client.get(TIMELINE, {"order": "newest"})
    second = client.get(f"{TIMELINE}?{first.context['pages']['next']}")
    third = client.get(f"{TIMELINE}?{second.context['pages']['next']}")
    seen = [(e.date.day, e.kind) for r in (first, second, third) for e in entries(r)]
    assert [d for d, _ in seen] == [10, 9, 8, 7, 6, 5, 5, 4, 3, 2, 1]
    assert seen[5:7] == [(5, "event"), (5, "reported")]  # events after claims, reversed


def test_a_broad_view_says_its_count_stops_at_the_cap(client, monkeypatch):
    monkeypatch.setattr("tracker.timeline.COUNT_CAP", 3)
    article = make_article()
    for day in range(1, 6):
        make_claim(article=article, stated_on=dt.date(2024, 1, day))
    response = client.get(TIMELINE)
    assert response.context["count"].exact is False
    assert "More than 3 entries" in response.content.decode()
    assert response.context["density"] == []


def test_odd_positions_fall_back_to_the_first_page(client):
    make_claim()
    for token in ("2024-13-01~claim~1", "x~y~z", "2024-01-01~claim~" + "9" * 40, ""):
        assert client.get(TIMELINE, {"after": token}).status_code == 200


def test_the_actor_page_shows_aliases_and_its_own_timeline(client, seeded):
    response = client.get(reverse("tracker:actor", args=["antony-blinken"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "US secretary of state" in html
    assert "Mr Blinken" in html
    speakers = {e.claim.speaker.name for e in entries(response) if e.claim}
    assert speakers == {"Antony Blinken"}


def test_an_unknown_actor_is_a_404(client, db):
    assert client.get(reverse("tracker:actor", args=["nobody"])).status_code == 404


def test_the_article_page_highlights_and_anchors_every_claim(client, seeded):
    response = client.get(seeded.get_absolute_url())
    html = response.content.decode()
    for claim in seeded.claims.all():
        assert f'id="claim-{claim.pk}"' in html
    assert '<mark class="hl hl--quote"' in html
    assert '<p class="caption">' in html


def test_a_timeline_entry_links_to_its_sentence_in_the_article(client, seeded):
    claim = seeded.claims.filter(kind="quote").first()
    html = client.get(TIMELINE).content.decode()
    assert f'href="/articles/{seeded.pk}/#claim-{claim.pk}"' in html


def test_the_actor_list_counts_public_claims(client, seeded):
    response = client.get(reverse("tracker:actors"))
    assert response.status_code == 200
    assert "Antony Blinken" in response.content.decode()


def test_past_the_cap_the_events_are_not_counted(client, monkeypatch):
    from tracker import search
    from tracker.models import Event

    monkeypatch.setattr("tracker.timeline.COUNT_CAP", 3)
    article = make_article()
    for day in range(1, 6):
        make_claim(article=article, stated_on=dt.date(2024, 1, day))
    make_event(article=article)
    make_event(article=article)
    claims, events = Claim.objects.public(), Event.objects.all()
    assert search.capped_counts(claims, events, 3) == (4, None)
    assert search.capped_counts(claims, events, 10) == (5, 2)
    assert search.capped_counts(claims.none(), events, 3) == (0, 2)
    assert search.capped_counts(claims, events.none(), 10) == (5, 0)
    data = client.get(reverse("tracker:timeline_json")).json()
    assert (data["count"], data["count_is_exact"]) == (3, False)
    narrowed = client.get(reverse("tracker:timeline_json"), {"date_after": "2024-01-04"}).json()
    assert (narrowed["count"], narrowed["count_is_exact"]) == (2, True)


def test_a_view_filters_its_entries_without_copying_the_filters():
    article = make_article()
    figure = make_claim(article=article, kind=Claim.Kind.FIGURE)
    make_claim(article=article, kind=Claim.Kind.QUOTE)
    view = TimelineView.build(QueryDict("kind=figure"))

    assert [entry.pk for entry in view.window().entries] == [figure.pk]
    assert view.count().value == 1
    assert "filters" not in vars(view.filter)  # never copied
    # ...and copied, each filter knowing its FilterSet, when something asks
    assert all(f.parent is view.filter for f in view.filter.filters.values())


def test_a_filter_without_a_method_filters_by_its_lookup():
    class ByArticleNumber(TimelineFilter):
        article_number = django_filters.NumberFilter(field_name="article_id")

    wanted, other = make_article(), make_article()
    claim = make_claim(article=wanted)
    make_claim(article=other)
    claims = Claim.objects.public()

    chosen = ByArticleNumber(QueryDict(f"article_number={wanted.pk}"), queryset=claims)

    assert [c.pk for c in chosen.qs] == [claim.pk]


def test_two_views_share_their_forms_fields_and_keep_their_own_values(client):
    words = TimelineView.build(QueryDict("q=ceasefire&kind=quote"))
    other_words = TimelineView.build(QueryDict("q=hostages"))

    assert words.filter.form.fields["q"] is other_words.filter.form.fields["q"]
    assert words.filter.form.cleaned_data["q"] == "ceasefire"
    assert other_words.filter.form.cleaned_data["q"] == "hostages"
    assert other_words.filter.form.cleaned_data["kind"] == []
    # and each page's form shows its own values, once the other's was drawn
    first = client.get(TIMELINE, {"q": "ceasefire", "kind": "quote"}).content.decode()
    second = client.get(TIMELINE, {"q": "hostages"}).content.decode()
    assert "checked" in quote_box(first) and 'value="ceasefire"' in first
    assert "checked" not in quote_box(second) and 'value="hostages"' in second


def quote_box(html: str) -> str:
    return re.search(r'<input type="checkbox" name="kind" value="quote"[^>]*>', html)[0]
