"""Temporal expressions on plain strings, resolved against the article's date
(Wednesday 7 February 2024 unless a test says otherwise)."""

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker.extraction import dates
from tracker.extraction.dates import find_dates

ANCHOR = dt.date(2024, 2, 7)


def values(text, anchor=ANCHOR):
    return [(t.text, t.value) for t in find_dates(text, anchor)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hamas's October 7 attack", ("October 7", "2023-10-07")),
        ("They met on 7 February 2024.", ("7 February 2024", "2024-02-07")),
        ("It was signed on Feb. 6, 2024.", ("Feb. 6, 2024", "2024-02-06")),
        ("The strike came on Tuesday.", ("Tuesday", "2024-02-06")),
        ("The talks stalled last week.", ("last week", "2024-W05")),
        ("Prices rose in January.", ("January", "2024-01")),
        ("Sales fell last year.", ("last year", "2023")),
        ("It happened yesterday.", ("yesterday", "2024-02-06")),
        ("The vote is tomorrow.", ("tomorrow", "2024-02-08")),
        ("It started two years ago.", ("two years ago", "2022")),
        ("Results for the third quarter of 2023.", ("the third quarter of 2023", "2023-Q3")),
        ("The plan runs over four-and-a-half months.", ("four-and-a-half months", "P4.5M")),
        ("Growth was strong in the 1990s.", ("the 1990s", "199")),
        ("They meet every week.", ("every week", "P1W")),
        ("Officials are now hopeful.", ("now", "PRESENT_REF")),
        ("It was filed on 2024-01-31.", ("2024-01-31", "2024-01-31")),
        ("The deal was struck in March 2023.", ("March 2023", "2023-03")),
    ],
)
def test_it_finds_and_normalises(text, expected):
    assert expected in values(text)


def test_a_weekday_in_the_future_tense_is_the_next_one():
    assert ("Friday", "2024-02-09") in values("The envoy will arrive on Friday.")


def test_a_month_day_in_the_future_tense_is_this_year():
    assert ("March 3", "2024-03-03") in values("Israelis will vote on March 3.")


def test_anaphoric_expressions_follow_the_last_full_date():
    text = "The ship sank on March 3, 2023. Two days later, divers arrived."
    (later,) = [t for t in find_dates(text, ANCHOR) if t.text == "Two days"]
    # As TIMEX3 has it, the expression is the duration; it points to a date.
    assert (later.value, later.points_to) == ("P2D", "2023-03-05")
    assert (later.date, later.precision) == (dt.date(2023, 3, 5), "day")


def test_a_year_earlier_in_quarterly_results_is_the_same_quarter():
    text = "Profit in the third quarter rose to $5 million from $3 million a year earlier."
    assert ("a year earlier", "2023-Q3") in values(text)


def test_the_quarter_is_the_last_completed_one_or_the_one_named():
    assert ("the quarter", "2023-Q4") in values("Sales fell in the quarter.")
    assert values("In the second quarter of 2023 sales fell. In the quarter, costs rose.")[-1] == (
        "the quarter",
        "2023-Q2",
    )


def test_a_deadline_lies_ahead_whatever_the_tense():
    assert ("Tuesday", "2024-02-13") in values("They extended the deadline until Tuesday.")


def test_a_month_day_near_the_article_is_that_one():
    assert ("Dec. 7", "2024-12-07") in values(
        "The board declared a dividend, payable Dec. 7.", dt.date(2024, 10, 27)
    )


def test_holidays_and_years_in_words():
    assert ("Thanksgiving", "2023-11-23") in values(
        "Sales rose at Thanksgiving.", dt.date(2023, 11, 27)
    )
    assert ("nineteen ninety-six", "1996") in values("It began in nineteen ninety-six.")


def test_ages_and_ordinals_are_not_durations():
    assert values("Mr Reupke, 52 years old, and a second group of directors.") == []


def test_may_the_verb_and_march_the_verb_are_not_dates():
    assert values("Talks may resume as protesters march on.") == []


def test_numbers_that_are_not_years_are_not_dates():
    assert values("Some 1,200 people were killed and 250,000 fled.") == []


def test_every_value_points_at_its_words():
    text = "On Tuesday, a week after the 2023 vote, officials met again."
    for timex in find_dates(text, ANCHOR):
        assert text[timex.start : timex.end] == timex.text


def test_date_precision_is_day_month_or_year():
    found = {
        t.text: t.precision for t in find_dates("In January, on 5 March 2023 and in 2022.", ANCHOR)
    }
    assert found == {"January": "month", "5 March 2023": "day", "2022": "year"}


def test_dates_are_found_the_same_in_any_case_and_after_letters_that_lower_case_longer():
    # "İ" lower-cases to two characters: in a lower-cased copy every later
    # position would move, further than the reach around an anchor word
    for prefix in ("", "İ" * 120 + ": ", "ISTANBUL: "):
        assert values(f"{prefix}TALKS RESUME ON MONDAY, 12 FEBRUARY 2024.") == [
            ("MONDAY, 12 FEBRUARY 2024", "2024-02-12")
        ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Profits rose against the corresponding period last year.",
            "the corresponding period last year",
        ),
        ("The dispute ended nearly three and a half hours later.", "nearly three and a half hours"),
        ("Sales of the first quarter of fiscal 1987 fell.", "the first quarter of fiscal 1987"),
    ],
)
def test_the_longest_expressions_are_found_whole(text, expected):
    assert expected in [timex.text for timex in find_dates(text, dt.date(1987, 3, 2))]


SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_e699609d1bde1dc1.txt"


@pytest.mark.parametrize("lowered", [False, True])
def test_anchors_searched_without_their_leading_boundary_find_what_they_did(lowered):
    texts = [
        SEED.read_text(encoding="utf-8"),
        "xcentury century_century; renew year New Year, Good Friday, good friday",
        "İstanbul 1987 x1987 21987 noon afternoon midday MIDNIGHT 3pm 12:30 Mondays",
        "weekend weekly biweekly _today today's these days as soon as nowadays",
    ]
    for text in texts:
        searched_text = text.lower() if lowered else text
        table = dates._SEARCHED_LOWER if lowered else dates._SEARCHED
        for handler, anchor in dates.ANCHORS.items():
            original = re.compile(anchor.pattern.removeprefix("(?i)")) if lowered else anchor
            expected = [hit.span() for hit in original.finditer(searched_text)]

            assert list(dates._hits(*table[handler], searched_text)) == expected, handler


def test_a_false_start_inside_a_word_hides_no_date():
    # "Last October" inside "QLast" is refused; "October" is still found.
    assert ("October", "2023-10") in values("QLast October, the president said so.")


def test_no_date_starts_inside_a_word():
    assert values("The xtoday feed and the subtomorrow show") == []
