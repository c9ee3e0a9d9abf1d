"""Small charts drawn as inline SVG: the density strip over the timeline and
figures followed over time. Geometry is computed here; the templates only
draw it, so every label is escaped like any other text."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .fragments import digest
from .templatetags.tracker_tags import figure_amount, fuzzy_date

MAX_SERIES = 12
# A chart shows a series' newest reports, up to here: a figure reported every
# day for years would be a blur of marks and a table no one reads.
MAX_POINTS = 100
# Colours for speakers in a series, each with AA contrast on white.
PALETTE = ["#0b5cad", "#b3261e", "#1b6e36", "#7a3fb0", "#a15c00", "#00697a", "#5c5c5c", "#b0306a"]
WIDTH, HEIGHT, PAD = 640, 220, 36


@dataclass
class Bar:
    month: dt.date
    count: int
    x: float
    y: float
    width: float
    height: float
    query: str

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}: {self.count} entr{'y' if self.count == 1 else 'ies'}"


class Strip:
    """A view's density strip: its entries per month, and bars drawn from
    them only when first read. A strip kept by content (the template keeps
    it under ``key``) draws none: drawing and keying the rare actor's 27
    months of bars took 140 µs of its page made again on SQLite, keying
    them alone takes 11 µs. Reads as the list of its bars."""

    def __init__(self, months: list[tuple[dt.date, int]], rest: str, width: int, height: int):
        self.months, self.rest, self.width, self.height = months, rest, width, height

    @property
    def key(self) -> str:
        """A digest of everything the strip shows."""
        return digest((self.months, self.rest, self.width, self.height))

    @cached_property
    def bars(self) -> list[Bar]:
        months, height = self.months, self.height
        tallest = max(count for _, count in months) or 1
        step = self.width / len(months)
        bars = []
        for index, (month, count) in enumerate(months):
            last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            query = f"{self.rest}date_after={month.isoformat()}&date_before={last_day.isoformat()}"
            bar_height = round(max(height * count / tallest, 1 if count else 0), 2)
            bars.append(
                Bar(
                    month=month,
                    count=count,
                    x=round(index * step, 2),
                    y=round(height - bar_height, 2),
                    width=round(max(step - 1, 1), 2),
                    height=bar_height,
                    query=query,
                )
            )
        return bars

    def __iter__(self):
        return iter(self.bars)

    def __len__(self):
        return len(self.months)

    def __getitem__(self, index):
        # Templates try a name as a key first ({{ density.key }}): refused
        # without drawing the bars.
        if not isinstance(index, int | slice):
            raise TypeError("a strip's bars are read by position")
        return self.bars[index]


def density(view, width: int = WIDTH, height: int = 48) -> Strip | list:
    """Entries per month over the filtered range, as a strip whose bars
    each link to the same view narrowed to its month; an empty list when
    there are fewer than two months. One query."""
    months = view.monthly_counts()
    if len(months) < 2:
        return []
    # The view's other parameters are the same for every bar: a strip of a
    # few years has dozens of bars, and each query string costs a copy of the
    # request's parameters.
    rest = view.query_string(date_after=None, date_before=None)
    return Strip(months, f"{rest}&" if rest else "", width, height)


@dataclass
class Point:
    claim: object
    x: float
    y: float
    colour: str

    @property
    def label(self) -> str:
        claim = self.claim
        who = claim.speaker.name if claim.speaker else "the article"
        return (
            f"{fuzzy_date(claim.stated_on, claim.stated_precision)}: {figure_amount(claim)} ({who})"
        )


@dataclass
class Series:
    key: str
    subject: str
    claims: list
    points: list[Point] = field(default_factory=list)
    line: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    # Whether the series has older reports than these (MAX_POINTS).
    older_left_out: bool = False


def series(key: str, claims: list, older_left_out: bool = False) -> Series:
    """One figure followed over time: a mark per claim, coloured by who gave
    it, a line through the marks, and the days on which sources disagree."""
    subject = max(
        (c.figure_subject for c in claims), key=lambda s: sum(c.figure_subject == s for c in claims)
    )
    chart = Series(key=key, subject=subject, claims=claims, older_left_out=older_left_out)
    values = [c.figure_value for c in claims]
    days = [c.stated_on.toordinal() for c in claims]
    low, high = min(values), max(values)
    if low == high:
        low, high = (0, high * 1.1 or 1) if high >= 0 else (high * 1.1, 0)
    else:
        low = min(low, 0) if low >= 0 and high / max(low, 1e-9) > 3 else low
    first, last = min(days), max(days)
    span_days = max(last - first, 1)

    def x_of(day):
        return (
            round(PAD + (WIDTH - 2 * PAD) * (day - first) / span_days, 2)
            if last > first
            else WIDTH / 2
        )

    def y_of(value):
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / (high - low), 2)

    colours: dict[str, str] = {}
    for claim in claims:
        who = claim.speaker.name if claim.speaker else "the article"
        colour = colours.setdefault(who, PALETTE[len(colours) % len(PALETTE)])
        chart.points.append(
            Point(claim, x_of(claim.stated_on.toordinal()), y_of(claim.figure_value), colour)
        )
    chart.line = " ".join(f"{p.x},{p.y}" for p in chart.points)
    chart.legend = list(colours.items())
    chart.y_ticks = [(y_of(v), _short_number(v)) for v in (low, (low + high) / 2, high)]
    chart.x_ticks = [(x_of(d), fuzzy_date(dt.date.fromordinal(d))) for d in sorted({first, last})]
    chart.conflicts = _conflicts(claims)
    return chart


def _conflicts(claims: list) -> list[dict]:
    """Days on which sources give different values for the same thing."""
    by_day: dict[dt.date, list] = {}
    for claim in claims:
        by_day.setdefault(claim.stated_on, []).append(claim)
    conflicts = []
    for day, same_day in sorted(by_day.items()):
        values = {c.figure_value for c in same_day}
        if len(values) > 1:
            conflicts.append({"date": day, "claims": same_day})
    return conflicts


def _short_number(value: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"
