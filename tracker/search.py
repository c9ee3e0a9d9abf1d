"""Words search over claims and events, one interface over two engines:
PostgreSQL's full-text search (GIN indexes) and SQLite's FTS5 (virtual
tables kept in step by triggers); both stem English words and match word
prefixes (words of one or two letters whole), and leave out stop words.
Every word must appear in the claim's text or quote, a name of its speaker
(a word of it starting with the word), or its article's title (for events:
the title, description, an actor's name or the article's title).

The indexes and FTS tables are made by migration 0004, the actors' names'
by migration 0011.

A timeline page wants the first fifty matches in date order. For a rare word
the indexes find every match and the matches are sorted; for a common word
("ceasefire" in one claim in twelve) that means collecting and sorting tens
of thousands of rows, when reading claims in date order and testing each
finds fifty matches within a few hundred rows. ``weigh()`` tells
the two apart with one cheap query, and ``matching(..., row_by_row=True)``
builds the second form.

Counting a common word's matches means reading tens of thousands of them.
PostgreSQL's planner can estimate that number from the GIN index's
statistics without reading a row (``estimated()``), so there a common
word's matches are estimated rather than counted. SQLite has
no such statistics and counts them, up to the cap; it first counts, cheaply,
the rows with the words in their own text (``capped_counts()``), and when
those alone pass the cap it need not count the rest.

On SQLite, testing claims one by one still meant collecting every match of
the word first (FTS5 answers ``rowid IN (...)`` by building the whole
list: 83,687 claims for "ceasefire" in a million). So the claims have a
second FTS5 table (CLAIMS_BY_DATE), keyed by their place in the timeline
(``claim_key_sql()``: the day, then the id), which lists matches in date
order. A page then needs only the matches up to the last it can show: the
``limit``-th claim with the words in its own text, found by reading that
table in date order from the page's position (``reach_of_page()``). Counting
keeps the table keyed by id: it reads thousands of matches, and looks each
claim up, which in id order reads the claims' index in order."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Func, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_WORDS = 8
# PostgreSQL's English stop words (its english_stem dictionary's list,
# Snowball's): that dictionary leaves them out of every document, so there a
# word such as "the" matched no text at all, and "the hostages" found almost
# nothing. They are left out of every search, on both databases.
_STOP_WORDS_TEXT = """
i me my myself we our ours ourselves you your yours yourself yourselves he
him his himself she her hers herself it its itself they them their theirs
themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing a an the and but if or
because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few
more most other some such no nor not only own same so than too very s t can
will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Words shorter than this are matched whole, not as the start of longer
# words: a prefix of one or two letters starts thousands of different words,
# and both engines read every one of their lists of matches (on SQLite, ten
# one-letter words took 12 s over a million claims).
SHORTEST_PREFIX = 3
# Words in at least this share of claims are tested claim by claim, in date
# order; rarer ones are looked up in the index. Walking costs about 50 / share
# claims read, collecting costs share x all claims sorted: they cross near 2%.
COMMON_SHARE = 0.02
# On PostgreSQL a claim's stored words are tested in about 4 µs as claims are
# read, while collecting a word's matches reads each of them from the table
# (and the page collects them three times: window, count, monthly strip):
# the two cross nearer 0.5%. Past it, the count is estimated.
COMMON_SHARE_POSTGRESQL = 0.005
# SQLite: several words each in COMMON_SHARE of claims are common when at
# least this share has them all in its own text. Reading claims in date
# order then reads at most about 50 / this share claims for a page, fewer
# than collecting the rarest word's matches, which are in at least
# COMMON_SHARE: "ceasefire hostages" (0.3% together) took 141 ms against
# 255 ms collected, most of either the count.
COMMON_TOGETHER_SHARE = 0.001

# name -> (table, columns), for both engines
INDEXED = {
    "claim": ("tracker_claim", ["text", "quote"]),
    "event": ("tracker_event", ["title", "description"]),
    "article": ("tracker_article", ["title"]),
}


# Actors' names, searched the same way (migration 0011): a word of a name
# is looked up in an index rather than tested against every name.
NAMES = ("tracker_alias", ["name"])
_SEARCHED = {**INDEXED, "alias": NAMES}

# SQLite: the claims' words again, each claim under its place in the
# timeline, its day (Julian day number) above the id's 32 bits, so that
# FTS5 lists matches in date order; the id is the low 32 bits. Ids must
# stay below 2**32 (four billion claims).
CLAIMS_BY_DATE = "tracker_claim_fts_by_date"
CLAIM_ID_BITS = 32
CLAIM_ID_MASK = (1 << CLAIM_ID_BITS) - 1
LARGEST_KEY = (1 << 63) - 1


def _day_key_sql(day: str = "%s") -> str:
    """SQLite: the first timeline key of the ``day`` (an SQL date; by
    default the parameter)."""
    return f"(CAST(julianday({day}) AS INTEGER) << {CLAIM_ID_BITS})"


def claim_key_sql(row: str) -> str:
    """SQLite: the timeline key of the claim ``row`` (``new``, ``old`` or a
    table name), ordered as (stated_on, id)."""
    return f"({_day_key_sql(f'{row}.stated_on')} | {row}.id)"


def words_of(query: str) -> list[str]:
    """Searchable words: letters and digits only, so no operator of either
    engine can be smuggled in, and no stop word (STOP_WORDS)."""
    return [w for w in re.findall(r"\w+", query.lower()) if w not in STOP_WORDS][:MAX_WORDS]


def _fts5_term(word: str) -> str:
    """SQLite: ``word`` as an FTS5 term, a prefix unless it is short."""
    return f'"{word}"*' if len(word) >= SHORTEST_PREFIX else f'"{word}"'


def _tsquery_term(word: str) -> str:
    """PostgreSQL: ``word`` as a tsquery term, a prefix unless it is short."""
    return f"{word}:*" if len(word) >= SHORTEST_PREFIX else word


# PostgreSQL keeps each row's words in a generated column, so that testing a
# row reads them instead of parsing its text again (see create_indexes()).
DOCUMENT_COLUMN = "search_document"


def _document(table: str) -> str:
    """A row's words on PostgreSQL: its stored document."""
    return f'"{table}"."{DOCUMENT_COLUMN}"'


def _words_of_columns(columns: list[str]) -> str:
    """How the stored document is made from the columns."""
    joined = " || ' ' || ".join(f"coalesce(\"{c}\", '')" for c in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def _matching_ids(name: str, word: str) -> RawSQL:
    """Ids of the rows of ``name`` whose indexed text has a word starting with ``word``."""
    table, _ = _SEARCHED[name]
    if connection.vendor == "postgresql":
        return RawSQL(
            f'SELECT "{table}"."id" FROM "{table}" WHERE {_document(table)} '
            "@@ to_tsquery('english'::regconfig, %s)",
            [_tsquery_term(word)],
        )
    return RawSQL(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [_fts5_term(word)])


def matching(
    queryset: QuerySet,
    query: str,
    *,
    row_by_row: bool = False,
    reach: dict[str, tuple[str, list]] | None = None,
) -> QuerySet:
    """Rows of ``queryset`` (claims or events) that contain every word.

    ``row_by_row``: rows are tested one by one in the form each engine runs
    while reading rows in date order, for words that ``weigh()`` finds common
    (see the module's docstring). The rows are the same; counting must use
    the plain form, which reads every match anyway.

    ``reach`` (SQLite, claims read row by row): for each word, the claims
    with it in their own text that a page can reach, from
    ``reach_of_page()``, in place of every claim with it."""
    from .models import Event

    for word in words_of(query):
        named = actors_named(word)
        if row_by_row:
            queryset, condition = _tested_row_by_row(queryset, word, named, reach)
        elif connection.vendor == "postgresql":
            condition = Q(pk__in=_ids_with_word(queryset.model, word, named))
        elif queryset.model is Event:
            condition = (
                Q(pk__in=_matching_ids("event", word))
                | Q(pk__in=Event.ids_linked_to(named))
                | Q(article_id__in=_matching_ids("article", word))
            )
        else:
            condition = (
                Q(pk__in=_matching_ids("claim", word))
                | Q(speaker__in=named)
                | Q(article_id__in=_matching_ids("article", word))
            )
        queryset = queryset.filter(condition)
    return queryset


def actors_named(word: str) -> QuerySet:
    """The ids of the actors with a name that has a word starting with
    ``word`` (the whole word when it is short; in any form, as the text is
    searched): "blink" finds Antony Blinken, "inken" does not. Looked up in
    the names' own index: testing a pattern against every name took about
    8 ms on PostgreSQL, for each query of a page."""
    from .models import Alias

    return Alias.objects.filter(pk__in=_matching_ids("alias", word)).values("actor_id")


def _ids_with_word(model, word: str, named: QuerySet) -> RawSQL:
    """PostgreSQL: the ids of the claims or events with ``word`` in their
    text, a name of their speaker or actors (``named``: those actors), or
    their article's title, as one list made from the three indexes.

    Given ``id IN (…) OR speaker_id IN (…) OR article_id IN (…)`` instead,
    the planner read the claims in date order, testing each against the
    three lists: for a word in few claims, all of them (a word in no claim:
    614 ms over a million claims, against 9 ms for this list)."""
    from .models import Event

    name = "event" if model is Event else "claim"
    table, _ = INDEXED[name]
    own, article = _matching_ids(name, word), _matching_ids("article", word)
    if model is Event:
        by_name_sql, by_name_params = Event.ids_linked_to(named).query.sql_with_params()
    else:
        by_name_sql, by_name_params = named.query.sql_with_params()
        by_name_sql = f'SELECT "id" FROM "{table}" WHERE "speaker_id" IN ({by_name_sql})'
    return RawSQL(
        f"{own.sql} UNION ALL {by_name_sql} "
        f'UNION ALL SELECT "id" FROM "{table}" WHERE "article_id" IN ({article.sql})',
        [*own.params, *by_name_params, *article.params],
    )


@dataclass(frozen=True)
class Weighed:
    """A query's words as they are searched for: on SQLite the rarest first
    (its planner collects the matches of the first word's condition and
    tests the others' against them: "attack ceasefire", "attack" in no
    claim, took 20 ms over a million claims, "ceasefire attack" 340 ms), and
    whether they are common (read in date order, see the module's
    docstring)."""

    words: tuple[str, ...]
    common: bool

    @property
    def query(self) -> str:
        return " ".join(self.words)


def weigh(query: str) -> Weighed:
    """The query's words in the order to search for them, and whether they
    are common: one query (none without words).

    Common: in at least COMMON_SHARE of claims (on PostgreSQL,
    COMMON_SHARE_POSTGRESQL). On SQLite also several words each in
    COMMON_SHARE of claims when COMMON_TOGETHER_SHARE has them all in
    its own text: collecting the rarest one's matches reads more claims
    than reading the claims in date order until a page is full."""
    words = words_of(query)
    if not words:
        return Weighed((), False)
    together, each = shares_of_claims(words)
    if connection.vendor == "postgresql":
        return Weighed(tuple(words), together >= COMMON_SHARE_POSTGRESQL)
    common = together >= COMMON_SHARE or (
        len(words) > 1 and min(each) >= COMMON_SHARE and together >= COMMON_TOGETHER_SHARE
    )
    rarest_first = sorted(range(len(words)), key=lambda index: each[index])
    return Weighed(tuple(words[index] for index in rarest_first), common)


def rarest_first(query: str) -> str:
    """The words of ``query`` in the order the plain form of ``matching()``
    should look for them (see ``Weighed``): rarest first on SQLite (one
    query, for several words), as they are on PostgreSQL (none)."""
    words = words_of(query)
    if connection.vendor != "sqlite" or len(words) < 2:
        return " ".join(words)
    return weigh(query).query


def own_words(queryset: QuerySet, query: str, *, by_date: bool = False) -> QuerySet:
    """Rows of ``queryset`` (claims or events) whose own text has every word:
    the bulk of ``matching()``'s rows (a speaker's names and an article's
    title left out), never a row ``matching()`` would not find.

    On PostgreSQL, in the one form its planner estimates from the GIN
    index's statistics (for ``estimated()``). On SQLite, joined to
    the FTS5 table, so that the rows are read from FTS5's list of matches
    as it goes rather than after collecting it (for ``capped_counts()``);
    ``by_date`` (claims): to CLAIMS_BY_DATE, read in date order (for
    ``reach_of_page()``)."""
    from .models import Event

    table, _ = INDEXED["event" if queryset.model is Event else "claim"]
    words = words_of(query)
    if connection.vendor == "sqlite":
        if not words:
            return queryset
        fts, match_id = f"{table}_fts", f"{table}_fts.rowid"
        if by_date and queryset.model is not Event:
            fts, match_id = CLAIMS_BY_DATE, f"{CLAIMS_BY_DATE}.rowid & {CLAIM_ID_MASK}"
        # extra(): the ORM cannot join a table it does not model
        return queryset.extra(
            tables=[fts],
            where=[f'{match_id} = "{table}"."id"', f"{fts} MATCH %s"],
            params=[" AND ".join(_fts5_term(word) for word in words)],
        )
    for word in words:
        queryset = queryset.filter(
            RawSQL(
                f"{_document(table)} @@ to_tsquery('english'::regconfig, %s)",
                [_tsquery_term(word)],
                BooleanField(),
            )
        )
    return queryset


def capped_counts(
    claims: QuerySet, events: QuerySet, cap: int, *, at_least: QuerySet | None = None
) -> tuple[int, int | None]:
    """How many rows ``claims`` and ``events`` have, each counted up to
    ``cap + 1``, in one query. The events are not counted (None) when the
    claims alone pass the cap: there are more than ``cap`` entries either
    way. ``at_least`` is a part of the claims that is cheaper to count (their
    own words, ``own_words()``): when it alone has more than ``cap`` rows,
    the rest is not counted either. Both databases run only the branch of a
    CASE they take, and evaluate the claims' count once (MATERIALIZED)."""
    return counted(capped_count_statement(claims, events, cap, at_least=at_least))


def capped_count_statement(
    claims: QuerySet, events: QuerySet, cap: int, *, at_least: QuerySet | None = None
) -> tuple[str, list]:
    """The SQL and parameters of ``capped_counts()``, for ``counted()``."""
    claims_sql, claims_params = _capped_count_sql(claims, cap, "claims")
    if at_least is not None and not at_least.query.is_empty() and not claims.query.is_empty():
        part_sql, part_params = _capped_count_sql(at_least, cap, "own_words")
        claims_sql = f"CASE WHEN {part_sql} > %s THEN %s ELSE {claims_sql} END"
        claims_params = [*part_params, cap, cap + 1, *claims_params]
    events_sql, events_params = _capped_count_sql(events, cap, "events")
    return (
        f"WITH counted AS MATERIALIZED (SELECT {claims_sql} AS claims) "
        f"SELECT claims, CASE WHEN claims > %s THEN NULL ELSE {events_sql} END FROM counted",
        [*claims_params, cap, *events_params],
    )


def counted(statement: tuple[str, list]) -> tuple[int, int | None]:
    """The claims' and events' counts from ``capped_count_statement()``."""
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _capped_count_sql(queryset: QuerySet, cap: int, alias: str) -> tuple[str, list]:
    """A scalar subquery counting ``queryset``'s rows up to ``cap + 1``
    (``0`` for none(), which has no SQL)."""
    if queryset.query.is_empty():
        return "0", []
    sql, params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
    return f"(SELECT count(*) FROM ({sql}) AS {alias})", list(params)


def estimate_statement(queryset: QuerySet) -> tuple[str, list] | None:
    """An EXPLAIN of ``queryset``, whose row estimate ``estimated()`` reads
    (PostgreSQL only); None for none(), which has no SQL."""
    if queryset.query.is_empty():  # none(): the events of a view of claims only
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"EXPLAIN (FORMAT JSON) {sql}", list(params)


def estimated(statement: tuple[str, list] | None) -> int:
    """PostgreSQL's estimate of how many rows the query of
    ``estimate_statement()`` has, from its planner's statistics: one
    EXPLAIN, no row read. About right for ``own_words()`` (within a few
    percent on a million claims); ANALYZE, which autovacuum runs as the
    tables grow, keeps the statistics current."""
    if statement is None:
        return 0
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def words_are_common_in_events(query: str) -> bool:
    """For words common among claims, whether events are read in date order
    for them too. SQLite reads both so (the words' matches among events
    are listed once, see ``_tested_row_by_row()``): no query. PostgreSQL
    tests each event as it reads it, which for words in few events means
    reading them all ("believ", in 30% of claims and in no event: 209 ms
    for the events' window): there, one query, and events are read so when
    the words are in COMMON_SHARE of events, by their own text (from the
    statistics) or by the actors the words name (their events counted up
    to that share, through the index of events by actor)."""
    from .models import Event

    if connection.vendor != "postgresql":
        return True
    words = words_of(query)
    if not words:
        return False
    share_sql, share_params = _share_statement("tracker_event", words)
    linked, linked_params = [], []
    for word in words:
        sql, params = Event.ids_linked_to(actors_named(word)).query.sql_with_params()
        linked.append(
            f"(SELECT count(*) FROM ({sql} LIMIT (SELECT ceil(total * %s)::bigint + 1 "
            "FROM events)) AS linked)"
        )
        linked_params += [*params, COMMON_SHARE]
    with connection.cursor() as cursor:
        cursor.execute(
            # the planner's row count of events, or a count when it has none
            "WITH events AS (SELECT CASE WHEN reltuples <= 0 "
            "THEN (SELECT count(*) FROM tracker_event) ELSE reltuples END AS total "
            "FROM pg_class WHERE oid = 'tracker_event'::regclass) "
            f"SELECT ({share_sql}), least({', '.join(linked)}), (SELECT total FROM events)",
            [*share_params, *linked_params],
        )
        own_share, linked_events, events = cursor.fetchone()
    if float(own_share) >= COMMON_SHARE:
        return True
    return bool(events) and linked_events / float(events) >= COMMON_SHARE


def _share_statement(table: str, words: list[str]) -> tuple[str, list]:
    """PostgreSQL: a query of the share of ``table``'s rows holding the
    rarest of the words, from the lexemes ANALYZE found most often in its
    stored documents, with the share of rows holding each; a word not among
    them is rare."""
    return (
        """
        SELECT coalesce(min(share), 0) FROM (
            SELECT (
                SELECT least(1, coalesce(sum(e.share), 0))
                FROM pg_stats s,
                     unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)
                         AS e(lexeme, share)
                WHERE s.schemaname = current_schema()
                  AND s.tablename = %s
                  AND s.attname = 'search_document'
                  AND (e.lexeme = stem OR length(word) >= %s
                       AND e.lexeme LIKE replace(replace(stem, '%%', ''), '_', '') || '%%')
            ) AS share
            FROM (
                SELECT word, coalesce((ts_lexize('english_stem', word))[1], word) AS stem
                FROM unnest(%s::text[]) AS word
            ) AS stems
        ) AS shares
        """,
        [table, SHORTEST_PREFIX, words],
    )


def shares_of_claims(words: list[str]) -> tuple[float, list[float]]:
    """About what share of claims has all these words in its own text, and
    (SQLite) each of them: one query. SQLite counts the FTS index's
    matches of the whole words, up to the share that matters
    (COMMON_SHARE); PostgreSQL reads its planner's statistics of the words
    in the stored documents (DOCUMENT_COLUMN), as its planner would, and
    takes the rarest word for all of them (and no share of each).
    An underestimate only costs speed: the plain form finds the same rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_share_statement("tracker_claim", words))
            (share,) = cursor.fetchone()
            return float(share), []
        # Matches are counted only up to the share that matters (one more,
        # so that a share the count rounds down still reaches it); words
        # past it are as common as each other for the order of the search.
        last = "(SELECT coalesce(max(id), 0) FROM tracker_claim)"
        counted = (
            "(SELECT count(*) FROM (SELECT 1 FROM tracker_claim_fts "
            f"WHERE tracker_claim_fts MATCH %s LIMIT CAST({last} * %s AS INTEGER) + 1))"
        )
        # whole words, not prefixes: FTS5 merges every word a prefix starts
        # before it can stop counting
        phrases = [" AND ".join(f'"{word}"' for word in words)]
        if len(words) > 1:
            phrases += [f'"{word}"' for word in words]
        cursor.execute(
            f"SELECT {last}, {', '.join([counted] * len(phrases))}",
            [value for phrase in phrases for value in (phrase, COMMON_SHARE)],
        )
        last, *found = cursor.fetchone()
        shares = [count / last if last else 0.0 for count in found]
        return shares[0], shares[1:] or shares


def reach_of_page(
    own_words: QuerySet, query: str, day, newest: bool, limit: int
) -> dict[str, tuple[str, list]]:
    """SQLite: for each word of ``query``, a subquery of the ids of the
    claims with the word in their own text that a page of ``limit`` claims
    read in date order can reach, from a position on ``day`` (None: from
    the start), forwards or ``newest`` first.

    ``own_words`` is the view's claims with every word in their own text,
    past the position (``own_words(..., by_date=True)``): each of them is on
    the page or after it, so the page ends at the ``limit``-th of them at
    the latest, found by reading CLAIMS_BY_DATE in date order from ``day``
    (one seek, then as many matches as it takes). For one word, those
    ``limit`` claims are the ones within reach; for several, each word's
    matches up to the last of them. With fewer than ``limit`` of them the
    page can reach the end."""
    fts, key = CLAIMS_BY_DATE, f"{CLAIMS_BY_DATE}.rowid"
    conditions, params = [], []
    if day is not None:
        # the whole day: the position may be an event, after every claim of its day
        if newest:
            conditions.append(f"{{key}} <= ({_day_key_sql()} | {CLAIM_ID_MASK})")
        else:
            conditions.append(f"{{key}} >= {_day_key_sql()}")
        params.append(day.isoformat())
    keyed = own_words.extra(where=[c.format(key=key) for c in conditions], params=params).order_by(
        RawSQL(key, []).desc() if newest else RawSQL(key, []).asc()
    )
    words = words_of(query)
    if len(words) == 1:
        sql, first_params = keyed.values_list("id", flat=True)[:limit].query.sql_with_params()
        return {words[0]: (sql, list(first_params))}
    last = keyed.annotate(timeline_key=RawSQL(key, [])).values_list("timeline_key", flat=True)
    sql, last_params = last[limit - 1 : limit].query.sql_with_params()
    if newest:
        conditions.append(f"{{key}} >= coalesce(({sql}), 0)")
    else:
        conditions.append(f"{{key}} <= coalesce(({sql}), {LARGEST_KEY})")
    within = " AND ".join(c.format(key=key) for c in conditions)
    return {
        word: (
            f"SELECT {key} & {CLAIM_ID_MASK} FROM {fts} WHERE {fts} MATCH %s AND {within}",
            [_fts5_term(word), *params, *last_params],
        )
        for word in words
    }


class _NotIndexed(Func):
    """A column the database must not look up through an index (SQLite's
    unary plus), so that it reads claims in date order and tests each."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def _tested_row_by_row(
    queryset: QuerySet,
    word: str,
    named: QuerySet,
    reach: dict[str, tuple[str, list]] | None = None,
):
    """The words condition in the form each engine tests row by row while
    reading claims or events in date order."""
    from .models import Event

    is_event = queryset.model is Event
    table, _ = INDEXED["event" if is_event else "claim"]
    if connection.vendor == "postgresql":
        query = "to_tsquery('english'::regconfig, %s)"
        in_text = RawSQL(f"{_document(table)} @@ {query}", [_tsquery_term(word)], BooleanField())
        # A scalar subquery, looked up for each row tested: as EXISTS the
        # planner would first collect every article with the word.
        in_title = RawSQL(
            f'(SELECT {_document("tracker_article")} FROM "tracker_article" '
            f'WHERE "tracker_article"."id" = "{table}"."article_id") @@ {query}',
            [_tsquery_term(word)],
            BooleanField(),
        )
        if is_event:
            return queryset, Q(in_text) | Q(pk__in=Event.ids_linked_to(named)) | Q(in_title)
        return queryset, Q(in_text) | Q(speaker__in=named) | Q(in_title)
    queryset = queryset.alias(walk_id=_NotIndexed("id"), walk_article=_NotIndexed("article_id"))
    if reach is None or is_event:
        in_text = Q(walk_id__in=_matching_ids("event" if is_event else "claim", word))
    else:
        in_text = Q(walk_id__in=RawSQL(*reach[word]))
    in_title = Q(walk_article__in=_matching_ids("article", word))
    if is_event:
        return queryset, in_text | Q(walk_id__in=Event.ids_linked_to(named)) | in_title
    queryset = queryset.alias(walk_speaker=_NotIndexed("speaker_id"))
    return queryset, in_text | Q(walk_speaker__in=named) | in_title


# -- schema, for the migration --------------------------------------------------


def create_indexes(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, columns in INDEXED.values():
        if vendor == "postgresql":
            _store_documents(schema_editor, table, columns)
        elif vendor == "sqlite":
            _create_fts(schema_editor, table, columns)


def _create_fts(schema_editor, table: str, columns: list[str], *, by_date: bool = False) -> None:
    """SQLite: an FTS5 table of ``table``'s words, kept in step by triggers,
    and filled. It reads the table's text (external content) and lists each
    row under its id; ``by_date`` (claims): CLAIMS_BY_DATE, contentless,
    each claim under its timeline key, moved when its date changes."""
    column_list = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    if by_date:
        fts, content = CLAIMS_BY_DATE, "''"
        new_key, old_key = claim_key_sql("new"), claim_key_sql("old")
        changes = f"{column_list}, stated_on"
    else:
        fts, content = f"{table}_fts", f"'{table}', content_rowid='id'"
        new_key, old_key, changes = "new.id", "old.id", column_list
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column_list}, "
        f"content={content}, tokenize='porter unicode61')"
    )
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column_list}) VALUES ({new_key}, {new}); END"
    )
    # A contentless table forgets a row only when given the words it was
    # indexed with: the old row's.
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column_list}) "
        f"VALUES ('delete', {old_key}, {old}); END"
    )
    schema_editor.execute(
        # only when the indexed words (or the key) change, not on every review
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update "
        f"AFTER UPDATE OF {changes} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column_list}) VALUES ('delete', {old_key}, {old}); "
        f"INSERT INTO {fts}(rowid, {column_list}) VALUES ({new_key}, {new}); END"
    )
    if by_date:
        schema_editor.execute(
            f"INSERT INTO {fts}(rowid, {column_list}) "
            f"SELECT {claim_key_sql(table)}, {column_list} FROM {table}"
        )
        # merged into one segment: the insert leaves many, and a query reads each
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    else:
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _drop_fts(schema_editor, fts: str) -> None:
    for suffix in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


def create_claims_by_date(schema_editor) -> None:
    """Migration 0010, SQLite: CLAIMS_BY_DATE, filled. Safe to run again."""
    if schema_editor.connection.vendor == "sqlite":
        table, columns = INDEXED["claim"]
        _drop_fts(schema_editor, CLAIMS_BY_DATE)
        _create_fts(schema_editor, table, columns, by_date=True)


def create_name_index(schema_editor) -> None:
    """Migration 0011: the actors' names indexed like the text (a stored
    document with a GIN index on PostgreSQL, an FTS5 table on SQLite).
    Safe to run again."""
    table, columns = NAMES
    if schema_editor.connection.vendor == "postgresql":
        _store_documents(schema_editor, table, columns)
    elif schema_editor.connection.vendor == "sqlite":
        _create_fts(schema_editor, table, columns)


def drop_name_index(schema_editor) -> None:
    _drop_search(schema_editor, NAMES[0])


def drop_claims_by_date(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        _drop_fts(schema_editor, CLAIMS_BY_DATE)


def _store_documents(schema_editor, table: str, columns: list[str]) -> None:
    """Each row's words in a generated column, with the GIN index on it (in
    place of an index on the expression, which left every row-by-row test
    to parse the text again). Safe to run again."""
    schema_editor.execute(
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{DOCUMENT_COLUMN}" tsvector '
        f"GENERATED ALWAYS AS ({_words_of_columns(columns)}) STORED"
    )
    schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
    schema_editor.execute(
        f'CREATE INDEX "{table}_search" ON "{table}" USING gin ("{DOCUMENT_COLUMN}")'
    )
    schema_editor.execute(f'ANALYZE "{table}"')


def store_documents(schema_editor) -> None:
    """Migration 0007: move PostgreSQL's search indexes onto stored documents."""
    if schema_editor.connection.vendor == "postgresql":
        for table, columns in INDEXED.values():
            _store_documents(schema_editor, table, columns)


def drop_indexes(schema_editor) -> None:
    for table, _ in INDEXED.values():
        _drop_search(schema_editor, table)


def _drop_search(schema_editor, table: str) -> None:
    """What create_indexes() made for ``table``: its stored document and
    GIN index, or its FTS5 table and triggers."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{DOCUMENT_COLUMN}"')
    elif schema_editor.connection.vendor == "sqlite":
        _drop_fts(schema_editor, f"{table}_fts")
