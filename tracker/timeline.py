"""The timeline: claims and events interleaved in date order, a page at a
time, grouped under month and day headings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Value

from .models import Claim, Event, Precision


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


@dataclass
class DayGroup:
    date: dt.date | None  # None for entries known only to the month or year
    entries: list[Entry] = field(default_factory=list)


@dataclass
class MonthGroup:
    date: dt.date
    precision: str  # "month", or "year" for entries known only to the year
    days: list[DayGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(d.entries) for d in self.days)


def timeline_page(
    claims, events, *, page_number=1, per_page=50, newest_first=False
) -> tuple[Page, list[Entry]]:
    """One page of the merged timeline.

    Runs a fixed number of queries whatever the page: the count, the page of
    (date, type, id) rows from a UNION of both tables, then the claims (with
    speaker and article) and the events (with article and actors).
    """
    claim_rows = (
        claims.order_by()
        .annotate(entry_date=F("stated_on"), entry_type=Value("claim", output_field=CharField()))
        .values_list("entry_date", "entry_type", "id")
    )
    event_rows = (
        events.order_by()
        .annotate(entry_date=F("occurred_on"), entry_type=Value("event", output_field=CharField()))
        .values_list("entry_date", "entry_type", "id")
    )
    direction = "-" if newest_first else ""
    # Ordered by date, then type, then id, so a page's contents are stable.
    rows = claim_rows.union(event_rows, all=True).order_by(
        f"{direction}entry_date", f"{direction}entry_type", f"{direction}id"
    )
    page = Paginator(rows, per_page).get_page(page_number)
    page_rows = list(page.object_list)
    claim_ids = [pk for _, kind, pk in page_rows if kind == "claim"]
    event_ids = [pk for _, kind, pk in page_rows if kind == "event"]
    claims_by_id = Claim.objects.for_display().in_bulk(claim_ids) if claim_ids else {}
    events_by_id = Event.objects.for_display().in_bulk(event_ids) if event_ids else {}
    entries = []
    for _, kind, pk in page_rows:
        if kind == "claim" and pk in claims_by_id:
            claim = claims_by_id[pk]
            entries.append(Entry(claim.stated_on, claim.stated_precision, claim=claim))
        elif kind == "event" and pk in events_by_id:
            event = events_by_id[pk]
            entries.append(Entry(event.occurred_on, event.precision, event=event))
    return page, entries


def group_by_month_and_day(entries: list[Entry]) -> list[MonthGroup]:
    """Month headings with day headings under them. An entry known only to
    the month sits under its month without a day; one known only to the year
    sits under a heading for the year."""
    months: list[MonthGroup] = []
    for entry in entries:
        if entry.precision == Precision.YEAR:
            key, precision = dt.date(entry.date.year, 1, 1), Precision.YEAR
        else:
            key, precision = entry.date.replace(day=1), Precision.MONTH
        if not months or (months[-1].date, months[-1].precision) != (key, precision):
            months.append(MonthGroup(key, precision))
        month = months[-1]
        day = entry.date if entry.precision == Precision.DAY else None
        if not month.days or month.days[-1].date != day:
            month.days.append(DayGroup(day))
        month.days[-1].entries.append(entry)
    return months
