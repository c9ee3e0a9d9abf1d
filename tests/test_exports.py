"""Every output of the timeline takes the same query string: JSON, CSV, Atom,
TimelineJS. Bad values give a 400 with the reason, never a server error."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse, set_script_prefix

from tests.conftest import make_actor, make_article, make_claim, make_event

pytestmark = pytest.mark.django_db
JSON = reverse("tracker:timeline_json")
CSV = reverse("tracker:timeline_csv")
ATOM = reverse("tracker:timeline_atom")
TIMELINEJS = reverse("tracker:timeline_timelinejs")
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_json_has_every_field_and_links(client, seeded):
    data = client.get(JSON).json()
    assert data["count"] == len(data["entries"]) > 0
    quote = next(e for e in data["entries"] if e["kind"] == "quote")
    assert quote["speaker"]["name"] == "Antony Blinken"
    assert quote["speaker"]["url"].endswith("/actors/antony-blinken/")
    assert quote["article"]["url"].startswith("http://testserver/articles/")
    assert quote["url"].endswith(f"#{quote['id']}")
    figure = next(
        e for e in data["entries"] if e["kind"] == "figure" and e["figure"]["value"] == 27000
    )
    assert figure["figure"]["qualifier"] == "more than"
    event = next(e for e in data["entries"] if e["kind"] == "event")
    assert event["date"] == "2023-10-07" and event["actors"][0]["name"] == "Hamas"


@pytest.mark.parametrize("url", [JSON, CSV, TIMELINEJS, ATOM, reverse("tracker:timeline")])
def test_every_output_honours_the_same_filters(client, seeded, url):
    response = client.get(url, {"actor": "joe-biden", "kind": "reported"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert "a little over the top" in text
    assert "There’s a lot of work to be done" not in text
    assert "27,000" not in text


@pytest.mark.parametrize(
    "url, params",
    [
        (JSON, {"date_after": "2024-13-01"}),
        (CSV, {"actor": "nobody"}),
        (TIMELINEJS, {"kind": "rumour"}),
        (ATOM, {"status": "maybe"}),
        (JSON, {"article": "not-a-number"}),
        (CSV, {"date_after": "2024-03-01", "date_before": "2024-01-01"}),
    ],
)
def test_bad_values_give_a_400_with_the_reason(client, seeded, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.strip()


def test_json_pages_through_large_views(client):
    article = make_article()
    for day in range(1, 29):
        for _ in range(5):
            make_claim(article=article, stated_on=dt.date(2024, 1, day))
    first = client.get(JSON).json()
    assert (first["count"], first["count_is_exact"], len(first["entries"])) == (140, True, 100)
    second = client.get(first["next"]).json()
    assert len(second["entries"]) == 40 and second["previous"] and second["next"] is None
    ids = [e["id"] for e in first["entries"] + second["entries"]]
    assert len(set(ids)) == 140


def test_csv_streams_every_row_and_escapes_formulas(client):
    actor = make_actor('=HYPERLINK("http://evil")')
    make_claim(speaker=actor, text="+1 to that", quote="@everyone listen")
    make_claim(text="-5 degrees", stated_on=dt.date(2024, 1, 2))
    response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["text"]: row for row in csv_rows(response)}
    assert set(rows) == {"'+1 to that", "'-5 degrees"}
    assert rows["'+1 to that"]["speaker"].startswith("'=")
    assert rows["'+1 to that"]["quote"] == "'@everyone listen"


def test_atom_is_newest_first_and_valid_xml(client, seeded):
    response = client.get(ATOM)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(b"".join(response.streaming_content))
    updated = [e.find("a:updated", ATOM_NS).text for e in root.findall("a:entry", ATOM_NS)]
    assert updated and updated == sorted(updated, reverse=True)


def test_an_actor_has_its_own_feed(client, seeded):
    response = client.get(reverse("tracker:actor_feed", args=["joe-biden"]))
    root = ET.fromstring(b"".join(response.streaming_content))
    titles = [e.find("a:title", ATOM_NS).text for e in root.findall("a:entry", ATOM_NS)]
    assert titles and all(t.startswith("Joe Biden") for t in titles)
    assert client.get(reverse("tracker:actor_feed", args=["nobody"])).status_code == 404


def test_timelinejs_format_with_dates_at_their_precision(client):
    article = make_article()
    make_claim(article=article, text="Known to the day.", stated_on=dt.date(2024, 2, 7))
    make_claim(
        article=article,
        text="Known to the month.",
        stated_on=dt.date(2024, 1, 1),
        stated_precision="month",
    )
    make_event(
        article=article,
        title="<script>alert(1)</script>",
        occurred_on=dt.date(2023, 1, 1),
        precision="year",
    )
    data = client.get(TIMELINEJS).json()
    dates = [e["start_date"] for e in data["events"]]
    assert {"year": 2023} in dates
    assert {"year": 2024, "month": 1} in dates
    assert {"year": 2024, "month": 2, "day": 7} in dates
    event = next(e for e in data["events"] if e["start_date"] == {"year": 2023})
    assert "<script>" not in event["text"]["headline"]
    assert "&lt;script&gt;" in event["text"]["headline"]


@pytest.mark.parametrize("url", [JSON, CSV, ATOM, TIMELINEJS, reverse("tracker:timeline")])
def test_every_output_links_to_the_others(client, seeded, url):
    response = client.get(url, {"actor": "joe-biden"})
    links = response["Link"]
    assert links.count('rel="alternate"') == 4
    assert "actor=joe-biden" in links


def test_the_page_offers_the_exports_of_what_is_on_screen(client, seeded):
    html = client.get(reverse("tracker:timeline"), {"kind": "figure"}).content.decode()
    assert 'href="/timeline.csv?kind=figure"' in html
    assert 'href="/timeline.json?kind=figure"' in html


def test_each_view_keeps_its_own_links_to_the_other_formats(client, seeded):
    figures = client.get("/", {"kind": "figure"}).content.decode()
    quotes = client.get("/", {"kind": "quote"}).content.decode()

    head = '<link rel="alternate" type="application/json" href="/timeline.json?kind={}"'
    export = '<a href="/timeline.csv?kind={}" type="text/csv">'
    for html, kind, other in ((figures, "figure", "quote"), (quotes, "quote", "figure")):
        assert head.format(kind) in html and export.format(kind) in html
        assert head.format(other) not in html and export.format(other) not in html


def test_the_exports_follow_the_script_prefix_the_site_is_served_at(client, seeded):
    # The test client leaves the prefix alone; a WSGI server sets it from
    # SCRIPT_NAME.
    set_script_prefix("/news/")
    try:
        under_news = client.get("/", {"kind": "figure"}, SCRIPT_NAME="/news")
    finally:
        set_script_prefix("/")
    at_root = client.get("/", {"kind": "figure"})

    assert 'href="/news/timeline.csv?kind=figure"' in under_news.content.decode()
    assert "<http://testserver/news/timeline.json?kind=figure>" in under_news["Link"]
    assert 'href="/timeline.csv?kind=figure"' in at_root.content.decode()
    assert "/news/" not in at_root["Link"]


def test_the_actor_page_exports_that_actors_timeline(client, seeded):
    response = client.get(reverse("tracker:actor", args=["joe-biden"]))
    assert "/timeline.csv?actor=joe-biden" in response.content.decode()
    assert "actor=joe-biden" in response["Link"]


def test_exports_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    article = make_article()
    actors = [make_actor() for _ in range(4)]
    for i in range(300):
        make_claim(article=article, speaker=actors[i % 4], stated_on=dt.date(2024, 1, 1 + i % 28))
    for _ in range(20):
        make_event(article=article, actors=actors[:2])
    # the data revision (pages are cached under it), five for the page, one capped count
    with django_assert_max_num_queries(7):
        client.get(JSON)
    with django_assert_max_num_queries(5):  # five queries per 500 rows
        b"".join(client.get(CSV).streaming_content)
