"""The timeline: claims and events interleaved in date order, a page at a
time or as a stream, grouped under year, month and day headings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import TruncMonth

from .filters import TimelineFilter
from .models import Claim, Event, Precision

STREAM_CHUNK = 500


@dataclass
class Entry:
    """One line of the timeline: a claim or an event."""

    date: dt.date
    precision: str
    claim: Claim | None = None
    event: Event | None = None

    @property
    def kind(self) -> str:
        return self.claim.kind if self.claim else "event"

    @property
    def anchor(self) -> str:
        return f"claim-{self.claim.pk}" if self.claim else f"event-{self.event.pk}"

    @property
    def article(self):
        return self.claim.article if self.claim else self.event.article

    def get_absolute_url(self) -> str:
        return (self.claim or self.event).get_absolute_url()


@dataclass
class TimelineView:
    """One view of the timeline: the filter with its validated form and the
    claims and events it selects. Built once per request, used by every
    output format."""

    filter: TimelineFilter
    claims: object = None
    events: object = None

    problems: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, data, claims=None, events=None) -> TimelineView:
        claims = Claim.objects.public() if claims is None else claims
        events = Event.objects.all() if events is None else events
        problems = unusable_values(data) if data else {}
        # Values that would reach the database in an unusable form are
        # refused before any query: the filter is left unbound.
        timeline_filter = TimelineFilter(None if problems else (data or None), queryset=claims)
        view = cls(timeline_filter, problems=problems)
        if view.is_valid:
            view.claims = timeline_filter.qs
            view.events = timeline_filter.events(events)
        return view

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

    def rows(self):
        """(date, type, id) of every entry, in timeline order, from one UNION query."""
        claim_rows = (
            self.claims.order_by()
            .annotate(
                entry_date=F("stated_on"), entry_type=Value("claim", output_field=CharField())
            )
            .values_list("entry_date", "entry_type", "id")
        )
        event_rows = (
            self.events.order_by()
            .annotate(
                entry_date=F("occurred_on"), entry_type=Value("event", output_field=CharField())
            )
            .values_list("entry_date", "entry_type", "id")
        )
        direction = "-" if self.newest_first else ""
        # Ordered by date, then type, then id, so a page's contents are stable.
        return claim_rows.union(event_rows, all=True).order_by(
            f"{direction}entry_date", f"{direction}entry_type", f"{direction}id"
        )

    def page(self, number=1, per_page=50) -> tuple[Page, list[Entry]]:
        """One page of entries. Runs a fixed number of queries whatever the
        page: the count, the page's rows, the claims (with speaker and
        article) and the events (with article and actors)."""
        page = Paginator(self.rows(), per_page).get_page(number)
        return page, load_entries(list(page.object_list))

    def stream(self, limit: int | None = None) -> Iterator[Entry]:
        """Every entry in order, loaded a chunk at a time (four queries per
        chunk), for exports of any size."""
        rows = self.rows()
        if limit is not None:
            rows = rows[:limit]
        chunk = []
        for row in rows.iterator(chunk_size=STREAM_CHUNK):
            chunk.append(row)
            if len(chunk) == STREAM_CHUNK:
                yield from load_entries(chunk)
                chunk = []
        if chunk:
            yield from load_entries(chunk)

    def monthly_counts(self) -> list[tuple[dt.date, int]]:
        """Entries per month over the filtered range, months without entries
        included; two aggregate queries."""
        counts: dict[dt.date, int] = {}
        for queryset, field_name in ((self.claims, "stated_on"), (self.events, "occurred_on")):
            grouped = (
                queryset.order_by()
                .annotate(month=TruncMonth(field_name))
                .values("month")
                .annotate(n=Count("id"))
            )
            for row in grouped:
                month = row["month"]
                month = month.date() if isinstance(month, dt.datetime) else month
                counts[month] = counts.get(month, 0) + row["n"]
        if not counts:
            return []
        first, last = min(counts), max(counts)
        months, current = [], first
        while current <= last:
            months.append((current, counts.get(current, 0)))
            current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months

    def query_string(self, **changes) -> str:
        """The view's query string with some parameters changed (None removes)."""
        data = self.filter.data.copy() if self.filter.is_bound else {}
        pairs = []
        keys = list(dict.fromkeys([*data.keys(), *changes.keys()]))
        for key in keys:
            if key == "page":
                continue
            if key in changes:
                value = changes[key]
                if value is None:
                    continue
                values = value if isinstance(value, list) else [value]
            else:
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            pairs += [(key, v) for v in values if v not in ("", None)]
        return urlencode(pairs)


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


def load_entries(rows) -> list[Entry]:
    """Entries for (date, type, id) rows, in the rows' order: two queries for
    the claims and events, one for the events' actors."""
    claim_ids = [pk for _, kind, pk in rows if kind == "claim"]
    event_ids = [pk for _, kind, pk in rows if kind == "event"]
    claims = Claim.objects.for_display().in_bulk(claim_ids) if claim_ids else {}
    events = Event.objects.for_display().in_bulk(event_ids) if event_ids else {}
    entries = []
    for _, kind, pk in rows:
        if kind == "claim" and pk in claims:
            claim = claims[pk]
            entries.append(Entry(claim.stated_on, claim.stated_precision, claim=claim))
        elif kind == "event" and pk in events:
            event = events[pk]
            entries.append(Entry(event.occurred_on, event.precision, event=event))
    return entries


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
