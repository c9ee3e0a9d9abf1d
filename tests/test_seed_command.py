"""python manage.py seed: stores new articles once, reports bad files, and
never overwrites an editor's work."""

import pytest
from django.core.management import CommandError, call_command

from tracker.models import Actor, Alias, Article, Claim, Event


def seed(*paths, verbosity=1):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("seed", *map(str, paths), stdout=out, stderr=err, verbosity=verbosity)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


pytestmark = pytest.mark.django_db


def test_it_stores_the_seed_article_with_claims_actors_and_events(seed_file):
    out, err, error = seed(seed_file)
    assert error is None
    assert "Stored 1, skipped 0, failed 0." in out
    article = Article.objects.get()
    assert article.published_on.isoformat() == "2024-02-07"
    assert article.source_name == seed_file.name
    assert article.claims.filter(kind="quote").exists()
    assert article.claims.filter(
        kind="figure", figure_value=27000, figure_qualifier="more than"
    ).exists()
    assert Event.objects.filter(occurred_on="2023-10-07").exists()
    blinken = Actor.objects.named("Mr Blinken").get()
    assert blinken.name == "Antony Blinken"
    assert blinken.description == "US secretary of state"


def test_it_seeds_the_seeds_folder_by_default():
    out, _, error = seed()
    assert error is None
    assert Article.objects.count() >= 1


def test_seeding_twice_stores_nothing_new(seed_file):
    seed(seed_file)
    counts = [
        Article.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
        Event.objects.count(),
        Alias.objects.count(),
    ]
    out, _, error = seed(seed_file)
    assert error is None
    assert "Stored 0, skipped 1, failed 0." in out
    assert counts == [
        Article.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
        Event.objects.count(),
        Alias.objects.count(),
    ]


def test_it_keeps_editor_changes_when_reseeding(seed_file):
    seed(seed_file)
    claim = Claim.objects.filter(kind="quote").first()
    claim.status = Claim.Status.VERIFIED
    claim.text = "Edited by an editor."
    claim.editor_note = "Checked against the video."
    claim.save()
    actor = Actor.objects.get(name="Antony Blinken")
    actor.description = "Secretary of State of the United States"
    actor.save()

    seed(seed_file)

    claim.refresh_from_db()
    actor.refresh_from_db()
    assert (claim.status, claim.text, claim.editor_note) == (
        Claim.Status.VERIFIED,
        "Edited by an editor.",
        "Checked against the video.",
    )
    assert actor.description == "Secretary of State of the United States"


def test_a_bad_file_is_reported_and_the_others_are_stored(make_seed, tmp_path):
    make_seed("good.txt", "Hamas said it would study the proposal.")
    (tmp_path / "no-date.txt").write_text("Hamas said it would study the proposal.\n")
    (tmp_path / "bad-date.txt").write_text("date 2024-02-30 Text here.\n")
    out, err, error = seed(tmp_path)
    assert error is not None and error.returncode == 1
    assert "no-date.txt: no 'date YYYY-MM-DD' line" in err
    assert "bad-date.txt: the date 2024-02-30 does not exist" in err
    assert "Stored 1, skipped 0, failed 2." in out
    assert Article.objects.count() == 1


def test_a_path_that_does_not_exist_fails_clearly(tmp_path):
    _, err, error = seed(tmp_path / "missing")
    assert error is not None
    assert "missing: no such file or folder" in err
    assert Article.objects.count() == 0


def test_actors_are_shared_across_articles(make_seed, seed_file, tmp_path):
    seed(seed_file)
    make_seed("later.txt", "Blinken said the talks in Cairo had been useful.", date="2024-02-08")
    make_seed("us.txt", "The U.S. said it would send more aid.", date="2024-02-09")
    seed(tmp_path)
    assert Actor.objects.filter(name="Antony Blinken").count() == 1
    assert Actor.objects.filter(kind="country", name="United States").count() == 1
    later = Article.objects.get(source_name="later.txt").claims.get()
    assert later.speaker.name == "Antony Blinken"
    us = Article.objects.get(source_name="us.txt").claims.get()
    assert us.speaker.name == "United States"


def test_progress_lists_each_file_at_higher_verbosity(make_seed):
    path = make_seed("one.txt", "The ministry said 40 people were hurt.")
    out, _, _ = seed(path, verbosity=2)
    assert f"{path}: stored" in out
