"""The first admin: every model registered, changelists with bounded queries,
review actions that report how many claims changed."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def many_rows():
    """Hundreds of rows: 300 claims over 20 articles, 30 actors, 40 events."""
    articles = [make_article() for _ in range(20)]
    actors = [make_actor() for _ in range(30)]
    claims = [make_claim(article=articles[i % 20], speaker=actors[i % 30]) for i in range(300)]
    events = [make_event(article=articles[i % 20], actors=actors[:3]) for i in range(40)]
    return articles, actors, claims, events


@pytest.mark.parametrize("model", ["article", "actor", "claim", "event"])
def test_every_changelist_renders_with_a_bounded_number_of_queries(
    editor_client, many_rows, model, django_assert_max_num_queries
):
    url = reverse(f"admin:tracker_{model}_changelist")
    with django_assert_max_num_queries(14):
        response = editor_client.get(url)
    assert response.status_code == 200
    search = {"q": "minister", **({"review": "all"} if model == "claim" else {})}
    with django_assert_max_num_queries(14):
        assert editor_client.get(url, search).status_code == 200


@pytest.mark.parametrize(
    "model, page",
    [(m, "change") for m in ("article", "actor", "claim", "event")]
    # articles keep no history of their own; their claims do
    + [(m, "history") for m in ("actor", "claim", "event")],
)
def test_every_change_and_history_page_is_bounded_with_hundreds_of_rows(
    editor_client, many_rows, model, page, django_assert_max_num_queries
):
    articles, actors, claims, events = many_rows
    obj = {"article": articles[0], "actor": actors[0], "claim": claims[0], "event": events[0]}[
        model
    ]
    with django_assert_max_num_queries(25):
        response = editor_client.get(reverse(f"admin:tracker_{model}_{page}", args=[obj.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["article", "actor", "claim", "event"])
def test_every_change_page_renders(editor_client, seeded, model):
    from tracker.models import Actor, Event

    objects = {
        "article": seeded,
        "actor": Actor.objects.first(),
        "claim": seeded.claims.first(),
        "event": Event.objects.first(),
    }
    response = editor_client.get(reverse(f"admin:tracker_{model}_change", args=[objects[model].pk]))
    assert response.status_code == 200


def test_the_article_page_lists_its_claims_inline(editor_client, seeded):
    response = editor_client.get(reverse("admin:tracker_article_change", args=[seeded.pk]))
    assert "claims-TOTAL_FORMS" in response.content.decode()


@pytest.mark.parametrize(
    "action, status", [("mark_verified", "verified"), ("mark_rejected", "rejected")]
)
def test_review_actions_change_many_claims_and_say_how_many(editor_client, action, status):
    claims = [make_claim() for _ in range(3)]
    response = editor_client.post(
        reverse("admin:tracker_claim_changelist"),
        {"action": action, "_selected_action": [c.pk for c in claims[:2]]},
        follow=True,
    )
    assert f"2 claims marked {status}." in response.content.decode()
    assert Claim.objects.filter(status=status).count() == 2


def test_actors_can_be_found_by_any_alias(editor_client, seeded):
    response = editor_client.get(reverse("admin:tracker_actor_changelist"), {"q": "Mr Blinken"})
    assert "Antony Blinken" in response.content.decode()


def test_speaker_autocomplete_answers(editor_client, seeded):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "tracker", "model_name": "claim", "field_name": "speaker", "term": "Blink"},
    )
    assert response.status_code == 200
    assert "Antony Blinken" in response.content.decode()


def test_the_admin_needs_a_login(client):
    response = client.get(reverse("admin:tracker_claim_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_claim_search_uses_the_full_text_index(editor_client):
    blinken = make_actor("Antony Blinken")
    make_claim(speaker=blinken, text="The talks were useful.", status="verified")
    make_claim(text="Six people were killed.", status="verified")
    make_claim(text="Nothing to see.", status="verified")
    url = reverse("admin:tracker_claim_changelist")
    found = editor_client.get(url, {"q": "blinken", "review": "all"}).context["cl"].result_list
    assert [c.text for c in found] == ["The talks were useful."]
    found = editor_client.get(url, {"q": "killing", "review": "all"}).context["cl"].result_list
    assert [c.text for c in found] == ["Six people were killed."]


def test_the_claim_search_looks_for_the_rarest_word_first_and_finds_claims_with_every_word(
    editor_client,
):
    """SQLite looks for the rarest word first (tracker.search.rarest_first):
    its planner collects the first word's matches and tests the others."""
    for _ in range(100):
        make_claim(text="Nothing to see.", status="verified")
    for _ in range(5):
        make_claim(text="The talks went on.", status="verified")
    make_claim(text="The talks were useful.", status="verified")
    make_claim(text="Useful, he said.", status="verified")
    url = reverse("admin:tracker_claim_changelist")
    for query in ("talks useful", "useful talks"):
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url, {"q": query, "review": "all"})
        assert [c.text for c in response.context["cl"].result_list] == ["The talks were useful."]
        if connection.vendor == "sqlite":
            listed = next(
                q["sql"] for q in queries if "ORDER BY" in q["sql"] and "MATCH" in q["sql"]
            )
            assert listed.index('"useful"*') < listed.index('"talks"*')


def test_the_claim_list_says_more_than_when_counting_stops(editor_client, monkeypatch):
    monkeypatch.setattr("tracker.admin.COUNT_CAP", 3)
    monkeypatch.setattr("tracker.admin.CappedPaginator.cap", 3)
    for _ in range(5):
        make_claim()
    url = reverse("admin:tracker_claim_changelist")

    capped = editor_client.get(url, {"review": "all"})
    narrowed = editor_client.get(url, {"review": "all", "q": make_claim(text="Unique words").text})

    assert "More than 3 claims" in capped.content.decode()
    assert "1 claim\n" in narrowed.content.decode()
