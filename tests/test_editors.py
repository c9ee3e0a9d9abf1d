"""The editors' workflow in the admin: review fast, never lose a decision."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim, make_event
from tracker.extraction import Document, extract
from tracker.ingest import reextract, store
from tracker.models import Actor, Alias, Article, Claim

pytestmark = pytest.mark.django_db
CLAIMS = reverse("admin:tracker_claim_changelist")
ACTORS = reverse("admin:tracker_actor_changelist")


def user_in(role: str, name: str) -> User:
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(name, password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(client):
    user = user_in("Editors", "evelyn_q_editor")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def senior(client):
    user = user_in("Senior editors", "sam")
    client.force_login(user)
    client.user = user
    return client


# -- review -----------------------------------------------------------------


@pytest.mark.parametrize(
    "action, status, words",
    [
        ("mark_verified", "verified", "verified"),
        ("mark_disputed", "disputed", "disputed"),
        ("mark_rejected", "rejected", "rejected"),
    ],
)
def test_review_actions_say_how_many_changed_and_record_who_and_when(editor, action, status, words):
    claims = [make_claim() for _ in range(3)]
    response = editor.post(
        CLAIMS, {"action": action, "_selected_action": [c.pk for c in claims[:2]]}, follow=True
    )
    assert f"2 claims marked {words}." in response.content.decode()
    changed = Claim.objects.filter(status=status)
    assert changed.count() == 2
    for claim in changed:
        assert claim.reviewed_by == editor.user
        assert claim.reviewed_at is not None
        assert claim.history.first().history_user == editor.user


def test_the_queue_opens_on_unreviewed_claims_newest_articles_first(editor):
    old = make_article(title="Old story", published_on=dt.date(2023, 1, 1))
    new = make_article(title="New story", published_on=dt.date(2024, 1, 1))
    make_claim(article=old, text="From the old story.")
    make_claim(article=new, text="From the new story.")
    make_claim(article=new, text="Already checked.", status=Claim.Status.VERIFIED)
    response = editor.get(CLAIMS)
    shown = [c.text for c in response.context["cl"].result_list]
    assert shown == ["From the new story.", "From the old story."]
    everything = editor.get(CLAIMS, {"review": "all"}).context["cl"].result_list
    assert len(everything) == 3


def test_the_queue_filters_by_speaker_and_article(editor):
    blinken = make_actor("Antony Blinken")
    Alias.objects.create(actor=blinken, name="Mr Blinken")
    make_claim(speaker=blinken, text="His.", article=make_article(title="Talks in Cairo"))
    make_claim(text="Someone else's.")
    by_alias = editor.get(CLAIMS, {"speaker_name": "mr blink"}).context["cl"].result_list
    assert [c.text for c in by_alias] == ["His."]
    by_title = editor.get(CLAIMS, {"article_title": "cairo"}).context["cl"].result_list
    assert [c.text for c in by_title] == ["His."]


def test_the_claim_page_shows_the_sentence_marked_and_escaped(editor):
    article = make_article(body="Before. He said <b>“we will win”</b> today.\n\nNext paragraph.")
    start = article.body.index("we will win")
    claim = make_claim(article=article, start=start, end=start + len("we will win"))
    html = editor.get(reverse("admin:tracker_claim_change", args=[claim.pk])).content.decode()
    assert "Before. He said &lt;b&gt;“<mark>we will win</mark>”&lt;/b&gt; today." in html
    assert "Next paragraph" not in html.split("source-sentence")[1].split("</p>")[0]
    assert f'href="/articles/{article.pk}/#claim-{claim.pk}"' in html


def test_an_editor_corrects_a_claim_and_the_change_is_kept(editor):
    claim = make_claim(text="Mistyped.")
    speaker = make_actor("Joe Biden")
    event = make_event(title="Summit")
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    form = editor.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        text="Corrected.",
        speaker=speaker.pk,
        event=event.pk,
        stated_on="2024-01-01",
        stated_precision="month",
        article=claim.article_id,
        seen_version=claim.version,
    )
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.text, claim.speaker, claim.event, claim.stated_precision) == (
        "Corrected.",
        speaker,
        event,
        "month",
    )
    assert claim.edited and claim.version == 2
    latest = claim.history.first()
    assert latest.history_user == editor.user and latest.text == "Corrected."


def test_two_editors_saving_the_same_claim_do_not_overwrite_each_other(editor):
    claim = make_claim(text="Original.")
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    form = editor.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(article=claim.article_id, seen_version=claim.version)
    first = editor.post(url, {**data, "text": "First editor."})
    assert first.status_code == 302
    second = editor.post(url, {**data, "text": "Second editor."})
    assert second.status_code == 200
    assert "Someone else changed this claim" in second.content.decode()
    claim.refresh_from_db()
    assert claim.text == "First editor."


# -- actors -----------------------------------------------------------------


def test_merging_moves_claims_events_and_aliases_to_the_kept_actor(senior):
    keep = make_actor("Antony Blinken", description="US secretary of state")
    other = make_actor("Tony Blinken")
    Alias.objects.create(actor=other, name="Secretary Blinken")
    make_claim(speaker=other)
    make_event(actors=[other])
    ids = [keep.pk, other.pk]
    page = senior.post(ACTORS, {"action": "merge_actors", "_selected_action": ids})
    assert "Choose the actor to keep" in page.content.decode()
    response = senior.post(
        ACTORS, {"action": "merge_actors", "_selected_action": ids, "keep": keep.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Merged 1 actor into Antony Blinken: 1 claim, 1 event link and 2 aliases moved."
    ]
    assert not Actor.objects.filter(pk=other.pk).exists()
    assert keep.claims.count() == 1 and keep.events.count() == 1
    assert Actor.objects.named("Secretary Blinken").get() == keep
    assert Actor.objects.named("Tony Blinken").get() == keep


def test_later_seeding_maps_a_merged_name_to_the_kept_actor(senior):
    keep = make_actor("Antony Blinken")
    other = make_actor("Tony Blinken")
    senior.post(
        ACTORS, {"action": "merge_actors", "_selected_action": [keep.pk, other.pk], "keep": keep.pk}
    )
    article = store(
        extract(Document(dt.date(2024, 2, 8), "Tony Blinken said the talks went well."))
    ).article
    assert article.claims.get().speaker == keep


def test_an_editor_without_the_right_to_merge_gets_a_403(editor):
    a, b = make_actor("A One"), make_actor("A Two")
    response = editor.post(
        ACTORS, {"action": "merge_actors", "_selected_action": [a.pk, b.pk], "keep": a.pk}
    )
    assert response.status_code == 403
    assert Actor.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_an_editor_cannot_delete(editor):
    claim = make_claim()
    response = editor.post(reverse("admin:tracker_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_setup_roles_is_idempotent():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    editors = Group.objects.get(name="Editors")
    seniors = Group.objects.get(name="Senior editors")
    assert not editors.permissions.filter(codename="merge_actor").exists()
    assert seniors.permissions.filter(codename="merge_actor").exists()
    assert set(editors.permissions.all()) < set(seniors.permissions.all())
    assert Group.objects.count() == 2


# -- articles -----------------------------------------------------------------


ARTICLE_TEXT = "Hamas said it would study the proposal.\n\n“We are ready,” Mr Haniyeh said."


def test_a_pasted_article_is_stored_and_extracted_into_the_queue(editor):
    response = editor.post(
        reverse("admin:tracker_article_add"),
        {"published_on": "2024-02-07", "title": "", "body": ARTICLE_TEXT, "source_name": ""},
        follow=True,
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.title.startswith("Hamas said it would study")
    assert article.claims.count() == 2
    assert "2 claims found" in response.content.decode()
    queue = editor.get(CLAIMS).context["cl"].result_list
    assert {c.article for c in queue} == {article}


def test_a_seed_file_can_be_uploaded(editor):
    upload = SimpleUploadedFile("story.txt", f"date 2024-02-07\n{ARTICLE_TEXT}".encode())
    response = editor.post(reverse("admin:tracker_article_add"), {"seed_file": upload})
    assert response.status_code == 302
    assert Article.objects.get().source_name == "story.txt"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"published_on": "", "body": ARTICLE_TEXT}, "give the article"),
        ({"published_on": "2999-01-01", "body": ARTICLE_TEXT}, "in the future"),
        ({"published_on": "2024-02-07", "body": "   "}, "give the article"),
    ],
)
def test_a_bad_article_is_refused_with_the_reason_and_nothing_stored(editor, data, message):
    response = editor.post(
        reverse("admin:tracker_article_add"), {"title": "", "source_name": "", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_a_duplicate_article_is_refused(editor):
    data = {"published_on": "2024-02-07", "title": "", "body": ARTICLE_TEXT, "source_name": ""}
    editor.post(reverse("admin:tracker_article_add"), data)
    response = editor.post(reverse("admin:tracker_article_add"), data)
    assert "already stored" in response.content.decode()
    assert Article.objects.count() == 1


def test_extracting_again_keeps_editors_work_and_drops_stale_machine_claims(editor, seeded):
    touched = seeded.claims.filter(kind="quote").first()
    touched.text = "An editor rewrote this."
    touched.edited = True
    touched.save()
    verified = seeded.claims.filter(kind="figure").first()
    verified.status = Claim.Status.VERIFIED
    verified.save()
    missing = seeded.claims.filter(kind="reported").first()
    missing_key = (missing.kind, missing.start, missing.end)
    missing.delete()  # as if the old extractor had not found it
    stale = make_claim(
        article=seeded, text="A machine claim the extractor no longer finds.", start=0, end=3
    )
    stale_touched = make_claim(
        article=seeded, text="An editor's own claim.", start=0, end=5, status="verified"
    )
    response = editor.post(
        reverse("admin:tracker_article_changelist"),
        {"action": "extract_again", "_selected_action": [seeded.pk]},
        follow=True,
    )
    assert (
        "1 claim added, 1 untouched machine claim no longer found removed"
        in response.content.decode()
    )
    assert not Claim.objects.filter(pk=stale.pk).exists()
    assert Claim.objects.filter(pk=stale_touched.pk).exists()
    touched.refresh_from_db()
    assert touched.text == "An editor rewrote this."
    assert Claim.objects.get(pk=verified.pk).status == Claim.Status.VERIFIED
    assert seeded.claims.filter(
        kind=missing_key[0], start=missing_key[1], end=missing_key[2]
    ).exists()
    assert reextract(seeded) == {"added": 0, "removed": 0}  # nothing left to do


def test_reseeding_after_review_leaves_every_decision_intact(editor, seed_file, seeded):
    decisions = {}
    for claim in seeded.claims.all()[:3]:
        claim.status = Claim.Status.DISPUTED
        claim.editor_note = "Checked with the agency."
        claim.save()
        decisions[claim.pk] = (claim.status, claim.editor_note)
    call_command("seed", str(seed_file), verbosity=0)
    for pk, decision in decisions.items():
        claim = Claim.objects.get(pk=pk)
        assert (claim.status, claim.editor_note) == decision


# -- history ----------------------------------------------------------------


def test_the_public_article_page_shows_what_changed_and_when_but_not_who(client, editor, seeded):
    claim = seeded.claims.filter(kind="quote").first()
    editor.post(CLAIMS, {"action": "mark_verified", "_selected_action": [claim.pk]})
    html = client.get(seeded.get_absolute_url()).content.decode()
    assert "History (1 change by editors)" in html
    assert "status changed from “extracted (not reviewed)” to “verified”" in html
    assert "evelyn_q_editor" not in html


def test_history_is_visible_in_the_admin(editor):
    claim = make_claim()
    editor.post(CLAIMS, {"action": "mark_verified", "_selected_action": [claim.pk]})
    response = editor.get(reverse("admin:tracker_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert "evelyn_q_editor" in response.content.decode()
