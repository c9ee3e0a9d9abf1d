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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import dateparser

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

    @property
    def date(self) -> dt.date | None:
        """The first day the value names, for values that name a calendar day,
        month or year; None for weeks, seasons, durations and references."""
        return value_to_date(self.value)[0]

    @property
    def precision(self) -> str | None:
        """'day', 'month' or 'year' for calendar values; None otherwise."""
        return value_to_date(self.value)[1]

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
NUM = (
    rf"(?:\d+(?:\.\d+)?(?:[ -]\d/\d)?"
    rf"|(?i:(?:{NUMBER_WORD})(?:[ -](?:{NUMBER_WORD}))?)(?:-and-a-half| and a half)?|½)"
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
_WORDS_5 = _I(r"ago|earlier|later|before|after|from\snow|hence|previously|back")


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
    """The year of a month (and day) named without one: the past occurrence for
    past tense, the next for future, else the nearest to the anchor."""
    this_year = anchor.year
    candidates = [this_year - 1, this_year, this_year + 1]

    def as_date(year):
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day or 1, last))

    if day is None and month == anchor.month:
        return this_year
    if tense == "past":
        past = [
            y
            for y in candidates
            if as_date(y) <= anchor or (day is None and month <= anchor.month and y == this_year)
        ]
        return max(past)
    if tense == "future":
        future = [
            y
            for y in candidates
            if as_date(y) >= anchor or (day is None and month >= anchor.month and y == this_year)
        ]
        return min(future)
    return min(candidates, key=lambda y: (abs((as_date(y) - anchor).days), y > this_year))


def nearest_weekday(anchor: dt.date, weekday: int, tense: str | None) -> dt.date:
    """The weekday nearest the anchor in the direction of the tense (news
    reports look back, so the past is the default)."""
    delta = (weekday - anchor.weekday()) % 7
    if tense == "future":
        return anchor + dt.timedelta(days=delta)
    return anchor - dt.timedelta(days=(7 - delta) % 7)


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str, anchor: dt.date, prefer: str) -> dt.date | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": [],
        "DATE_ORDER": "MDY",
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


def calendar_date(text: str, anchor: dt.date, prefer: str = "current_period") -> dt.date | None:
    """A calendar date written in words, normalised by dateparser."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", " "))
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    cleaned = " ".join(cleaned.split())
    return _dateparser_date(cleaned, anchor, prefer)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@dataclass
class Context:
    """What a rule needs to resolve a value."""

    anchor: dt.date  # the article's date
    reference: dt.date  # the last full date mentioned, for anaphoric expressions
    tense: str | None  # "past", "future" or None around the expression


Rule = tuple[re.Pattern, Callable[[re.Match, Context], tuple[str, str] | None]]
RULES: list[Rule] = []


def rule(pattern: str, flags: int = 0):
    def register(handler):
        RULES.append((re.compile(pattern, flags), handler))
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
    + rf"(?:,?\s(?:(?:on|of)\s)?(?P<day>{_I('today|yesterday|tomorrow')}|{WEEKDAY}))?"
)
def _time(m, ctx):
    day_word = m["day"] or m["pre_day"]
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
    rf"(?:(?:,\s?|\s)(?P<year>{YEAR}|{SHORT_YEAR}))?(?![\w:])"
)
def _month_day_year(m, ctx):
    return _full_date(m, ctx)


# Day, month and year: "7 February 2024", "the 7th of February", "Tuesday 6 February"
@rule(
    rf"(?:(?P<weekday>{WEEKDAY}),?\s)?(?:(?i:the)\s)?(?P<day>{DAY})\s(?:(?i:of)\s)?(?P<month>{MONTH})"
    rf"(?:,?\s(?P<year>{YEAR}|{SHORT_YEAR}))?(?![\w:])"
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
    parsed = calendar_date(f"{m['month']} {day} {year}", ctx.anchor)
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
    if m["fiscal"]:
        return DATE, f"FY{year}"
    return DATE, str(year)


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
    r"(?:(?P<det>(?i:the|this\syear's|last\syear's|next\syear's))\s)?"
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
    elif det.startswith("last"):
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
    rf"(?:\s(?P<part>{PART_OF_DAY}))?(?![\w'’])"
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
    if m["part"]:
        return TIME, f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}"
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
        day = anchored + dt.timedelta(weeks=offset)
        return DATE, f"{iso_week(day)}-WE"
    code = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit]
    return DATE, shift(anchored, offset, code)


# "the weekend", "the week", "the month", "the year", "the day"
@rule(r"(?P<det>(?i:the|this|that))\s(?P<unit>(?i:weekend|week|month|year|day))(?![\w-])")
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
    if unit == "day":
        return None
    if unit == "weekend":
        return DATE, f"{iso_week(ctx.anchor)}-WE"
    if unit == "week":
        return DATE, iso_week(ctx.anchor)
    return DATE, shift(ctx.anchor, 0, {"month": "M", "year": "Y"}[unit])


# Distances from a date: "two years ago", "a week earlier", "the next day",
# "three days later", "a year before", "10 days from now"
@rule(
    rf"(?P<count>{NUM}|{_WORDS_4})[\s-](?P<unit>{UNIT})"
    rf"\s(?P<direction>{_WORDS_5})(?![\w])"
    r"|(?P<ordinal>(?i:the\snext|the\sfollowing|the\sprevious|the\sday\safter|a\sday\slater))\s?(?P<unit2>(?i:day|morning|evening|night|week|month|year)?)(?![\w])"
    r"|(?P<year_earlier>(?i:a\syear\searlier|year-earlier|year-ago|a\syear\sago))(?![\w])"
)
def _distance(m, ctx):
    if m["year_earlier"]:
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
    unit = m["unit"].lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    code = UNIT_CODES.get(unit, "D")
    count = parse_number(m["count"])
    direction = m["direction"].lower()
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
    rf"(?:(?P<count>{NUM})|(?P<vague>{VAGUE_QUANTITY})|(?P<article>{_I('an?')}))[\s-](?P<unit>{UNIT})(?P<adj>-(?:long|old))?(?![\w])"
)
def _duration(m, ctx):
    unit = m["unit"].lower()
    if re.match(r"\s+of\b", m.string[m.end() : m.end() + 4]) and unit in {"quarter", "half"}:
        return None  # "a quarter of the population" is a fraction
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
        amount = "X"
    else:
        amount = "1"
    return DURATION, _duration_value(amount, code)


def _duration_value(amount: str, code: str) -> str:
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
    r"(?:(?P<mod>(?i:recent|coming|past|previous|earlier|the\scoming|the\spast|in\srecent))\s)?"
    r"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries))(?![\w])"
)
def _plural_units(m, ctx):
    unit = m["unit"].lower()
    mod = (m["mod"] or "").lower()
    before = m.string[max(0, m.start() - 12) : m.start()].lower()
    if not mod and not re.search(r"\b(for|over|in|within|after|than|take|takes|took)\s+$", before):
        return None
    if mod.startswith("in "):
        return None
    code = UNIT_CODES["century" if unit == "centuries" else unit[:-1]]
    return DURATION, _duration_value("X", code)


# Sets: "every week", "each year", "daily", "twice a month", "annually"
@rule(
    r"(?P<every>(?i:every|each))\s(?:(?P<other>(?i:other))\s)?(?P<unit>(?i:day|week|month|year|quarter|hour|morning|evening|night|weekend)|"
    + WEEKDAY
    + r")(?![\w])"
    r"|(?P<adverb>(?i:daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually))(?![\w])"
    r"|(?P<freq>(?i:once|twice|\w+\stimes))\s(?:a|per|an)\s(?P<per>(?i:day|week|month|year|hour|decade))(?![\w])"
)
def _set(m, ctx):
    if m["adverb"]:
        code = {
            "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
            "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
            "biweekly": "P2W", "semiannually": "P6M",
        }[m["adverb"].lower()]  # fmt: skip
        return SET, code
    if m["freq"]:
        return SET, _duration_value("1", UNIT_CODES[m["per"].lower()])
    unit = m["unit"].lower().rstrip(".")
    if unit in WEEKDAYS:
        return SET, f"XXXX-WXX-{WEEKDAYS[unit] + 1}"
    if unit in PARTS_OF_DAY:
        return SET, f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
    amount = "2" if m["other"] else "1"
    return SET, _duration_value(amount, UNIT_CODES[unit])


# Present, past and future references: "now", "recently", "the future"
_REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "today's": "PRESENT_REF", "right now": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "earlier": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "shortly": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
    "eventually": "FUTURE_REF", "the coming days": "FUTURE_REF",
}  # fmt: skip


@rule(
    r"(?<![\w'’-])(?P<ref>(?i:the\snear\sfuture|the\sfuture|as\ssoon\sas\spossible|the\spast|at\spresent|these\sdays|right\snow|now|currently|nowadays|presently|recently|lately|previously|formerly|soon|shortly|recent|current))(?![\w'’-])"
)
def _reference(m, ctx):
    ref = " ".join(m["ref"].lower().split())
    following = m.string[m.end() : m.end() + 16].lower()
    if ref == "now" and re.match(r"\s+(that|than)\b", following):
        return None
    if ref in {"current", "recent"} and not re.match(r"\s+[a-z]", following):
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

_FUTURE_MARKERS = re.compile(
    r"\b(will|won't|shall|'ll|going to|plans? to|planned|scheduled|expected to|due to"
    r"|set to|is to|are to|upcoming|would|next|intends? to|aims? to|hopes? to)\b",
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
    if _FUTURE_MARKERS.search(before[-120:]) or re.match(r"\s*(?:,\s*)?(?:will|would)\b", after):
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
    excluded = sorted(exclude)
    candidates: list[tuple[int, int, re.Match, Callable]] = []
    for pattern, handler in RULES:
        for match in pattern.finditer(text):
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
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, re.Match, Callable]] = []
    for start, end, match, handler in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if any(start < e_end and e_start < end for e_start, e_end in excluded):
            continue
        if _inside_word(text, start, end):
            continue
        if _resolve(handler, match, Context(anchor, anchor, None)) is None:
            continue
        chosen.append((start, end, match, handler))
        taken.append((start, end))
    chosen.sort(key=lambda c: c[0])

    results: list[Timex] = []
    reference = anchor
    for start, end, match, handler in chosen:
        resolved = _resolve(handler, match, Context(anchor, reference, tense(start, end)))
        if resolved is None:
            continue
        kind, value = resolved
        results.append(Timex(text=text[start:end], start=start, end=end, type=kind, value=value))
        day, precision = value_to_date(value)
        if precision == "day" and day is not None:
            reference = day
    return results


def _resolve(handler, match, context) -> tuple[str, str] | None:
    try:
        return handler(match, context)
    except (ValueError, OverflowError, KeyError):
        return None


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or (after.isalnum() and text[end - 1].isalnum())
