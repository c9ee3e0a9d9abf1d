"""PostgreSQL is asked to start no parallel workers for the site's queries
(tracker/settings.py): a page reads a few hundred rows at most, and starting
a worker took longer than the rest of a rare word's lookup. The setting comes
from the environment like every other, and can be left to the server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://tracker@db.example.org:5432/tracker"

PRINT_OPTIONS = """
import json
from django.conf import settings
print(json.dumps(settings.DATABASES["default"].get("OPTIONS", {})))
"""


def settings_with(**environment) -> subprocess.CompletedProcess:
    """The settings loaded in a new interpreter, with ``environment`` (a
    value of None: the variable unset)."""
    merged = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": POSTGRES_URL,
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env={name: value for name, value in merged.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=60,
    )


def options_with(**environment) -> dict:
    loaded = settings_with(**environment)
    assert loaded.returncode == 0, loaded.stderr
    return json.loads(loaded.stdout)


def test_postgresql_is_asked_to_start_no_parallel_workers():
    options = options_with(POSTGRES_PARALLEL_WORKERS=None)
    assert options["options"] == "-c max_parallel_workers_per_gather=0"


def test_options_given_in_the_database_url_are_kept():
    url = f"{POSTGRES_URL}?options=-c%20statement_timeout%3D5000"
    assert options_with(DATABASE_URL=url)["options"] == (
        "-c statement_timeout=5000 -c max_parallel_workers_per_gather=0"
    )


def test_an_empty_setting_leaves_parallel_workers_to_the_server():
    assert "options" not in options_with(POSTGRES_PARALLEL_WORKERS="")
    assert options_with(POSTGRES_PARALLEL_WORKERS="2")["options"] == (
        "-c max_parallel_workers_per_gather=2"
    )


def test_a_setting_that_is_not_a_number_stops_the_site_with_a_clear_error():
    loaded = settings_with(POSTGRES_PARALLEL_WORKERS="0 -c work_mem=1TB")
    assert loaded.returncode != 0
    assert "POSTGRES_PARALLEL_WORKERS must be a whole number or empty." in loaded.stderr


def test_sqlite_is_given_no_postgresql_options():
    assert "options" not in options_with(DATABASE_URL="sqlite:///tracker.sqlite3")


@pytest.mark.django_db
def test_the_database_connection_runs_with_the_setting():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite starts no parallel workers")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
