"""`seed` on a machine without its spaCy pipeline stops with one clear message
(not a traceback, not one failure per file) and stores nothing.

These run real processes, so that the setting reaches the extraction workers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_SPACY_MODEL": "no_such_pipeline"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_seeding_without_the_pipeline_stops_clearly_and_stores_nothing(jobs, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert manage("migrate", "-v0", database_url=database_url).returncode == 0
    (tmp_path / "seeds").mkdir()
    for number in range(3):
        (tmp_path / "seeds" / f"{number}.txt").write_text(
            f"date 2024-02-0{number + 1}\nMinister Number{number} said the talks were useful.\n"
        )

    result = manage("seed", str(tmp_path / "seeds"), "--jobs", jobs, database_url=database_url)

    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]  # what the command says last
    if jobs == "1":
        assert "Cannot extract: the spaCy pipeline 'no_such_pipeline' is not installed" in last_line
    else:
        assert "An extraction worker stopped" in last_line
        # the worker says why before it stops
        assert "the spaCy pipeline 'no_such_pipeline' is not installed" in result.stderr
    stored = manage(
        "shell", "-v", "0", "-c",
        "from tracker.models import Article; print(Article.objects.count())",
        database_url=database_url,
    )  # fmt: skip
    assert stored.stdout.strip() == "0"
