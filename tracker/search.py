"""Words search over claims and events, one interface over two engines:
PostgreSQL's full-text search (GIN indexes) and SQLite's FTS5 (virtual
tables kept in step by triggers); both stem English words and match word
prefixes. Every word must appear in the claim's text or quote, a name of its
speaker, or its article's title (for events: the title, description, an
actor's name or the article's title).

The indexes and FTS tables are made by migration 0004."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_WORDS = 8

# name -> (table, columns), for both engines
INDEXED = {
    "claim": ("tracker_claim", ["text", "quote"]),
    "event": ("tracker_event", ["title", "description"]),
    "article": ("tracker_article", ["title"]),
}


def words_of(query: str) -> list[str]:
    """Searchable words: letters and digits only, so no operator of either
    engine can be smuggled in."""
    return [w for w in re.findall(r"\w+", query.lower()) if w][:MAX_WORDS]


def _document(table: str, columns: list[str]) -> str:
    joined = " || ' ' || ".join(f'coalesce("{table}"."{c}", \'\')' for c in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def _matching_ids(name: str, word: str) -> RawSQL:
    """Ids of the rows of ``name`` whose indexed text has a word starting with ``word``."""
    table, columns = INDEXED[name]
    if connection.vendor == "postgresql":
        return RawSQL(
            f'SELECT "{table}"."id" FROM "{table}" WHERE {_document(table, columns)} '
            "@@ to_tsquery('english'::regconfig, %s)",
            [f"{word}:*"],
        )
    return RawSQL(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [f'"{word}"*'])


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Rows of ``queryset`` (claims or events) that contain every word."""
    from .models import Alias, Event

    for word in words_of(query):
        named = Alias.objects.filter(name__icontains=word).values("actor_id")
        in_titles = Q(article_id__in=_matching_ids("article", word))
        if queryset.model is Event:
            linked = Event.actors.through.objects.filter(actor_id__in=named).values("event_id")
            condition = Q(pk__in=_matching_ids("event", word)) | Q(pk__in=linked) | in_titles
        else:
            condition = Q(pk__in=_matching_ids("claim", word)) | Q(speaker__in=named) | in_titles
        queryset = queryset.filter(condition)
    return queryset


# -- schema, for the migration --------------------------------------------------


def create_indexes(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, columns in INDEXED.values():
        if vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_search" ON "{table}" '
                f"USING gin (({_document(table, columns)}))"
            )
        elif vendor == "sqlite":
            fts = f"{table}_fts"
            column_list = ", ".join(columns)
            new = ", ".join(f"new.{c}" for c in columns)
            old = ", ".join(f"old.{c}" for c in columns)
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column_list}, "
                f"content='{table}', content_rowid='id', tokenize='porter unicode61')"
            )
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, {column_list}) VALUES (new.id, {new}); END"
            )
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {column_list}) "
                f"VALUES ('delete', old.id, {old}); END"
            )
            schema_editor.execute(
                # only when the indexed words change, not on every review
                f"CREATE TRIGGER IF NOT EXISTS {fts}_update "
                f"AFTER UPDATE OF {column_list} ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {column_list}) VALUES ('delete', old.id, {old}); "
                f"INSERT INTO {fts}(rowid, {column_list}) VALUES (new.id, {new}); END"
            )
            schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def drop_indexes(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, _ in INDEXED.values():
        if vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
        elif vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
