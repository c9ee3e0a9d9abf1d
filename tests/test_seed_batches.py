"""Seeding in batches and in worker processes: the same result as one article
at a time, a fixed number of queries per batch, and a bad article costs only
itself."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.ingest import store_batch
from tracker.models import Actor, Appearance, Article, Claim, Event

pytestmark = pytest.mark.django_db

QUOTE = "“We are very much focused on doing that work, and we will keep at it,” {who} said."


def write_articles(make_seed):
    make_seed("a.txt", "Antony Blinken said the talks in Cairo had been useful.\n\n"
              + QUOTE.format(who="Mr Blinken"), date="2024-02-07")  # fmt: skip
    make_seed("b.txt", "Hamas said it would study the proposal.\n\n"
              + QUOTE.format(who="Antony Blinken"), date="2024-02-08")  # fmt: skip
    for number in range(6):
        make_seed(
            f"c{number}.txt",
            f"Qatar's foreign ministry said round {number} of talks would begin on Monday.\n\n"
            f"The ministry said {10 + number} people were hurt on 3 February.",
            date=f"2024-02-{10 + number}",
        )


def seed(*args):
    out, err = StringIO(), StringIO()
    call_command("seed", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> dict:
    return {
        "articles": sorted(Article.objects.values_list("source_name", "title")),
        "actors": sorted(Actor.objects.values_list("name", "kind", "slug")),
        "claims": sorted(
            Claim.objects.values_list(
                "article__source_name", "kind", "start", "end", "speaker__name", "stated_on"
            )
        ),
        "appearances": sorted(
            Appearance.objects.values_list("claim__article__source_name", "article__source_name")
        ),
        "events": sorted(Event.objects.values_list("title", "occurred_on", "article__source_name")),
    }


def clear():
    Article.objects.all().delete()
    Actor.objects.all().delete()


def test_two_jobs_store_exactly_what_one_job_stores(make_seed, tmp_path):
    write_articles(make_seed)
    out, _ = seed(tmp_path, "--jobs", "1", "--batch-size", "3")
    assert "Stored 8, skipped 0, failed 0." in out
    one_job = snapshot()
    clear()
    out, _ = seed(tmp_path, "--jobs", "2", "--batch-size", "3")
    assert "Stored 8, skipped 0, failed 0." in out
    assert snapshot() == one_job
    assert len(one_job["claims"]) >= 14


SEED_ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "000_e699609d1bde1dc1.txt"

# Seeds with two jobs in a new interpreter, then says whether spaCy was imported.
SEED_WITH_TWO_JOBS = """
import sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed", sys.argv[1], "--jobs", "2")
print("spaCy imported:", any(name.partition(".")[0] == "spacy" for name in sys.modules))
"""


def test_the_process_that_stores_what_workers_extract_never_imports_spacy(tmp_path):
    """Importing spaCy costs the writing process about 0.8 s of processor
    time while both workers load their pipelines, and it never parses."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SEED_WITH_TWO_JOBS, str(SEED_ARTICLE)],
        cwd=SEED_ARTICLE.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Stored 1, skipped 0, failed 0." in result.stdout
    assert "spaCy imported: False" in result.stdout


def test_a_statement_repeated_later_in_the_same_batch_is_one_claim(make_seed, tmp_path):
    write_articles(make_seed)
    seed(tmp_path, "--batch-size", "50")
    quote = Claim.objects.get(quote__startswith="We are very much focused")
    assert quote.article.source_name == "a.txt"
    assert sorted(quote.appearances.values_list("article__source_name", flat=True)) == [
        "a.txt",
        "b.txt",
    ]
    assert Actor.objects.filter(name="Antony Blinken").count() == 1


def test_a_batch_takes_the_same_number_of_queries_however_many_articles(extract_text):
    # (up to SQLite's 999 parameters per insert, after which Django splits
    # an insert in two: 12 articles' claims would take two)
    def extractions(first_day: int, count: int):
        return [
            extract_text(
                f"Minister Person{first_day + n} Smith said round {n} of talks had failed.\n\n"
                f"“We will not give up,” said Person{first_day + n} Smith, adding that "
                f"{20 + n} people were hurt in Rafah on Monday.",
                dt.date(2024, 3, first_day + n),
            )
            for n in range(count)
        ]

    with CaptureQueriesContext(connection) as small:
        store_batch(extractions(1, 2))
    with CaptureQueriesContext(connection) as large:
        store_batch(extractions(10, 5))
    assert Article.objects.count() == 7
    assert Claim.objects.filter(kind="quote").count() == 7
    assert len(large) == len(small) <= 20


def test_one_article_that_cannot_be_stored_costs_only_itself(make_seed, tmp_path, monkeypatch):
    from tracker import ingest

    write_articles(make_seed)
    original = ingest._Writer.add

    def refuse_one(self, article, extraction, *args):
        if article.source_name == "c3.txt":
            raise ValueError("a broken article")
        return original(self, article, extraction, *args)

    monkeypatch.setattr(ingest._Writer, "add", refuse_one)
    with pytest.raises(CommandError):
        call_command(
            "seed",
            str(tmp_path),
            "--batch-size",
            "4",
            stdout=StringIO(),
            stderr=(err := StringIO()),
        )
    assert "c3.txt: could not store it: ValueError('a broken article')" in err.getvalue()
    assert Article.objects.count() == 7
    assert not Article.objects.filter(source_name="c3.txt").exists()
    assert not Article.objects.filter(claims=None).exists()


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_and_batch_size_must_be_whole_numbers_of_one_or_more(value, tmp_path):
    for option in ("--jobs", "--batch-size"):
        with pytest.raises(CommandError, match="expected a whole number of 1 or more"):
            call_command("seed", str(tmp_path), option, value, stdout=StringIO())


def test_an_article_stored_meanwhile_by_another_process_leaves_one_result_per_article(
    extract_text, monkeypatch
):
    stored_before = extract_text("Minister Ann Smith said the talks had failed.")
    taken_meanwhile = extract_text("Minister Bob Jones said the talks would resume.")
    (earlier,) = store_batch([stored_before])
    store_batch([taken_meanwhile])  # by another process, once this one had looked
    real_filter = Article.objects.filter

    def looked_before_it_was_there(*args, **kwargs):
        monkeypatch.setattr(Article.objects, "filter", real_filter)
        return real_filter(*args, **kwargs).exclude(sha256=taken_meanwhile.document.sha256)

    monkeypatch.setattr(Article.objects, "filter", looked_before_it_was_there)
    results = store_batch([stored_before, taken_meanwhile, taken_meanwhile])

    theirs = Article.objects.get(sha256=taken_meanwhile.document.sha256)
    assert [(r.article.pk, r.created) for r in results] == [
        (earlier.article.pk, False),
        (theirs.pk, False),
        (theirs.pk, False),
    ]
    assert Article.objects.count() == 2
