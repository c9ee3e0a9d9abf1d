"""Killing `seed` at any moment loses nothing and half-stores nothing; two
`seed` processes on the same files at once store each article once.

These run real processes: `manage.py seed` with its own database."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 120
RACED = 240


def write_articles(folder: Path, count: int = ARTICLES) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        day = 1 + i % 28
        (folder / f"{i:03d}.txt").write_text(
            f"date 2024-02-{day:02d}\n"
            f"Minister Number{i} said the talks in round {i} had been useful.\n\n"
            f"“We will meet again,” Mr Number{i} said.\n\n"
            f"US secretary of state Antony Blinken said round {i} went "
            f"{'well' if i % 2 else 'badly'}.\n"
        )


def manage(*args, database_url: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, **kwargs,
    )  # fmt: skip


def run(*args, database_url: str) -> subprocess.CompletedProcess:
    process = manage(*args, database_url=database_url)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def counts(database_url: str) -> dict[str, int]:
    """What is stored, counted by a fresh process: articles, claims,
    appearances, articles without claims, claims stored twice."""
    script = (
        "from django.db.models import Count;"
        "from tracker.models import Article, Claim, Appearance;"
        "twice = Claim.objects.values('article', 'kind', 'start', 'end')"
        ".annotate(n=Count('id')).filter(n__gt=1).count();"
        "print(Article.objects.count(), Claim.objects.count(), Appearance.objects.count(),"
        " Article.objects.filter(claims=None).count(), twice)"
    )
    result = run("shell", "-v", "0", "-c", script, database_url=database_url)
    assert result.returncode == 0, result.stderr
    values = map(int, result.stdout.split())
    return dict(
        zip(["articles", "claims", "appearances", "without_claims", "twice"], values, strict=True)
    )


def test_killing_seed_at_any_moment_then_seeding_again_stores_each_article_once(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run("migrate", "-v0", database_url=database_url).returncode == 0
    write_articles(tmp_path / "seeds")
    for stored_lines, jobs in ((10, "1"), (45, "2")):
        # -v2 prints a line per stored file: kill it mid-run, after that many
        # (small batches, so that the kill lands in the middle of the run)
        process = manage(
            "seed", str(tmp_path / "seeds"), "-v2", "--batch-size", "3", "--jobs", jobs,
            database_url=database_url,
        )  # fmt: skip
        seen = 0
        for line in process.stdout:
            seen += line.rstrip().endswith(": stored")
            if seen >= stored_lines:
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
    assert counts(database_url)["articles"] < ARTICLES, "the seed finished before the kill"
    result = run("seed", str(tmp_path / "seeds"), database_url=database_url)
    assert result.returncode == 0, result.stderr
    stored = counts(database_url)
    assert stored["articles"] == ARTICLES
    assert stored["without_claims"] == 0  # no half-stored article
    assert stored["twice"] == 0
    assert stored["claims"] == stored["appearances"] >= 3 * ARTICLES


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return "postgres://postgres@127.0.0.1:5432"
    except Exception:  # noqa: BLE001 - any failure means there is no server to use
        return None


@pytest.mark.skipif(
    postgres_url() is None, reason="no PostgreSQL at 127.0.0.1:5432 (user postgres)"
)
def test_two_seed_processes_on_the_same_files_store_each_article_once(tmp_path):
    import psycopg

    name = f"tracker_concurrency_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = f"{postgres_url()}/{name}"
    try:
        assert run("migrate", "-v0", database_url=database_url).returncode == 0
        # enough that neither finishes before the other has loaded spaCy
        write_articles(tmp_path / "seeds", RACED)
        files = sorted(str(p) for p in (tmp_path / "seeds").iterdir())
        # one goes forwards, the other backwards: they race for the first
        # actor, then for every article where they meet
        # (batches of two, so that they meet mid-way rather than one waiting
        # for the other's single transaction)
        first = manage("seed", "--batch-size", "2", *files, database_url=database_url)
        second = manage("seed", "--batch-size", "2", *reversed(files), database_url=database_url)
        results = [p.communicate(timeout=600) for p in (first, second)]
        assert first.returncode == 0, results[0][1]
        assert second.returncode == 0, results[1][1]
        stored_by_each = [int(out.split("Stored ")[1].split(",")[0]) for out, _ in results]
        assert sum(stored_by_each) == RACED and min(stored_by_each) > 0
        stored = counts(database_url)
        assert (stored["articles"], stored["without_claims"], stored["twice"]) == (RACED, 0, 0)
        assert stored["claims"] == stored["appearances"] >= 3 * RACED
        names = run(
            "shell", "-v", "0", "-c",
            "from tracker.models import Actor; from django.db.models import Count;"
            "print(Actor.objects.values('name').annotate(n=Count('id')).filter(n__gt=1).count())",
            database_url=database_url,
        )  # fmt: skip
        assert names.stdout.strip() == "0"  # no actor created twice
    finally:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
