"""The timeline: claims and events interleaved in date order, a page at a
time or as a stream, grouped under year, month and day headings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from urllib.parse import urlencode

from django.db import connection, router
from django.db.models import QuerySet

from . import fragments, search
from .filters import TimelineFilter
from .models import (
    SHOWN_ACTOR_FIELDS,
    SHOWN_ARTICLE_FIELDS,
    SHOWN_CLAIM_FIELDS,
    SHOWN_EVENT_FIELDS,
    Actor,
    Article,
    Claim,
    Event,
    Precision,
)
from .rows import Compiled, Plan, RowsByKey

STREAM_CHUNK = 500
# Counting stops here: "more than 10,000 entries" is all a reader needs, and
# counting a million rows would cost more than showing them.
COUNT_CAP = 10_000
TYPE_RANK = {"claim": 0, "event": 1}
# The statements of the views made lately, compiled once per view (see
# TimelineView.statements_key): about 9 kB each, measured over 400.
STATEMENTS = Compiled(max_entries=2_000)


@dataclass(frozen=True)
class Position:
    """Where an entry sits in the timeline: its date, type and id. Its token
    ("2024-02-07~claim~123") is the cursor in page links."""

    date: dt.date
    kind: str
    id: int

    @property
    def token(self) -> str:
        return f"{self.date.isoformat()}~{self.kind}~{self.id}"

    def sort_key(self):
        return (self.date, TYPE_RANK[self.kind], self.id)

    @classmethod
    def parse(cls, token: str | None) -> Position | None:
        if not token:
            return None
        try:
            day, kind, pk = token.split("~")
            if kind not in TYPE_RANK or not pk.isdigit() or len(pk) > 18:
                return None
            return cls(dt.date.fromisoformat(day), kind, int(pk))
        except ValueError:
            return None


def _after(queryset, field_name: str, kind: str, position: Position | None, newest: bool):
    """The rows of one table that come after ``position`` in timeline order
    (or before it, going newest first). Claims sort before events on a day."""
    if position is None:
        return queryset
    day, own, theirs = position.date, TYPE_RANK[kind], TYPE_RANK[position.kind]
    if not newest:
        if own > theirs:
            return queryset.filter(**{f"{field_name}__gte": day})
        if own < theirs:
            return queryset.filter(**{f"{field_name}__gt": day})
        return queryset.filter(**{f"{field_name}__gte": day}).exclude(
            **{field_name: day, "id__lte": position.id}
        )
    if own < theirs:
        return queryset.filter(**{f"{field_name}__lte": day})
    if own > theirs:
        return queryset.filter(**{f"{field_name}__lt": day})
    return queryset.filter(**{f"{field_name}__lte": day}).exclude(
        **{field_name: day, "id__gte": position.id}
    )


@dataclass
class Window:
    """A page of the timeline and the positions around it."""

    entries: list
    has_next: bool
    has_previous: bool
    first: Position | None
    last: Position | None


@dataclass
class Count:
    """How many entries a view has: exact, at least ``value`` (the count
    stopped at the cap), or about ``value`` (estimated)."""

    value: int
    exact: bool
    estimated: bool = False


class Entry:
    """One line of the timeline: a claim or an event.

    Entries loaded by load_entries() keep the rows they were read from and
    build their model instances (the claim with its speaker and article, the
    event with its article and actors) only when something reads them. A
    page made again from kept parts (tracker/fragments.py) reads none: its
    entries' fingerprints come from the rows, and building the 150-200
    instances of a page was most of what loading its entries cost."""

    def __init__(self, date, precision, claim=None, event=None, actors=None):
        self.date = date
        self.precision = precision
        self.is_claim = claim is not None
        self.pk = (claim or event).pk
        self.kind = claim.kind if claim is not None else "event"
        self._instances = (claim, event, list(actors or ()))
        self._build = None
        self._rows = None

    @classmethod
    def unbuilt(cls, date, precision, kind: str, pk: int, rows: tuple, build) -> Entry:
        """An entry known by its ``rows`` (everything it shows, as read),
        whose instances ``build(rows)`` makes when first asked for."""
        entry = cls.__new__(cls)
        entry.date, entry.precision = date, precision
        entry.is_claim = kind != "event"
        entry.pk, entry.kind = pk, kind
        entry._instances, entry._build, entry._rows = None, build, rows
        return entry

    def _built(self) -> tuple:
        if self._instances is None:
            self._instances = self._build(self._rows)
        return self._instances

    @property
    def claim(self) -> Claim | None:
        return self._built()[0]

    @property
    def event(self) -> Event | None:
        return self._built()[1]

    @property
    def actors(self) -> list[Actor]:
        """An event's actors, by name."""
        return self._built()[2]

    @property
    def anchor(self) -> str:
        return f"claim-{self.pk}" if self.is_claim else f"event-{self.pk}"

    @property
    def article(self):
        return self.claim.article if self.is_claim else self.event.article

    def get_absolute_url(self) -> str:
        return (self.claim or self.event).get_absolute_url()

    @property
    def content(self) -> tuple:
        """Everything the entry shows, as plain values: the
        rows it was read from, or the values of its instances."""
        if self._rows is not None:
            return (self.date, self.precision, self.kind, self._rows)
        return (self.date, self.precision, self.kind, fragments.shown(self))

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything the entry shows (tracker.fragments)."""
        return fragments.fingerprint(self.content)


@dataclass(frozen=True)
class Scope:
    """What a view of the timeline narrows: all that readers may see, or a
    part of it (an actor's claims and the events they are in). The
    querysets are made when first needed; ``key`` names them as plain data,
    as part of the key of the view's compiled statements."""

    key: tuple
    claims: Callable[[], QuerySet]
    events: Callable[[], QuerySet]

    @classmethod
    def of_actor(cls, actor: Actor) -> Scope:
        """What ``actor`` said and the events they are in."""
        return cls(
            ("actor", actor.pk),
            lambda: Claim.objects.public().filter(speaker=actor),
            lambda: Event.objects.filter(actors=actor),
        )


EVERYTHING = Scope(("all",), lambda: Claim.objects.public(), lambda: Event.objects.all())


@dataclass
class TimelineView:
    """One view of the timeline: the filter with its validated form and the
    claims and events it selects. Built once per request, used by every
    output format. Its querysets are built when first read: a view whose
    statements are kept compiled (see ``statements_key``) reads none."""

    filter: TimelineFilter
    scope: Scope = EVERYTHING
    # Everything the view's statements are made from, so that they are
    # compiled once and kept (STATEMENTS): the database, the scope, the
    # filter's values with the chosen actors and article by id, and whether
    # the words are common. None for a view that is not valid, or whose
    # values cannot be named as plain data: compiled every time.
    statements_key: tuple | None = None

    problems: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, data, scope: Scope = EVERYTHING) -> TimelineView:
        """The view that ``data`` (a query string's values) selects from
        ``scope``. Validating it runs the queries its values need (the
        chosen actors, whether the words are common), and no other."""
        problems = unusable_values(data) if data else {}
        # Values that would reach the database in an unusable form are
        # refused before any query: the filter is left unbound.
        timeline_filter = TimelineFilter(None if problems else (data or None))
        view = cls(timeline_filter, scope, problems=problems)
        if view.is_valid:
            signature = timeline_filter.signature()
            if signature is not None:
                view.statements_key = (
                    router.db_for_read(Claim),
                    scope.key,
                    signature,
                    timeline_filter.weighed_words,
                    timeline_filter.words_are_common_in_events,
                )
        return view

    @cached_property
    def _scope_claims(self) -> QuerySet:
        return self.scope.claims()

    @cached_property
    def _scope_events(self) -> QuerySet:
        return self.scope.events()

    @cached_property
    def claims(self) -> QuerySet:
        """The view's claims."""
        return self.filter.claims(self._scope_claims)

    @cached_property
    def events(self) -> QuerySet:
        """The view's events."""
        return self.filter.events(self._scope_events)

    @cached_property
    def claims_in_date_order(self) -> QuerySet:
        """The same claims, built to be read in date order (see
        TimelineFilter.claims_in_date_order): what pages and streams read."""
        if not self.filter.words_are_common:
            return self.claims  # the same rows read the same way
        return self.filter.claims_in_date_order(self._scope_claims)

    @cached_property
    def events_in_date_order(self) -> QuerySet:
        if not self.filter.words_are_common_in_events:
            return self.events
        return self.filter.events_in_date_order(self._scope_events)

    @cached_property
    def own_words_claims(self) -> QuerySet | None:
        """For common words, the claims with the words in their own text:
        estimated rather than counted on PostgreSQL, counted first on SQLite
        (see count()); None otherwise."""
        if not self.filter.words_are_common:
            return None
        return self.filter.own_words(self._scope_claims)

    @cached_property
    def own_words_events(self) -> QuerySet | None:
        """The same for events, on PostgreSQL only (SQLite does not count
        them first)."""
        if not self.filter.words_are_common or connection.vendor != "postgresql":
            return None
        return self.filter.own_words(self._scope_events)

    def _compiled(self, purpose: tuple, make):
        """What ``make`` compiles for ``purpose`` (from the view's querysets),
        kept with the view's statements, or made now for a view without a
        key."""
        if self.statements_key is None:
            return make()
        return STATEMENTS.get((self.statements_key, purpose), make)

    @property
    def is_valid(self) -> bool:
        if self.problems:
            return False
        return not self.filter.is_bound or self.filter.is_valid()

    @property
    def errors(self) -> dict[str, list[str]]:
        if self.problems:
            return self.problems
        if self.is_valid:
            return {}
        return {field: [str(e) for e in errors] for field, errors in self.filter.errors.items()}

    @property
    def newest_first(self) -> bool:
        return self.filter.newest_first

    def window(self, after: str | None = None, before: str | None = None, size: int = 50) -> Window:
        """One page of entries next to a position in the timeline (keyset
        pagination: a page deep in the range costs what the first costs).
        Four queries: the page's claim and event keys, then the claims (with
        speaker and article) and the events (with article and actors), and
        one more for the events' actors."""
        position = Position.parse(before or after)
        backwards = bool(before) and position is not None
        keys = self._keys(position, size + 1, self.newest_first != backwards)
        more = len(keys) > size
        keys = keys[:size]
        if backwards:
            keys.reverse()
        entries = load_entries([(k.date, k.kind, k.id) for k in keys])
        return Window(
            entries=entries,
            has_next=more if not backwards else True,
            has_previous=(position is not None) if not backwards else more,
            first=keys[0] if keys else None,
            last=keys[-1] if keys else None,
        )

    def _keys(self, position, limit: int, newest: bool) -> list[Position]:
        """The next ``limit`` positions after ``position``, in the given
        direction, from both tables (one indexed query each)."""
        found = []
        for kind, in_date_order, field_name in (
            ("claim", "claims_in_date_order", "stated_on"),
            ("event", "events_in_date_order", "occurred_on"),
        ):

            def keys(in_date_order=in_date_order, field_name=field_name, kind=kind):
                if kind == "claim" and self._walks_keyed_matches:
                    queryset = self._claims_within_reach(position, limit, newest)
                else:
                    queryset = getattr(self, in_date_order).order_by()
                rows = _after(queryset, field_name, kind, position, newest)
                order = [f"-{field_name}", "-id"] if newest else [field_name, "id"]
                keys = rows.order_by(*order).values_list(field_name, "id")[:limit]
                return Plan.of(keys, router.db_for_read(keys.model))

            plan = self._compiled(("keys", kind, position, limit, newest), keys)
            for day, pk in plan.rows():
                found.append(Position(day, kind, pk))
        found.sort(key=Position.sort_key, reverse=newest)
        return found[:limit]

    @property
    def _walks_keyed_matches(self) -> bool:
        """Whether claims are read in date order with their words' matches
        limited to those the page can reach (SQLite, common words)."""
        return self.filter.words_are_common and connection.vendor == "sqlite"

    def _claims_within_reach(self, position: Position | None, limit: int, newest: bool):
        """The claims read in date order, each word tested against only its
        matches that a page of ``limit`` from ``position`` can reach (see
        search.reach_of_page): the same page, without listing every match."""
        own_words = self.filter.own_words(self._scope_claims, by_date=True)
        if own_words.query.is_empty():  # no claims in the view: none to read
            return self.claims_in_date_order.order_by()
        reach = search.reach_of_page(
            _after(own_words, "stated_on", "claim", position, newest),
            self.filter.form.cleaned_data["q"],
            position.date if position else None,
            newest,
            limit,
        )
        return self.filter.claims_in_date_order(self._scope_claims, reach).order_by()

    def count(self) -> Count:
        """How many entries match, counted up to COUNT_CAP per table so that a
        broad view never counts a million rows: one query, which counts the
        events only when the claims fall short of the cap (past it, the view
        has "more than COUNT_CAP" entries whatever the events add). For
        common words, counting even up to the cap would read every match of
        each word first. PostgreSQL estimates them from its planner's
        statistics instead (two EXPLAINs, no row read). SQLite counts the
        claims with the words in their own text first, which stops at the
        cap, and the others only when those fall short (events are too few
        for that to pay: their own words seldom reach the cap)."""
        if self.filter.words_are_common and connection.vendor == "postgresql":
            total = sum(
                search.estimated(
                    self._compiled(
                        ("estimate", own_words),
                        lambda own_words=own_words: search.estimate_statement(
                            getattr(self, own_words)
                        ),
                    )
                )
                for own_words in ("own_words_claims", "own_words_events")
            )
            return Count(_two_figures(total), exact=False, estimated=True)
        cap = COUNT_CAP
        statement = self._compiled(
            ("count", cap),
            lambda: search.capped_count_statement(
                self.claims, self.events, cap, at_least=self.own_words_claims
            ),
        )
        claims, events = search.counted(statement)
        if events is None:
            return Count(COUNT_CAP, exact=False)
        exact = claims <= COUNT_CAP and events <= COUNT_CAP
        return Count(min(claims, COUNT_CAP) + min(events, COUNT_CAP), exact)

    def stream(self, limit: int | None = None) -> Iterator[Entry]:
        """Every entry in order (up to ``limit``), loaded a chunk at a time
        by keyset, for exports of any size: a few queries per chunk."""
        after, sent = None, 0
        while True:
            size = STREAM_CHUNK if limit is None else min(STREAM_CHUNK, limit - sent)
            if size <= 0:
                return
            window = self.window(after=after, size=size)
            yield from window.entries
            sent += len(window.entries)
            if not window.has_next or window.last is None:
                return
            after = window.last.token

    def monthly_counts(self) -> list[tuple[dt.date, int]]:
        """Entries per month over the filtered range, months without entries
        included; one query. Only worth running on a view whose count is
        exact (at most COUNT_CAP entries)."""
        statement = self._compiled(("months",), self._monthly_counts_statement)
        if statement is None:
            return []
        counts: dict[dt.date, int] = {}
        with connection.cursor() as cursor:
            cursor.execute(*statement)
            for month_start, number in cursor.fetchall():
                if isinstance(month_start, str):
                    month_start = dt.date.fromisoformat(month_start)
                counts[month_start] = number
        if not counts:
            return []
        first, last = min(counts), max(counts)
        months, current = [], first
        while current <= last:
            months.append((current, counts.get(current, 0)))
            current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months

    def _monthly_counts_statement(self) -> tuple[str, list] | None:
        days, params = [], []
        for queryset, field_name in ((self.claims, "stated_on"), (self.events, "occurred_on")):
            if queryset.query.is_empty():  # none(): the events of a view of claims only
                continue
            sql, sql_params = queryset.order_by().values(field_name).query.sql_with_params()
            days.append(f"SELECT {field_name} AS entry_day FROM ({sql}) AS {field_name}_rows")
            params += sql_params
        if not days:
            return None
        # The view's rows grouped by month in the database's own terms (the
        # ORM's TruncMonth is a Python function called on every row on
        # SQLite), claims and events in one pass.
        if connection.vendor == "postgresql":
            month = "date_trunc('month', entry_day::timestamp)::date"
        else:
            month = "strftime('%%Y-%%m-01', entry_day)"
        return (
            f"SELECT {month}, count(*) FROM ({' UNION ALL '.join(days)}) AS entry_days GROUP BY 1",
            params,
        )

    def query_string(self, **changes) -> str:
        """The view's query string with some parameters changed (None removes)."""
        # Read, never changed: copying the request's QueryDict deep-copies it.
        data = self.filter.data if self.filter.is_bound else {}
        pairs = []
        keys = list(dict.fromkeys([*data.keys(), *changes.keys()]))
        for key in keys:
            if key in {"page", "after", "before"} and key not in changes:
                continue  # a position belongs to one page, not to the view
            if key in changes:
                value = changes[key]
                if value is None:
                    continue
                values = value if isinstance(value, list) else [value]
            else:
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            pairs += [(key, v) for v in values if v not in ("", None)]
        return urlencode(pairs)


def _two_figures(number: int) -> int:
    """An estimate said no more precisely than it is known: 81,160 -> 81,000."""
    if number < 100:
        return number
    scale = 10 ** (len(str(number)) - 2)
    return round(number / scale) * scale


MAX_ACTORS = 50
MAX_VALUE_CHARS = 200


def unusable_values(data) -> dict[str, list[str]]:
    """Problems with raw parameters that must not reach the database: NUL
    characters (PostgreSQL refuses them), more actors than a page can show,
    overlong values, article ids beyond any id."""
    problems: dict[str, list[str]] = {}
    getlist = data.getlist if hasattr(data, "getlist") else lambda key: [data[key]]
    for key in data:
        values = getlist(key)
        if any("\x00" in str(v) for v in values):
            problems.setdefault(key, []).append("This value contains a NUL character.")
        if key != "q" and any(len(str(v)) > MAX_VALUE_CHARS for v in values):
            problems.setdefault(key, []).append(f"Use at most {MAX_VALUE_CHARS} characters.")
    if "actor" in data and len(getlist("actor")) > MAX_ACTORS:
        problems.setdefault("actor", []).append(f"Choose at most {MAX_ACTORS} actors.")
    for value in getlist("article") if "article" in data else []:
        if value and not (str(value).isdigit() and len(str(value)) <= 18):
            problems.setdefault("article", []).append("Give an article by its number.")
    return problems


def _columns(model, shown: tuple[str, ...]) -> list[str]:
    """The columns of ``model`` that an entry shows, with its primary key,
    in the model's field order: what Model.from_db() takes."""
    names = {model._meta.pk.name, *shown}
    return [f.attname for f in model._meta.concrete_fields if f.name in names]


CLAIM_COLUMNS = _columns(Claim, SHOWN_CLAIM_FIELDS)
EVENT_COLUMNS = _columns(Event, SHOWN_EVENT_FIELDS)
ACTOR_COLUMNS = _columns(Actor, SHOWN_ACTOR_FIELDS)
ARTICLE_COLUMNS = _columns(Article, SHOWN_ARTICLE_FIELDS)
_CLAIM_DATE = CLAIM_COLUMNS.index("stated_on")
_CLAIM_PRECISION = CLAIM_COLUMNS.index("stated_precision")
_CLAIM_KIND = CLAIM_COLUMNS.index("kind")
_EVENT_DATE = EVENT_COLUMNS.index("occurred_on")
_EVENT_PRECISION = EVENT_COLUMNS.index("precision")


def load_entries(rows) -> list[Entry]:
    """Entries for (date, type, id) rows, in the rows' order: two queries for
    the claims (with speaker and article) and the events (with article), one
    for the events' actors. What they show is read as rows; the instances
    are built when an entry is read (see Entry)."""
    claim_ids = [pk for _, kind, pk in rows if kind == "claim"]
    event_ids = [pk for _, kind, pk in rows if kind == "event"]
    claims = _claim_rows(claim_ids) if claim_ids else {}
    events = _event_rows(event_ids) if event_ids else {}
    actors_of = _actor_rows(event_ids) if event_ids else {}
    using = router.db_for_read(Claim)
    entries = []
    for _, kind, pk in rows:
        if kind == "claim" and pk in claims:
            row = claims[pk]
            entries.append(
                Entry.unbuilt(
                    row[_CLAIM_DATE],
                    row[_CLAIM_PRECISION],
                    row[_CLAIM_KIND],
                    pk,
                    row,
                    partial(_built_claim, using),
                )
            )
        elif kind == "event" and pk in events:
            row = events[pk]
            entries.append(
                Entry.unbuilt(
                    row[_EVENT_DATE],
                    row[_EVENT_PRECISION],
                    "event",
                    pk,
                    (row, actors_of.get(pk, ())),
                    partial(_built_event, using),
                )
            )
    return entries


# The three queries of load_entries(), their columns set up once: naming two
# dozen columns across joins cost a page about as much as running the query.
_CLAIMS_SHOWN = RowsByKey(
    Claim.objects.values_list(
        *CLAIM_COLUMNS,
        *(f"speaker__{name}" for name in ACTOR_COLUMNS),
        *(f"article__{name}" for name in ARTICLE_COLUMNS),
    )
)
_EVENTS_SHOWN = RowsByKey(
    Event.objects.values_list(*EVENT_COLUMNS, *(f"article__{name}" for name in ARTICLE_COLUMNS))
)
_EVENT_ACTORS_SHOWN = RowsByKey(
    Event.actors.through.objects.order_by("actor__name", "actor__id").values_list(
        "event_id", *(f"actor__{name}" for name in ACTOR_COLUMNS)
    ),
    key="event_id",
)


def _claim_rows(ids: list[int]) -> dict[int, tuple]:
    """Each claim's shown columns, then its speaker's (None when the article
    states it), then its article's."""
    return {row[0]: row for row in _CLAIMS_SHOWN.rows(ids)}


def _event_rows(ids: list[int]) -> dict[int, tuple]:
    """Each event's shown columns, then its article's."""
    return {row[0]: row for row in _EVENTS_SHOWN.rows(ids)}


def _actor_rows(event_ids: list[int]) -> dict[int, tuple]:
    """Each event's actors by name, as rows: one query over the events' links
    joined with their actors."""
    actors: dict[int, list] = {}
    for event_id, *actor in _EVENT_ACTORS_SHOWN.rows(event_ids):
        actors.setdefault(event_id, []).append(tuple(actor))
    return {event_id: tuple(rows) for event_id, rows in actors.items()}


_ACTOR_END = len(CLAIM_COLUMNS) + len(ACTOR_COLUMNS)


def _built_claim(using: str, row: tuple) -> tuple:
    claim = Claim.from_db(using, CLAIM_COLUMNS, row[: len(CLAIM_COLUMNS)])
    speaker = row[len(CLAIM_COLUMNS) : _ACTOR_END]
    claim.speaker = Actor.from_db(using, ACTOR_COLUMNS, speaker) if speaker[0] is not None else None
    claim.article = Article.from_db(using, ARTICLE_COLUMNS, row[_ACTOR_END:])
    return claim, None, []


def _built_event(using: str, rows: tuple) -> tuple:
    row, actor_rows = rows
    event = Event.from_db(using, EVENT_COLUMNS, row[: len(EVENT_COLUMNS)])
    event.article = Article.from_db(using, ARTICLE_COLUMNS, row[len(EVENT_COLUMNS) :])
    actors = [Actor.from_db(using, ACTOR_COLUMNS, actor) for actor in actor_rows]
    return None, event, actors


@dataclass
class DayGroup:
    date: dt.date | None  # None for entries known only to the month or year
    entries: list[Entry] = field(default_factory=list)


@dataclass
class MonthGroup:
    date: dt.date | None  # None for entries known only to the year
    days: list[DayGroup] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    months: list[MonthGroup] = field(default_factory=list)


def group(entries: list[Entry]) -> list[YearGroup]:
    """Year headings, month headings under them, day headings under those. An
    entry known only to the month sits under its month without a day; one
    known only to the year sits under its year without a month."""
    years: list[YearGroup] = []
    for entry in entries:
        if not years or years[-1].year != entry.date.year:
            years.append(YearGroup(entry.date.year))
        year = years[-1]
        month_key = None if entry.precision == Precision.YEAR else entry.date.replace(day=1)
        if not year.months or year.months[-1].date != month_key:
            year.months.append(MonthGroup(month_key))
        month = year.months[-1]
        day_key = entry.date if entry.precision == Precision.DAY else None
        if not month.days or month.days[-1].date != day_key:
            month.days.append(DayGroup(day_key))
        month.days[-1].entries.append(entry)
    return years
