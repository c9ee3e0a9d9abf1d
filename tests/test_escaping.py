"""Hostile text in articles, quotes and names shows as text on every page and
in every output, the admin and the JSON-LD included."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tracker.extraction import Document, extract
from tracker.ingest import store
from tracker.models import Actor, Alias, Claim

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
LINK = "javascript:alert(document.cookie)"
BODY = (
    f"Jane {SCRIPT} Doe said the plan {IMG} would fail.\n\n"
    f"“Visit {LINK} now {SCRIPT},” Mr Smith said.\n\n"
    f"More than 1,000 people {IMG} were killed."
)


@pytest.fixture
def hostile():
    article = store(
        extract(Document(dt.date(2024, 2, 7), BODY, title=f"Title {SCRIPT}{IMG}"))
    ).article
    actor = Actor.objects.create(name=f"Evil {SCRIPT}", kind="person", description=IMG)
    Alias.objects.create(actor=actor, name=f"Alias {IMG}")
    Claim.objects.create(
        article=article, speaker=actor, kind="quote", text=f"{SCRIPT} {IMG} {LINK}", quote=SCRIPT,
        start=0, end=4, stated_on=dt.date(2024, 2, 7), figure_subject=IMG,
    )  # fmt: skip
    return article, actor


def assert_inert(html: str):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()


@pytest.mark.parametrize(
    "path",
    ["/", "/?q=script", "/figures/", "/actors/", "/timeline.atom", "/timeline/timelinejs.json"],
)
def test_pages_and_feeds_show_hostile_text_as_text(client, hostile, path):
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert_inert(body.decode())


@pytest.mark.parametrize(
    "path, content_type", [("/timeline.json", "application/json"), ("/timeline.csv", "text/csv")]
)
def test_data_outputs_carry_the_words_verbatim_as_data(client, hostile, path, content_type):
    """JSON and CSV hold the text exactly as written, for the reader's own
    tools to escape, and are never sniffed as HTML."""
    response = client.get(path)
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SCRIPT in body.decode()


def test_article_and_actor_pages(client, hostile):
    article, actor = hostile
    for url in (
        article.get_absolute_url(),
        actor.get_absolute_url(),
        f"{actor.get_absolute_url()}feed.atom",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert_inert(body.decode())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_json_ld_is_data_not_markup(client, hostile):
    html = client.get("/").content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block
    names = [item["author"]["name"] for item in json.loads(block)["@graph"] if "author" in item]
    assert f"Evil {SCRIPT}" in names


def test_the_admin_shows_hostile_text_as_text(client, hostile):
    article, actor = hostile
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "a-long-password-1"))
    claim = Claim.objects.filter(speaker=actor).first()
    for url in [
        reverse("admin:tracker_claim_changelist") + "?review=all",
        reverse("admin:tracker_claim_change", args=[claim.pk]),
        reverse("admin:tracker_actor_changelist"),
        reverse("admin:tracker_actor_change", args=[actor.pk]),
        reverse("admin:tracker_article_change", args=[article.pk]),
        reverse("admin:tracker_article_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(response.content.decode())
