"""Bulk loads (generate_data, seed) leave the query planner statistics, so
that SQLite counts a common word's matches through the ``claim_status_by_id``
index rather than reading each matching claim's row."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.http import QueryDict

from tracker import bulk, search, timeline
from tracker.models import Article
from tracker.timeline import TimelineView

pytestmark = pytest.mark.django_db


def generate(*args):
    call_command("generate_data", *args, stdout=StringIO())


def has_statistics(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if "sqlite_stat1" not in connection.introspection.table_names(cursor):
                return False  # made by the first ANALYZE
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() "
                "AND tablename = %s",
                [table],
            )
        return cursor.fetchone()[0] > 0


def sqlite_plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_generating_data_leaves_statistics_for_the_planner():
    generate("--articles", "40", "--claims", "800", "--actors", "20")
    assert has_statistics("tracker_claim")
    assert has_statistics("tracker_article")


def test_sqlite_counts_a_common_words_matches_from_the_index_of_statuses():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL estimates a common word's matches (test_estimated_counts.py)")
    generate("--articles", "40", "--claims", "800", "--actors", "20")
    view = TimelineView.build(QueryDict("q=ceasefire"))
    assert view.filter.words_are_common
    sql, params = search.capped_count_statement(
        view.claims, view.events, timeline.COUNT_CAP, at_least=view.own_words_claims
    )
    plan = sqlite_plan(sql, params)
    assert "SEARCH tracker_claim USING COVERING INDEX claim_status_by_id (id=?)" in plan
    assert "SEARCH tracker_claim USING INTEGER PRIMARY KEY" not in plan


def test_seeding_refreshes_sqlites_statistics_of_what_it_stored(seed_file):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum analyzes what seed stores")
    assert not has_statistics("tracker_claim")
    call_command("seed", str(seed_file), stdout=StringIO(), stderr=StringIO())
    assert has_statistics("tracker_claim")


def test_a_database_too_busy_to_analyze_does_not_fail_a_seed_that_stored_everything(
    seed_file, monkeypatch
):
    def busy(**options):
        raise OperationalError("database is locked")

    monkeypatch.setattr(bulk, "refresh_statistics", busy)
    out = StringIO()
    call_command("seed", str(seed_file), stdout=out, stderr=StringIO())
    assert "Stored 1, skipped 0, failed 0." in out.getvalue()
    assert Article.objects.count() == 1
