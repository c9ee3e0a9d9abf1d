"""Temporal expressions: find them in text and give each a TIMEX3 value.

Rules find the expressions and decide their granularity; calendar dates written
out in words ("7 February 2024", "Feb. 7") are normalised by dateparser; values
that depend on the reading date ("Tuesday", "last week", "October 7") are
resolved against the article's date, or, for anaphoric ones ("the next day",
"two years later"), against the last full date the text mentioned.

Values follow TIMEX3: ``2024-02-07``, ``2024-02``, ``2024``, ``2024-W05``,
``2024-Q1``, ``2024-SU``, ``202`` (a decade), ``2024-02-07T15:00``,
``2024-02-07TNI``, ``P4.5M``, ``PT3H``, ``PXY``, ``PRESENT_REF``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .numbers import NUMBER_WORD, ORDINALS, format_number, parse_number

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


@dataclass(frozen=True)
class Timex:
    """A temporal expression: its words, where they are, its type and value."""

    text: str
    start: int
    end: int
    type: str
    value: str
    # For a duration that points from another date ("two days later"), the
    # date it points to; TIMEX3 keeps that in an anchor, we keep the value.
    points_to: str | None = None

    @property
    def date(self) -> dt.date | None:
        """The first day the expression names, for those that name a calendar
        day, month or year; None for weeks, seasons, durations and references."""
        return value_to_date(self.points_to or self.value)[0]

    @property
    def precision(self) -> str | None:
        """'day', 'month' or 'year' for calendar values; None otherwise."""
        return value_to_date(self.points_to or self.value)[1]

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "value": self.value,
            "type": self.type,
        }


_VALUE_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_VALUE_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_VALUE_YEAR = re.compile(r"^(\d{4})$")


def value_to_date(value: str) -> tuple[dt.date | None, str | None]:
    if match := _VALUE_DAY.match(value):
        try:
            return dt.date(*(int(g) for g in match.groups())), "day"
        except ValueError:
            return None, None
    if match := _VALUE_MONTH.match(value):
        year, month = (int(g) for g in match.groups())
        return (dt.date(year, month, 1), "month") if 1 <= month <= 12 else (None, None)
    if match := _VALUE_YEAR.match(value):
        return dt.date(int(match.group(1)), 1, 1), "year"
    return None, None


# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
UNIT_CODES = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "weekend": "WE",
    "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "millennium": "ML", "semester": "6M",
}  # fmt: skip

_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_CAPS_MONTH = r"(?:{})\.?".format(
    "JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    "|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC"
)
MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH}|{_CAPS_MONTH})(?![\w])"
_WEEKDAY_NAMES = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY = (
    rf"(?:{_WEEKDAY_NAMES}|(?:Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.|(?i:{_WEEKDAY_NAMES}))(?![\w])"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d%])"
SHORT_YEAR = r"'\d\d(?!\w)"
# Number words without "a"/"an", which only ever start a number ("a five-hour").
_COUNT_WORD = "|".join(w for w in NUMBER_WORD.split("|") if w not in {"a", "an"})
NUM = (
    rf"(?:\d+(?:\.\d+)?(?:[ -]\d/\d)?"
    rf"|(?i:(?:{_COUNT_WORD})(?:[ -](?:{_COUNT_WORD}))?)(?:-and-a-half| and a half)?|½)"
)
UNIT = (
    r"(?i:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?"
    r"|years?|decades?|centuries|century|millennium|millennia|semesters?)"
)
VAGUE_QUANTITY = r"(?i:a few|few|several|many|some|a couple of|couple of|the next few|a number of)"
PART_OF_DAY = r"(?i:morning|afternoon|evening|night)"
_I = "(?i:{})".format  # a case-insensitive group
_WORDS_1 = _I(r"last|this|next|the\spast|the\scoming")
_WORDS_2 = _I(r"this|last|early\sthis|late\slast|late\sthis")
_WORDS_3 = _I(r"last|this|next|this\spast|this\scoming|early|late")
_WORDS_4 = _I(r"a|an|several|a\sfew|few|some|a\scouple\sof|many")
_WORDS_5 = _I(r"ago|from\snow|hence|back")
# Modifiers TIMEX3 keeps inside the expression: "almost two years", "more than a decade"
_APPROXIMATELY = _I(
    # "over" and "under" are left out: as often the preposition ("over four months")
    r"about|around|almost|nearly|more\sthan|less\sthan|at\sleast|at\smost|up\sto"
    r"|roughly|approximately|some|just\sover|just\sunder|barely|only|well\sover"
)


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _weekday_number(text: str) -> int:
    return WEEKDAYS[text.lower().rstrip(".")]


# ---------------------------------------------------------------------------
# Resolution helpers
# ---------------------------------------------------------------------------


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: dt.date, amount: float, unit: str) -> str:
    """The value ``amount`` units away from ``day``, at the unit's granularity."""
    whole = int(amount)
    if unit == "D":
        return (day + dt.timedelta(days=whole)).isoformat()
    if unit == "W":
        return iso_week(day + dt.timedelta(weeks=whole))
    if unit == "M":
        return add_months(day, whole).strftime("%Y-%m")
    if unit == "Q":
        moved = add_months(day, 3 * whole)
        return f"{moved.year}-Q{(moved.month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{day.year + whole:04d}"
    if unit == "DE":
        return f"{(day.year + 10 * whole) // 10:03d}"
    if unit == "CE":
        return f"{(day.year + 100 * whole) // 100:02d}"
    if unit in {"TH", "TM", "TS"}:
        return day.isoformat()
    return day.isoformat()


def nearest_month_day(anchor: dt.date, month: int, day: int | None, tense: str | None) -> int:
    """The year of a month (and day) named without one. News speaks of dates
    near its own: the nearest occurrence wins when it is within a few months;
    further off, the tense decides (past or next), else the nearest."""
    this_year = anchor.year
    if day is None and month == anchor.month:
        return this_year

    def as_date(year):
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day or 1, last))

    candidates = [this_year - 1, this_year, this_year + 1]
    nearest = min(candidates, key=lambda y: (abs((as_date(y) - anchor).days), y > this_year))
    near_days = NEAR_DAYS if day else NEAR_DAYS_FOR_MONTHS
    if abs((as_date(nearest) - anchor).days) <= near_days:
        return nearest
    if tense == "past":
        return max(y for y in candidates if as_date(y) <= anchor)
    if tense == "future":
        return min(y for y in candidates if as_date(y) >= anchor)
    return nearest


# A month and day within this many days of the article's date is that one,
# whatever the tense ("payable Dec. 7" in a report of 27 October).
NEAR_DAYS = 120
# A month alone is the nearest only when it is next door; "in March" in a
# November report is last March or next March as the verb says.
NEAR_DAYS_FOR_MONTHS = 45


def weekend(anchor: dt.date, offset: int, tense: str | None) -> str:
    """The weekend meant: "the weekend" in a report written on a weekday is the
    one just past, unless the verb looks ahead."""
    if offset == 0 and tense != "future" and anchor.weekday() < 5:
        offset = -1
    day = anchor + dt.timedelta(weeks=offset)
    return f"{iso_week(day)}-WE"


def nearest_weekday(anchor: dt.date, weekday: int, tense: str | None) -> dt.date:
    """The weekday nearest the anchor in the direction of the tense (news
    reports look back, so the past is the default)."""
    delta = (weekday - anchor.weekday()) % 7
    if tense == "future":
        return anchor + dt.timedelta(days=delta)
    return anchor - dt.timedelta(days=(7 - delta) % 7)


@functools.cache
def _date_parser():
    """One dateparser instance for the process, reading only absolute dates
    (building one costs far more than using it)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PARSERS": ["absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "MDY",
        },
    )


@functools.lru_cache(maxsize=8192)
def calendar_date(text: str) -> dt.date | None:
    """A calendar date written out with day, month and year ("Feb. 7, 2024",
    "7 February 2024", "March 01, 2008"), normalised by dateparser; None if
    any part is missing or the date does not exist."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", " "))
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    cleaned = " ".join(cleaned.split())
    try:
        parsed = _date_parser().get_date_data(cleaned).date_obj
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@dataclass
class Context:
    """What a rule needs to resolve a value."""

    anchor: dt.date  # the article's date
    reference: dt.date  # the last full date mentioned, for anaphoric expressions
    tense: str | None  # "past", "future" or None around the expression
    reference_year: int | None = None  # the last year mentioned ("later that year")
    quarter: str | None = None  # a quarter the text reports on ("the third quarter")


# A rule's handler gives (type, value) or (type, value, the date it points to).
Rule = tuple[re.Pattern, Callable[[re.Match, Context], tuple[str, ...] | None]]
RULES: list[Rule] = []


def rule(pattern: str, flags: int = 0):
    def register(handler):
        # No expression starts inside a word (find_dates refuses such a
        # match), and saying so first lets the regex engine give up at once
        # at most places in a text: the rules ran in 0.32 s instead of 0.52 s
        # over 600 Reuters stories, with the same dates found.
        RULES.append((re.compile(rf"(?<![^\W_])(?:{pattern})", flags), handler))
        return handler

    return register


def _year_from(text: str, anchor: dt.date) -> int:
    text = text.strip()
    if text.startswith("'"):
        two = int(text[1:])
        century = anchor.year // 100 * 100
        year = century + two
        return year - 100 if year > anchor.year + 10 else year
    return int(text)


def _relative_year(word: str | None, anchor: dt.date) -> int:
    word = (word or "this").lower()
    return anchor.year + {"last": -1, "next": 1, "previous": -1, "following": 1}.get(word, 0)


# ISO dates, with an optional time: 2024-02-07, 2024-02-07T15:30
@rule(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?![\w-])")
def _iso(m, ctx):
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    if m[4]:
        return TIME, f"{day.isoformat()}T{m[4]}:{m[5]}"
    return DATE, day.isoformat()


# Numeric dates, month first as in US wire copy unless that is impossible: 2/7/2024
@rule(r"(?<![\w/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")
def _numeric(m, ctx):
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (first, second) if first <= 12 else (second, first)
    try:
        return DATE, dt.date(year, month, day).isoformat()
    except ValueError:
        return None


TIME_OF_DAY = (
    r"(?:(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s?(?P<ampm>[ap]\.?m\.?|[AP]\.?M\.?)(?![\w])"
    r"|(?P<hhmm>\d{1,2}):(?P<mm>\d{2})(?![\d:])|(?P<noon>(?i:noon|midday|midnight)))"
    r"(?:\s(?P<zone>[A-Z]{2,4}T|GMT|UTC|EST|EDT|PST|PDT|CET|BST)(?![\w]))?"
)


# Times, optionally with a day: "3 p.m.", "10:30 a.m. EST Thursday", "noon Friday"
@rule(
    rf"(?:(?P<pre_day>{_I('today|yesterday|tomorrow|tonight')}|{WEEKDAY}),?\s(?:at\s)?)?"
    + TIME_OF_DAY
    + rf"(?:,?\s(?:(?:on|of)\s)?(?P<day>{_I('today|yesterday|tomorrow')}|{WEEKDAY}"
    + rf"|(?P<date_month>{MONTH})\s(?P<date_day>{DAY})))?"
)
def _time(m, ctx):
    day_word = m["day"] or m["pre_day"]
    if m["date_month"]:
        month, number = _month_number(m["date_month"]), int(re.sub(r"\D", "", m["date_day"]))
        year = nearest_month_day(ctx.anchor, month, number, ctx.tense)
        day = dt.date(year, month, number)
    else:
        day = _deictic_day(day_word, ctx) if day_word else ctx.anchor
    if m["noon"]:
        hour, minute = (0, 0) if m["noon"].lower() == "midnight" else (12, 0)
    elif m["hhmm"]:
        hour, minute = int(m["hhmm"]), int(m["mm"])
        if not (m["zone"] or day_word):
            return None  # a bare 10:30 is too often a score or a ratio
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if m["ampm"].lower().startswith("p") and hour < 12:
            hour += 12
        elif m["ampm"].lower().startswith("a") and hour == 12:
            hour = 0
    if hour > 24 or minute > 59:
        return None
    return TIME, f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _deictic_day(word: str, ctx: Context) -> dt.date:
    word = word.lower().rstrip(".")
    if word in {"today", "tonight"}:
        return ctx.anchor
    if word == "yesterday":
        return ctx.anchor - dt.timedelta(days=1)
    if word == "tomorrow":
        return ctx.anchor + dt.timedelta(days=1)
    return nearest_weekday(ctx.anchor, _weekday_number(word), ctx.tense)


# Month, day and year: "February 7, 2024", "Tuesday, Feb. 6", "Feb 7th"
@rule(
    rf"(?:(?P<weekday>{WEEKDAY}),?\s)?(?P<month>{MONTH})\s(?P<day>{DAY})"
    rf"(?:(?:,\s?|\s)(?P<year>{YEAR}|{SHORT_YEAR}))?(?!\w)"
)
def _month_day_year(m, ctx):
    return _full_date(m, ctx)


# Day, month and year: "7 February 2024", "the 7th of February", "Tuesday 6 February"
@rule(
    rf"(?:(?P<weekday>{WEEKDAY}),?\s)?(?:(?i:the)\s)?(?P<day>{DAY})\s(?:(?i:of)\s)?(?P<month>{MONTH})"
    rf"(?:,?\s(?P<year>{YEAR}|{SHORT_YEAR}))?(?!\w)"
)
def _day_month_year(m, ctx):
    return _full_date(m, ctx)


def _full_date(m, ctx):
    month, day = _month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
    if m["year"]:
        year = _year_from(m["year"], ctx.anchor)
    else:
        year = nearest_month_day(ctx.anchor, month, day, ctx.tense)
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        return None
    parsed = calendar_date(f"{m['month']} {day} {year}")
    return DATE, (parsed or expected).isoformat()


_POSITION = (
    r"(?P<position>(?i:early|mid|middle|late|the\send\sof|the\sbeginning\sof|the\sstart\sof"
    r"|the\smiddle\sof|end|start|beginning)(?:\s|-))?"
)


# Month and year: "January 2024", "mid-January of 2023", "January this year"
@rule(
    rf"{_POSITION}(?P<month>{MONTH})(?:,?\s(?:of\s)?(?P<year>{YEAR}|{SHORT_YEAR})|\s(?P<rel>{_I('this|last|next')})\syear)(?![\w])"
)
def _month_year(m, ctx):
    month = _month_number(m["month"])
    year = _year_from(m["year"], ctx.anchor) if m["year"] else _relative_year(m["rel"], ctx.anchor)
    return DATE, f"{year:04d}-{month:02d}"


# A month alone: "in January", "last October", "early March"
@rule(rf"(?:(?P<rel>{_WORDS_1})\s|{_POSITION})?(?P<month>{MONTH})(?![\w])")
def _month(m, ctx):
    month_text = m["month"]
    ambiguous = month_text.rstrip(".").lower() in {"may", "march", "mar", "jan", "sat", "sun"}
    if ambiguous and not (m["rel"] or m["position"]) and not _preceded_by_time_preposition(m):
        return None
    if month_text.endswith(".") is False and month_text.isupper() and len(month_text) <= 4:
        return None  # "MAR", "DEC" in capitals are usually not months
    if (
        len(month_text) <= 4
        and not month_text.endswith(".")
        and re.match(r"\s+[A-Z][a-z]", m.string[m.end() : m.end() + 3])
    ):
        return None  # "Jan Kavan": a first name
    month = _month_number(month_text)
    rel = (m["rel"] or "").lower()
    if rel == "last" or rel == "the past":
        year = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif rel == "next" or rel == "the coming":
        year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel == "this":
        year = ctx.anchor.year
    else:
        year = nearest_month_day(ctx.anchor, month, None, ctx.tense)
    return DATE, f"{year:04d}-{month:02d}"


def _preceded_by_time_preposition(m) -> bool:
    before = m.string[max(0, m.start() - 12) : m.start()].lower()
    return bool(
        re.search(
            r"\b(in|since|until|till|by|from|through|during|before|after|of|to|and|early|late|mid)\s+$",
            before,
        )
    )


# Decades and centuries: "the 1990s", "the '80s", "the early 2000s", "the 20th century"
@rule(
    r"(?:(?i:the)\s)?(?:(?P<position>(?i:early|mid|late))[\s-])?(?:(?P<decade>(?:1[6-9]|20)\d0)'?s|'(?P<short>\d0)s)(?![\w])"
)
def _decade(m, ctx):
    if m["decade"]:
        return DATE, m["decade"][:3]
    year = _year_from("'" + m["short"], ctx.anchor)
    return DATE, str(year)[:3]


@rule(
    r"(?:(?i:the)\s)?(?P<ordinal>\d{1,2}(?:st|nd|rd|th)|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first))[\s-](?i:century)(?![\w])"
)
def _century(m, ctx):
    ordinal = m["ordinal"].lower()
    number = int(re.sub(r"\D", "", ordinal)) if ordinal[0].isdigit() else _ordinal(ordinal)
    return DATE, f"{number - 1:02d}"


def _ordinal(word: str) -> int:
    if word == "twenty-first":
        return 21
    return ORDINALS[word]


# Years: "2023", "early 1991", "fiscal 1988", "mid-2023", "the year 2000"
@rule(
    rf"(?:(?P<fiscal>(?i:fiscal)\s(?:(?i:year)\s)?)|(?i:the\syear)\s|{_POSITION})?(?<![\d$£€.,])(?P<year>{YEAR})(?![\w,.]\d)"
)
def _year(m, ctx):
    year = int(m["year"])
    follows = m.string[m.end() : m.end() + 14]
    if re.match(r"\s?(?:%|per\s?cent|percent)", follows):
        return None
    return DATE, str(year)  # a fiscal year is written as its year, as TimeBank does


# Quarters: "the third quarter", "the fourth quarter of 2023", "third-quarter", "Q3"
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}


@rule(
    # "the third quarter", but "third-quarter profit" without its article
    r"(?:(?P<det>(?i:the(?:\s(?:year-ago|year-earlier|(?P<det_year>(?:19|20)\d\d)))?|this\syear's|last\syear's|next\syear's))"
    r"\s(?=[\w-]+\s(?:(?i:fiscal|calendar)\s)?(?i:quarter)))?"
    r"(?:(?P<which>(?i:first|second|third|fourth|1st|2nd|3rd|4th|latest|current|last|past|previous|next|coming|final|same|year-earlier|year-ago))[\s-])"
    r"(?:(?i:fiscal|calendar)[\s-])?(?i:quarter)(?!s)"
    rf"(?:\s(?i:of)\s(?:(?i:fiscal)\s)?(?:(?P<year>{YEAR})|(?P<rel>(?i:this|last|next))\s(?i:year)|(?i:the\syear)))?(?![\w-])"
    r"|(?<![\w])(?P<q>[Qq][1-4])(?:\s(?P<qyear>\d{4}))?(?![\w])"
)
def _quarter(m, ctx):
    if m["q"]:
        year = int(m["qyear"]) if m["qyear"] else ctx.anchor.year
        return DATE, f"{year}-Q{m['q'][1]}"
    which = m["which"].lower()
    det = (m["det"] or "").lower()
    current_quarter = (ctx.anchor.month - 1) // 3 + 1
    year = ctx.anchor.year
    if m["year"]:
        year = int(m["year"])
    elif m["rel"]:
        year = _relative_year(m["rel"], ctx.anchor)
    elif m["det_year"]:
        year = int(m["det_year"])
    elif det.startswith("last") or "year-ago" in det or "year-earlier" in det:
        year -= 1
    elif det.startswith("next"):
        year += 1
    if which in _QUARTER_WORDS:
        return DATE, f"{year}-Q{_QUARTER_WORDS[which]}"
    if which in {"current", "this"}:
        return DATE, f"{year}-Q{current_quarter}"
    if which in {"latest", "last", "past", "previous", "final"} and not m["year"]:
        if which == "final":
            return DATE, f"{year}-Q4"
        q = current_quarter - 1 or 4
        return DATE, f"{year if current_quarter > 1 else year - 1}-Q{q}"
    if which in {"next", "coming"}:
        q = current_quarter % 4 + 1
        return DATE, f"{year if q > 1 else year + 1}-Q{q}"
    if which in {"year-earlier", "year-ago", "same"}:
        q = current_quarter - 1 or 4
        return DATE, f"{(year if current_quarter > 1 else year - 1) - 1}-Q{q}"
    return None


# The quarter or year a company reports on: "the quarter", "the latest
# period", "the fiscal year". A quarter is the last one completed, or the one
# the text already named.
@rule(
    r"(?P<det>(?i:the|this|that))\s(?:(?P<mod>(?i:latest|current|fiscal|full|current\sfiscal|same))\s)?"
    r"(?P<unit>(?i:quarter|period|year))(?![\w-])"
)
def _reporting_period(m, ctx):
    unit, mod, det = m["unit"].lower(), (m["mod"] or "").lower(), m["det"].lower()
    following = m.string[m.end() : m.end() + 12].lower()
    if re.match(r"\s*(before|after|earlier|later|ago|of)\b", following):
        return None
    if re.match(r"\s+(ended|ending|to)\b", following) and unit == "year":
        return DURATION, "P1Y"  # "the year ended March 31" is a span of a year
    if unit == "year":
        if mod in {"fiscal", "full", "current fiscal", "current"}:
            return DATE, str(ctx.anchor.year)
        return None
    if det == "this" and unit == "quarter":
        return DATE, f"{ctx.anchor.year}-Q{(ctx.anchor.month - 1) // 3 + 1}"
    if ctx.quarter:
        return DATE, ctx.quarter
    if unit == "period" and mod != "latest":
        return None
    last_completed = add_months(ctx.anchor.replace(day=1), -3)
    return DATE, f"{last_completed.year}-Q{(last_completed.month - 1) // 3 + 1}"


# "the 1988 period": the reported quarter in that year
@rule(r"(?i:the)\s(?P<year>(?:19|20)\d\d)\s(?P<unit>(?i:period|quarter))(?![\w-])")
def _year_period(m, ctx):
    if ctx.quarter:
        return DATE, f"{m['year']}-{ctx.quarter.split('-')[1]}"
    return DATE, m["year"]


# Halves: "the first half of 2023", "the second half"
@rule(
    r"(?:(?i:the)\s)?(?P<which>(?i:first|second|1st|2nd))[\s-](?i:half)"
    rf"(?:\s(?i:of)\s(?:(?P<year>{YEAR})|(?P<rel>(?i:this|last|next))\s(?i:year)|(?i:the\syear)))?(?![\w-])"
)
def _half(m, ctx):
    year = int(m["year"]) if m["year"] else _relative_year(m["rel"], ctx.anchor)
    return DATE, f"{year}-H{1 if m['which'].lower() in {'first', '1st'} else 2}"


# Seasons: "this summer", "last fall", "the spring of 2023", "winter 2023"
@rule(
    r"(?:(?P<rel>(?i:this|last|next|early|late|the|this\spast|the\scoming|the\spast))\s)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
    rf"(?:\s(?:(?i:of)\s)?(?P<year>{YEAR}))?(?![\w])"
)
def _season(m, ctx):
    code = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    if not rel and not m["year"]:
        return None  # "fall" and "spring" are verbs and nouns too
    if m["season"].lower() == "fall" and rel in {"the", "early", "late"} and not m["year"]:
        following = m.string[m.end() : m.end() + 4]
        if following.startswith(" of"):
            return None  # "the fall of the government"
    if m["year"]:
        year = int(m["year"])
    elif rel in {"last", "this past", "the past"}:
        start = SEASON_START_MONTH[code]
        year = ctx.anchor.year if start < ctx.anchor.month - 2 else ctx.anchor.year - 1
    elif rel in {"next", "the coming"}:
        start = SEASON_START_MONTH[code]
        year = ctx.anchor.year if start > ctx.anchor.month else ctx.anchor.year + 1
    else:
        year = ctx.anchor.year
    return DATE, f"{year}-{code}"


# Days named relative to today: "yesterday", "tomorrow morning", "the day before yesterday"
@rule(
    r"(?P<word>(?i:the\sday\sbefore\syesterday|the\sday\safter\stomorrow|today|yesterday|tomorrow|tonight|overnight))"
    rf"(?:\s(?P<part>{PART_OF_DAY}))?(?!\w)"
)
def _deictic(m, ctx):
    word = m["word"].lower()
    if word == "overnight":
        return None
    if word.startswith("the day before"):
        day = ctx.anchor - dt.timedelta(days=2)
    elif word.startswith("the day after"):
        day = ctx.anchor + dt.timedelta(days=2)
    else:
        day = _deictic_day(word, ctx)
    if word == "tonight":
        return TIME, f"{day.isoformat()}TNI"
    return DATE, day.isoformat()


# "this morning", "this evening", "last night"
@rule(rf"(?P<rel>{_WORDS_2})\s(?P<part>{PART_OF_DAY})(?![\w])")
def _part_of_today(m, ctx):
    rel = m["rel"].lower()
    part = m["part"].lower()
    day = ctx.anchor
    if rel.endswith("last"):
        day -= dt.timedelta(days=1)
    return TIME, f"{day.isoformat()}T{PARTS_OF_DAY[part]}"


# Weekdays: "Tuesday", "last Friday", "next Monday", "Wednesday night"
@rule(
    rf"(?:(?P<rel>{_WORDS_3})\s)?(?P<weekday>{WEEKDAY})"
    rf"(?:\s(?P<part>{PART_OF_DAY}))?(?![\w])"
)
def _weekday(m, ctx):
    weekday = _weekday_number(m["weekday"])
    rel = (m["rel"] or "").lower()
    if m["weekday"].rstrip(".").lower() in {"sun", "sat", "wed", "mon"} and not m[
        "weekday"
    ].endswith("."):
        return None
    tense = ctx.tense
    if rel in {"last", "this past"}:
        day = nearest_weekday(ctx.anchor - dt.timedelta(days=1), weekday, "past")
    elif rel in {"next", "this coming"}:
        day = nearest_weekday(ctx.anchor + dt.timedelta(days=1), weekday, "future")
    else:
        day = nearest_weekday(ctx.anchor, weekday, tense)
    return DATE, day.isoformat()


# Weeks, months, years around the article's date: "last week", "this year",
# "earlier this month", "the past year", "the weekend", "the year"
_RELATIVE_WORD = (
    r"this|last|next|the\spast|the\sprevious|the\scoming|the\sfollowing|the\scurrent"
    r"|the\slatest|the\ssame|the\sprior|the\snext|the\slast|earlier\sthis|later\sthis"
    r"|early\sthis|late\sthis|earlier\slast|late\slast|early\slast|early\snext|late\snext"
    r"|later\snext|so\sfar\sthis|the\searlier|a\s(?=weekend)"
)


@rule(
    rf"(?P<rel>(?i:{_RELATIVE_WORD}))\s(?P<unit>(?i:week|weekend|month|year|decade|century))(?![\w-])"
    r"(?P<ago>(?i:\sago))?"
)
def _relative_unit(m, ctx):
    rel = " ".join(m["rel"].lower().split())
    unit = m["unit"].lower()
    anchored = (
        ctx.reference
        if rel in {"the following", "the previous", "the prior", "the same", "the earlier"}
        else ctx.anchor
    )
    if m["ago"] or rel.endswith("last") or rel in {"the previous", "the prior", "the earlier"}:
        offset = -1
    elif rel.endswith("next") or rel in {"the coming", "the following"}:
        offset = 1
    else:
        offset = 0
    if rel in {"the past", "the last", "the next", "the coming"} and unit != "weekend":
        # "the past year" is the stretch of time, not the calendar year
        return DURATION, f"P1{UNIT_CODES[unit].lstrip('T')}"
    if unit == "weekend":
        return DATE, weekend(anchored, offset, ctx.tense)
    code = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit]
    return DATE, shift(anchored, offset, code)


# "the weekend", "the week", "the month", "the year", "the day"
@rule(
    r"(?:(?i:later|earlier|early|late)\s)?(?P<det>(?i:the|this|that))\s"
    r"(?P<unit>(?i:weekend|week|month|year|day))(?![\w-])"
)
def _the_unit(m, ctx):
    unit = m["unit"].lower()
    det = m["det"].lower()
    following = m.string[m.end() : m.end() + 10].lower()
    if re.match(r"\s*(before|after|earlier|later|ago)", following) or re.match(
        r"[’']s\b", following
    ):
        return None
    if det == "that" and unit == "day":
        return DATE, ctx.reference.isoformat()
    if det == "that" and unit in {"year", "month"} and ctx.reference_year:
        if unit == "year":
            return DATE, str(ctx.reference_year)
        return DATE, ctx.reference.strftime("%Y-%m")
    if unit == "day":
        return None
    if unit == "weekend":
        return DATE, weekend(ctx.anchor, 0, ctx.tense)
    if unit == "week":
        return DATE, iso_week(ctx.anchor)
    return DATE, shift(ctx.anchor, 0, {"month": "M", "year": "Y"}[unit])


# Distances from a date: "two years ago", "a week earlier", "the next day",
# "three days later", "a year before", "10 days from now"
@rule(
    # "a year earlier" first: in results it means the same quarter a year before
    r"(?P<year_earlier>(?i:(?:the\s)?(?:year-earlier|year-ago|comparable|corresponding|same)\speriod"
    r"(?:\slast\syear|\sa\syear\sago)?|a\syear\searlier|year-earlier|year-ago|a\syear\sago))(?![\w-])"
    rf"|(?:{_APPROXIMATELY}\s)?(?P<count>{NUM}|{_WORDS_4})[\s-](?P<unit>{UNIT})"
    rf"\s(?P<direction>{_WORDS_5})(?![\w])"
    # "two days later": the duration is the expression, "later" only points it
    rf"|(?:{_APPROXIMATELY}\s)?(?P<rcount>{NUM}|{_WORDS_4})[\s-](?P<runit>{UNIT})"
    r"(?=\s(?P<rdirection>(?i:earlier|later|before|after|previously))\b)"
    r"|(?P<ordinal>(?i:the\snext|the\sfollowing|the\sprevious|the\sday\safter|a\sday\slater))"
    r"\s?(?P<unit2>(?i:day|morning|evening|night|week|month|year)?)(?![\w])"
)
def _distance(m, ctx):
    if m["year_earlier"]:
        if ctx.quarter:  # results compared with the same quarter a year before
            year, quarter = ctx.quarter.split("-")
            return DATE, f"{int(year) - 1}-{quarter}"
        return DATE, str(ctx.anchor.year - 1)
    if m["ordinal"]:
        word = m["ordinal"].lower()
        unit = (m["unit2"] or "").lower()
        if word in {"the day after", "a day later"}:
            return DATE, (ctx.reference + dt.timedelta(days=1)).isoformat()
        if not unit:
            return None
        step = -1 if "previous" in word else 1
        if unit in {"day", "morning", "evening", "night"}:
            return DATE, (ctx.reference + dt.timedelta(days=step)).isoformat()
        code = {"week": "W", "month": "M", "year": "Y"}[unit]
        if word == "the next" and ctx.reference == ctx.anchor:
            return DURATION, f"P1{code}"
        return DATE, shift(ctx.reference, step, code)
    relative = bool(m["rcount"])
    unit = (m["runit"] if relative else m["unit"]).lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    code = UNIT_CODES.get(unit, "D")
    count_words = m["rcount"] if relative else m["count"]
    count = parse_number(count_words)
    direction = (m["rdirection"] if relative else m["direction"]).lower()
    if relative:
        amount = "X" if count is None else format_number(count)
        if count_words.lower() in {"a couple of", "couple of"}:
            amount = "2"
        duration = _duration_value(amount, code)
        if count is None or code in {"TH", "TM", "TS", "WE"}:
            return DURATION, duration
        sign = -1 if direction in {"earlier", "before", "previously"} else 1
        return DURATION, duration, shift(ctx.reference, sign * count, code)
    sign = -1 if direction in {"ago", "earlier", "before", "previously", "back"} else 1
    base = ctx.anchor if direction in {"ago", "from now", "hence", "back"} else ctx.reference
    if count is None:
        # "several years ago": the granularity is known, the distance is not
        return DATE, "PAST_REF" if sign < 0 else "FUTURE_REF"
    if code in {"TH", "TM", "TS"}:
        return DATE, base.isoformat()
    if code == "WE":
        code = "W"
    return DATE, shift(base, sign * count, code)


# Durations: "four-and-a-half months", "the past two weeks", "24 hours",
# "a decade", "several years", "30-year", "the first nine months"
@rule(
    rf"(?:(?P<det>(?i:the\s(?:past|last|next|coming|previous|first|final|latest|following|remaining|full|entire|whole|better\spart\sof\sthe|same)|(?:an?\s)?(?:additional|further|extra|another)|the))\s)?"
    rf"(?:{_APPROXIMATELY}\s)?(?:(?P<count>{NUM})|(?P<vague>{VAGUE_QUANTITY})|(?P<article>{_I('an?')}))"
    rf"(?:\s(?i:more|additional|further))?\s(?P<unit>{UNIT})(?![\w-])"
    # "a two-year term": the adjective without its article; "a 6-year-old" is an age
    rf"|(?<![\w-])(?P<hyphen_count>{NUM})-(?P<hyphen_unit>{UNIT})(?P<long>-long)?(?![\w-])"
)
def _duration(m, ctx):
    if m["hyphen_count"]:
        unit = m["hyphen_unit"].lower().rstrip("s")
        if unit in {"quarter", "half"} and re.match(r"\s+of\b", m.string[m.end() : m.end() + 4]):
            return None  # "three-quarters of its food" is a fraction
        count = parse_number(m["hyphen_count"])
        if count is None or unit not in UNIT_CODES:
            return None
        return DURATION, _duration_value(format_number(count), UNIT_CODES[unit])
    unit = m["unit"].lower()
    following = m.string[m.end() : m.end() + 12]
    if re.match(r"\s+of\b", following) and unit in {"quarter", "half"}:
        return None  # "a quarter of the population" is a fraction
    if re.match(r"\s+old\b", following):
        return None  # "52 years old" is an age
    if unit == "second" and m["article"] and re.match(r"\s+[a-z]", following):
        return None  # "a second group" is an ordinal
    if unit.endswith("ies"):
        unit = "century"
    unit = unit.rstrip("s") if unit not in {"millennia"} else "millennium"
    code = UNIT_CODES.get(unit)
    if code is None:
        return None
    if m["count"]:
        count = parse_number(m["count"])
        if count is None or count > 10_000:
            return None
        amount = format_number(count)
    elif m["vague"]:
        amount = "2" if "couple" in m["vague"].lower() else "X"
    else:
        amount = "1"
    if m["count"] and count >= 1000 and m["unit"][-1:] != "s":
        return None  # "the 1988 second quarter"
    return DURATION, _duration_value(amount, code)


def _duration_value(amount: str, code: str) -> str:
    """A TIMEX3 duration: decades and centuries in years (P20Y), fractions
    of years and hours carried into the next unit (P2Y6M, PT5H30M)."""
    if code in {"DE", "CE"} and amount != "X":
        return f"P{format_number(float(amount) * (10 if code == 'DE' else 100))}Y"
    if code == "Y" and "." in amount:
        years = float(amount)
        return f"P{int(years)}Y{round((years - int(years)) * 12)}M"
    if code.startswith("T"):
        if "." in amount and code == "TH":
            hours = float(amount)
            return f"PT{int(hours)}H{round((hours - int(hours)) * 60)}M"
        return f"PT{amount}{code[1:]}"
    if code == "WE":
        return f"P{amount}WE"
    if code == "2W":
        return "P2W" if amount == "1" else f"P{amount}W"
    if code == "6M":
        return f"P{amount}H"
    return f"P{amount}{code}"


# Unquantified durations: "years", "decades", "recent years", "months"
@rule(
    r"(?:(?P<mod>(?i:recent|coming|past|previous|earlier|the\scoming|the\spast))\s)?"
    r"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries))(?![\w])"
)
def _plural_units(m, ctx):
    unit = m["unit"].lower()
    mod = (m["mod"] or "").lower()
    before = m.string[max(0, m.start() - 12) : m.start()].lower()
    if not mod and not re.search(r"\b(for|over|in|within|after|than|take|takes|took)\s+$", before):
        return None
    code = UNIT_CODES["century" if unit == "centuries" else unit[:-1]]
    return DURATION, _duration_value("X", code)


# Sets: "every week", "each year", "daily", "twice a month", "annually"
@rule(
    r"(?P<every>(?i:every|each))\s(?:(?P<other>(?i:other))\s)?(?P<unit>(?i:day|week|month|year|quarter|hour|morning|evening|night|weekend)|"
    + WEEKDAY
    + rf"|(?P<each_month>{_FULL_MONTH}))(?![\w])"
    r"|(?P<adverb>(?i:daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually))(?![\w])"
    r"|(?P<freq>(?i:once|twice|\w+\stimes))\s(?:a|per|an)\s(?P<per>(?i:day|week|month|year|hour|decade))(?![\w])"
)
def _set(m, ctx):
    if m["adverb"] and m["adverb"].lower() in {"quarterly", "monthly"} and _used_as_adjective(m):
        return None  # "a quarterly dividend" is no recurrence of time
    if m["adverb"]:
        code = {
            "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
            "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
            "biweekly": "P2W", "semiannually": "P6M",
        }[m["adverb"].lower()]  # fmt: skip
        return SET, code
    if m["freq"]:
        return SET, _duration_value("1", UNIT_CODES[m["per"].lower()])
    if m["each_month"]:
        return SET, f"XXXX-{_month_number(m['each_month']):02d}"
    unit = m["unit"].lower().rstrip(".")
    if unit in WEEKDAYS:
        return SET, f"XXXX-WXX-{WEEKDAYS[unit] + 1}"
    if unit in PARTS_OF_DAY:
        return SET, f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
    amount = "2" if m["other"] else "1"
    return SET, _duration_value(amount, UNIT_CODES[unit])


_FUNCTION_WORDS = {
    "in", "on", "at", "and", "or", "to", "for", "by", "from", "since", "until", "as", "with",
    "the", "a", "an", "but", "than", "over", "during", "through", "into", "after", "before",
}  # fmt: skip


def _used_as_adjective(m) -> bool:
    following = re.match(r"\s+([A-Za-z]+)", m.string[m.end() : m.end() + 30])
    return bool(following) and following.group(1).lower() not in _FUNCTION_WORDS


# Holidays: "Thanksgiving", "Christmas Day", "Election Day", "Easter week"
def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    if n > 0:
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


HOLIDAYS = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "halloween": lambda y: dt.date(y, 10, 31),
    "independence day": lambda y: dt.date(y, 7, 4),
    "bastille day": lambda y: dt.date(y, 7, 14),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "easter sunday": _easter,
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
}
_HOLIDAY_PATTERN = "|".join(
    re.sub(r"\s", r"\\s", re.escape(name).replace("'", "['’]"))
    for name in sorted(HOLIDAYS, key=len, reverse=True)
)


@rule(
    rf"(?:(?P<rel>{_I('last|this|next')})\s)?(?P<holiday>(?i:{_HOLIDAY_PATTERN}))"
    rf"(?:\s(?P<week>(?i:week)))?(?:,?\s(?P<year>{YEAR}))?(?![\w'’])"
)
def _holiday(m, ctx):
    name = m["holiday"].lower().replace("’", "'")
    name = " ".join(name.split())
    make = HOLIDAYS[name]
    if m["year"]:
        day = make(int(m["year"]))
    else:
        rel = (m["rel"] or "").lower()
        this_year = make(ctx.anchor.year)
        nearby = [make(ctx.anchor.year + k) for k in (-1, 0, 1)]
        closest = min(nearby, key=lambda d: abs((d - ctx.anchor).days))
        if not rel and abs((closest - ctx.anchor).days) <= 60:
            day = closest
        elif rel == "last" or (not rel and ctx.tense == "past"):
            day = this_year if this_year <= ctx.anchor else make(ctx.anchor.year - 1)
        elif rel == "next" or ctx.tense == "future":
            day = this_year if this_year >= ctx.anchor else make(ctx.anchor.year + 1)
        else:
            candidates = [make(ctx.anchor.year + k) for k in (-1, 0, 1)]
            day = min(candidates, key=lambda d: abs((d - ctx.anchor).days))
    if m["week"]:
        return DATE, iso_week(day)
    return DATE, day.isoformat()


# Years in words: "nineteen ninety-six", "two thousand and one"
_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"


@rule(
    rf"(?:(?i:the\syear)\s)?(?P<century>(?i:nineteen|eighteen|twenty))[\s-](?P<tens>(?i:{_TENS_WORDS}))"
    rf"(?:[\s-](?P<unit>(?i:{_UNIT_WORDS})))?(?![\w-])"
    rf"|(?:(?i:the\syear)\s)?(?i:two\sthousand)(?:(?:\sand)?\s(?P<small>(?i:{_UNIT_WORDS}|{_TEEN_WORDS})))?(?![\w-])"
)
def _year_in_words(m, ctx):
    from .numbers import TENS, UNITS

    if m["century"]:
        hundreds = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["century"].lower()]
        year = (
            hundreds * 100
            + TENS[m["tens"].lower()]
            + (UNITS[m["unit"].lower()] if m["unit"] else 0)
        )
    else:
        if not m.group(0).lower().startswith("the year") and not _preceded_by_time_preposition(m):
            return None  # "two thousand people"
        small = (m["small"] or "").lower()
        year = 2000 + (UNITS.get(small) or {"ten": 10, "eleven": 11, "twelve": 12}.get(small, 0))
    return DATE, str(year)


# "year-end", "the end of the year"
@rule(r"(?P<end>(?i:year-end|year\send|the\send\sof\s(?:the|this|last)\syear))(?![\w-])")
def _year_end(m, ctx):
    words = m["end"].lower()
    year = ctx.anchor.year
    since = m.string[max(0, m.start() - 6) : m.start()].lower().strip() == "since"
    if "last" in words or since or (ctx.tense == "past" and "this" not in words):
        year -= 1
    return DATE, f"{year}-12-31"


# "in the weeks before the vote", "the days ahead"
@rule(
    r"(?<=\bthe\s)(?P<unit>(?i:days|weeks|months|years))(?=\s(?i:before|after|ahead|since|following|leading|to\scome))"
)
def _the_units_around(m, ctx):
    return DURATION, _duration_value("X", UNIT_CODES[m["unit"].lower()[:-1]])


# Present, past and future references: "now", "recently", "the future". Words
# that are as often not about time ("previously", "soon", "recent") are left out.
_REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "today's": "PRESENT_REF", "right now": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}  # fmt: skip


@rule(
    r"(?<![\w'’-])(?P<ref>(?i:the\snear\sfuture|the\sfuture|as\ssoon\sas\spossible|the\spast"
    r"|at\spresent|these\sdays|right\snow|now|currently|nowadays|presently|recently|lately"
    r"|formerly|current))(?![\w'’-])"
)
def _reference(m, ctx):
    ref = " ".join(m["ref"].lower().split())
    following = m.string[m.end() : m.end() + 16].lower()
    if ref == "current" and not re.match(r"\s+[a-z]", following):
        return None
    if ref == "the past" and re.match(
        r"\s+(few|two|three|four|five|six|seven|eight|nine|ten|\d|several|week|month|year|decade|day|couple|century)",
        following,
    ):
        return None
    return DATE, _REFERENCES[ref]


# ---------------------------------------------------------------------------
# Finding expressions
# ---------------------------------------------------------------------------

# Words a rule's match must contain. Scanning a whole article with every rule
# costs more than spaCy's parse; a rule only runs near its words instead.
_UNIT_WORDS_ANCHOR = (
    r"(?i)\b(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur|millenni"
    r"|semester|period|morning|evening|night)"
)
# Whole month words only, as MONTH: "market", "decline" and "mayor" are
# in most news and would open a window for every month rule.
_MONTH_ANCHOR = (
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\w)"
)
ANCHORS = {
    handler: re.compile(pattern)
    for handler, pattern in [
        (_iso, r"\d-\d"),
        (_numeric, r"\d/\d"),
        (_time, r"(?i)\d(?:\s?[ap]\.?m|:\d\d)|\b(?:noon|midday|midnight)\b"),
        (_month_day_year, _MONTH_ANCHOR),
        (_day_month_year, _MONTH_ANCHOR),
        (_month_year, _MONTH_ANCHOR),
        (_month, _MONTH_ANCHOR),
        (_decade, r"\d0'?s\b|'\d0s"),
        (_century, r"(?i)\bcentury\b"),
        (_year, r"\b(?:1[6-9]|20)\d\d\b"),
        (_quarter, r"(?i)quarter|\bq[1-4]\b"),
        (_reporting_period, r"(?i)\b(?:quarter|period|year)\b"),
        (_year_period, r"(?i)\b(?:period|quarter)\b"),
        (_half, r"(?i)\bhalf\b"),
        (_season, r"(?i)\b(?:spring|summer|fall|autumn|winter)\b"),
        (_deictic, r"(?i)\b(?:today|yesterday|tomorrow|tonight|overnight)\b"),
        (_part_of_today, r"(?i)\b(?:morning|afternoon|evening|night)\b"),
        (_weekday, r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)"),
        (_relative_unit, r"(?i)\b(?:week|month|year|decade|century)"),
        (_the_unit, r"(?i)\b(?:weekend|week|month|year|day)\b"),
        (_distance, _UNIT_WORDS_ANCHOR),
        (_duration, _UNIT_WORDS_ANCHOR),
        (_plural_units, _UNIT_WORDS_ANCHOR),
        (_the_units_around, r"(?i)\b(?:days|weeks|months|years)\b"),
        (
            _set,
            r"(?i)\b(?:every|each|daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly"
            r"|biweekly|semiannually|once|twice|times)\b",
        ),
        (
            _holiday,
            r"(?i)\b(?:new year|valentine|christmas|boxing|halloween|independence|bastille"
            r"|thanksgiving|labor|memorial|election|easter|good friday)",
        ),
        (_year_in_words, r"(?i)\b(?:nineteen|eighteen|twenty|two thousand)\b"),
        (_year_end, r"(?i)year[\s-]end|end of"),
        (
            _reference,
            r"(?i)\b(?:now|current|recent|lately|formerly|presently|nowadays|past|future|present"
            r"|these days|as soon)",
        ),
    ]
}
# How far around its words a rule's match may reach. The longest expression
# found in the 4,461 Reuters stories is 34 characters ("the corresponding
# period last year"), and every expression found there and in TempEval-3 is
# the same with 80; each character less is less text every rule searches.
_REACH = 50


def _searched_form(pattern: str, ignore_case: bool = True) -> tuple[re.Pattern, bool]:
    """An anchor's pattern as it is searched, and whether a hit must start at
    a word boundary. Python's regex engine skips straight to the places a
    pattern can start only when it can see the pattern's first characters,
    and a leading \\b hides them: "\\bcentury\\b" took ten times as long to
    find as "century\\b". Every anchor that starts with \\b goes on with a
    word character, so its \\b is taken off and checked at each hit instead
    (see _hits). Without ``ignore_case`` the pattern is for lower-cased
    text: without IGNORECASE it runs about twice as fast."""
    body = pattern.removeprefix("(?i)")
    flags = "(?i)" if ignore_case and body != pattern else ""
    if body.startswith(r"\b"):
        return re.compile(flags + body.removeprefix(r"\b")), True
    return re.compile(flags + body), False


_SEARCHED = {handler: _searched_form(anchor.pattern) for handler, anchor in ANCHORS.items()}
_SEARCHED_LOWER = {
    handler: _searched_form(anchor.pattern, ignore_case=False)
    for handler, anchor in ANCHORS.items()
}
_WORD_CHARACTER = re.compile(r"\w")


def _hits(anchor: re.Pattern, at_boundary: bool, text: str) -> Iterator[tuple[int, int]]:
    """The spans ``anchor.finditer(text)`` would give for the anchor with its
    leading \\b back: a hit after a word character is passed over, and the
    search goes on from its next character, so that a hit overlapping it is
    still found."""
    if not at_boundary:
        for hit in anchor.finditer(text):
            yield hit.span()
        return
    position = 0
    while (hit := anchor.search(text, position)) is not None:
        start, end = hit.span()
        if start and _WORD_CHARACTER.match(text, start - 1):
            position = start + 1
            continue
        yield start, end
        position = end if end > start else end + 1


class _Anchors:
    """Where each rule's anchor words are in one text, as windows of text
    around them; rules with the same anchor share its windows."""

    def __init__(self, text: str):
        lowered = text.lower()
        # a lower-cased letter may take two characters: then positions move
        self.lowered = lowered if len(lowered) == len(text) else None
        self.text = text
        self.windows: dict[tuple[str, bool], list[list[int]]] = {}

    def windows_of(self, handler) -> list[list[int]]:
        if self.lowered is None:
            (anchor, at_boundary), searched = _SEARCHED[handler], self.text
        else:
            (anchor, at_boundary), searched = _SEARCHED_LOWER[handler], self.lowered
        key = (anchor.pattern, at_boundary)
        if key not in self.windows:
            windows: list[list[int]] = []
            for start, end in _hits(anchor, at_boundary, searched):
                low, high = max(0, start - _REACH), min(len(searched), end + _REACH)
                if windows and low <= windows[-1][1]:
                    windows[-1][1] = high
                else:
                    windows.append([low, high])
            self.windows[key] = windows
        return self.windows[key]


def _matches(pattern: re.Pattern, handler, text: str, anchors: _Anchors):
    """The rule's matches in ``text``, searched only around its anchor words."""
    if handler not in ANCHORS:
        yield from pattern.finditer(text)
        return
    for low, high in anchors.windows_of(handler):
        yield from pattern.finditer(text, low, high)


_FUTURE_MARKERS = re.compile(
    r"\b(will|won't|shall|'ll|going to|plans? to|planned|scheduled|expected to|due to"
    r"|set to|is to|are to|upcoming|would|next|intends? to|aims? to|hopes? to"
    r"|as soon as|as early as|no later than|deadline|payable|effective|until)\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\s”\"’]+(?=[A-Z“\"])|\n\s*\n")


def guess_tense(text: str, start: int, end: int) -> str | None:
    """A cheap tense guess for the clause around [start, end) when no parse is
    at hand: future if a future marker precedes it in its sentence."""
    sentence_start = 0
    for match in _SENTENCE_BREAK.finditer(text, max(0, start - 400), start):
        sentence_start = match.end()
    before = text[sentence_start:start]
    after = text[end : end + 60]
    if _FUTURE_MARKERS.search(before[-50:]) or re.match(r"\s*(?:,\s*)?(?:will|would)\b", after):
        return "future"
    return None


def find_dates(
    text: str,
    anchor: dt.date,
    *,
    tense: Callable[[int, int], str | None] | None = None,
    exclude: Iterable[tuple[int, int]] = (),
) -> list[Timex]:
    """Every temporal expression in ``text`` with its value, in text order.

    ``anchor`` is the article's date; ``tense(start, end)`` may say whether
    the clause around an expression is "past" or "future"; spans in
    ``exclude`` (numbers the tagger knows are not dates, captions) are skipped.
    """
    tense = tense or (lambda start, end: guess_tense(text, start, end))
    # One flag per character: taken by a chosen expression, or excluded.
    blocked = bytearray(len(text) + 1)
    for start, end in exclude:
        blocked[start:end] = b"\x01" * max(0, end - start)
    candidates: list[tuple[int, int, re.Match, Callable]] = []
    anchors = _Anchors(text)
    for pattern, handler in RULES:
        for match in _matches(pattern, handler, text, anchors):
            start, end = match.span()
            # a match may begin with spaces its optional parts did not use
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                candidates.append((start, end, match, handler))
    # Longest match first, then earliest; ties keep the rule order. A match
    # whose rule finds no value ("May" the verb) leaves room for shorter ones.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[int, int, re.Match, Callable]] = []
    for start, end, match, handler in candidates:
        if any(blocked[start:end]) or _inside_word(text, start, end):
            continue
        if _resolve(handler, match, Context(anchor, anchor, None)) is None:
            continue
        chosen.append((start, end, match, handler))
        blocked[start:end] = b"\x01" * (end - start)
    chosen.sort(key=lambda c: c[0])

    results: list[Timex] = []
    context = Context(anchor, anchor, None)
    for start, end, match, handler in chosen:
        # "until Tuesday", "as soon as Friday": a deadline lies ahead whatever
        # the tense of the verb that sets it
        ahead = _DEADLINE_BEFORE.search(text, max(0, start - 20), start)
        context.tense = "future" if ahead else tense(start, end)
        context.quarter = _quarter_in_view(text, start, context.quarter)
        resolved = _resolve(handler, match, context)
        if resolved is None:
            continue
        kind, value, *pointing = resolved
        points_to = pointing[0] if pointing else None
        results.append(Timex(text[start:end], start, end, kind, value, points_to))
        day, precision = value_to_date(points_to or value)
        if precision == "day" and day is not None:
            context.reference = day
        if re.match(r"^\d{4}(-|$)", value):
            context.reference_year = int(value[:4])
        if handler in (_quarter, _reporting_period):
            context.quarter = value  # the quarter the text reports on
    return results


_DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|as soon as|as early as|no later than|not before|starting|beginning)"
    r"\s+(?:at\s+|on\s+)?$",
    re.I,
)


def _quarter_in_view(text: str, start: int, current: str | None) -> str | None:
    """Keep the reported quarter only while the text still talks of quarters
    (within the last few sentences)."""
    if current is None:
        return None
    window = text[max(0, start - 600) : start].lower()
    return current if re.search(r"quarter|three months|period", window) else None


def _resolve(handler, match, context) -> tuple[str, ...] | None:
    try:
        return handler(match, context)
    except (ValueError, OverflowError, KeyError):
        return None


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or (after.isalnum() and text[end - 1].isalnum())
