"""Bulk loads leave the query planner statistics, so that SQLite counts a
common word's matches through the ``claim_status_by_id`` index rather than
reading each matching claim's row."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from tracker import search, timeline
from tracker.timeline import TimelineView

pytestmark = pytest.mark.django_db


def generate(*args):
    call_command("generate_data", *args, stdout=StringIO())


def has_statistics(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
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
