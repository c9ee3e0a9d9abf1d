"""Words search over claims and events, one interface over two engines:
PostgreSQL's full-text search (GIN indexes) and SQLite's FTS5 (virtual
tables kept in step by triggers); both stem English words and match word
prefixes. Every word must appear in the claim's text or quote, a name of its
speaker, or its article's title (for events: the title, description, an
actor's name or the article's title).

The indexes and FTS tables are made by migration 0004.

A timeline page wants the first fifty matches in date order. For a rare word
the indexes find every match and the matches are sorted; for a common word
("ceasefire" in one claim in twelve) that means collecting and sorting tens
of thousands of rows, when reading claims in date order and testing each
finds fifty matches within a few hundred rows. ``matching(...,
in_date_order=True)`` chooses between the two from one cheap estimate of how
common the words are."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Func, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_WORDS = 8
# Words in at least this share of claims are tested claim by claim, in date
# order; rarer ones are looked up in the index. Walking costs about 50 / share
# claims read, collecting costs share x all claims sorted: they cross near 2%.
COMMON_SHARE = 0.02

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


def matching(queryset: QuerySet, query: str, *, in_date_order: bool = False) -> QuerySet:
    """Rows of ``queryset`` (claims or events) that contain every word.

    ``in_date_order``: the rows will be read in date order, a page at a time;
    for claims this runs one more query, to tell whether the words are common
    enough to be tested claim by claim instead (see the module's docstring).
    Counting must use the plain form: it reads every match anyway."""
    from .models import Alias, Event

    words = words_of(query)
    row_by_row = (
        in_date_order
        and queryset.model is not Event
        and bool(words)
        and share_of_claims(words) >= COMMON_SHARE
    )
    for word in words:
        named = Alias.objects.filter(name__icontains=word).values("actor_id")
        in_titles = Q(article_id__in=_matching_ids("article", word))
        if queryset.model is Event:
            linked = Event.actors.through.objects.filter(actor_id__in=named).values("event_id")
            condition = Q(pk__in=_matching_ids("event", word)) | Q(pk__in=linked) | in_titles
        elif row_by_row:
            queryset, condition = _tested_claim_by_claim(queryset, word, named)
        else:
            condition = Q(pk__in=_matching_ids("claim", word)) | Q(speaker__in=named) | in_titles
        queryset = queryset.filter(condition)
    return queryset


def share_of_claims(words: list[str]) -> float:
    """About what share of claims has all these words in its own text: one
    query. SQLite counts the FTS index's matches of the whole words (up to
    the share that matters); PostgreSQL reads its planner's statistics of
    the words in the index, as its planner would, and takes the rarest word.
    An underestimate only costs speed: the plain form finds the same rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The lexemes ANALYZE found most often, with the share of rows
            # holding each; a word not among them is rare.
            cursor.execute(
                """
                SELECT coalesce(min(share), 0) FROM (
                    SELECT (
                        SELECT least(1, coalesce(sum(e.share), 0))
                        FROM pg_stats s,
                             unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)
                                 AS e(lexeme, share)
                        WHERE s.schemaname = current_schema()
                          AND s.tablename = 'tracker_claim_search'
                          AND e.lexeme LIKE replace(replace(stem, '%%', ''), '_', '') || '%%'
                    ) AS share
                    FROM (
                        SELECT coalesce((ts_lexize('english_stem', word))[1], word) AS stem
                        FROM unnest(%s::text[]) AS word
                    ) AS stems
                ) AS shares
                """,
                [words],
            )
            (share,) = cursor.fetchone()
            return float(share)
        # Matches are counted only up to the share that matters.
        last = "(SELECT coalesce(max(id), 0) FROM tracker_claim)"
        cursor.execute(
            f"SELECT {last}, (SELECT count(*) FROM (SELECT 1 FROM tracker_claim_fts "
            f"WHERE tracker_claim_fts MATCH %s LIMIT max(1, CAST({last} * %s AS INTEGER))))",
            # whole words, not prefixes: FTS5 merges every word a prefix
            # starts before it can stop counting
            [" AND ".join(f'"{word}"' for word in words), COMMON_SHARE],
        )
        last, found = cursor.fetchone()
        return found / last if last else 0.0


class _NotIndexed(Func):
    """A column the database must not look up through an index (SQLite's
    unary plus), so that it reads claims in date order and tests each."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def _tested_claim_by_claim(queryset: QuerySet, word: str, named: QuerySet):
    """The words condition in the form each engine tests row by row while
    reading claims in date order."""
    if connection.vendor == "postgresql":
        claim_document = _document("tracker_claim", INDEXED["claim"][1])
        title_document = _document("tracker_article", INDEXED["article"][1])
        query = "to_tsquery('english'::regconfig, %s)"
        in_text = RawSQL(f"{claim_document} @@ {query}", [f"{word}:*"], BooleanField())
        in_title = RawSQL(
            f'EXISTS (SELECT 1 FROM "tracker_article" WHERE "tracker_article"."id" = '
            f'"tracker_claim"."article_id" AND {title_document} @@ {query})',
            [f"{word}:*"],
            BooleanField(),
        )
        return queryset, Q(in_text) | Q(speaker__in=named) | Q(in_title)
    queryset = queryset.alias(
        walk_id=_NotIndexed("id"),
        walk_speaker=_NotIndexed("speaker_id"),
        walk_article=_NotIndexed("article_id"),
    )
    condition = (
        Q(walk_id__in=_matching_ids("claim", word))
        | Q(walk_speaker__in=named)
        | Q(walk_article__in=_matching_ids("article", word))
    )
    return queryset, condition


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
