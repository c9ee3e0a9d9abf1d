"""Figures: values, qualifiers, units and what they count."""

import pytest

from tracker.extraction.figures import parse_amount
from tracker.extraction.numbers import parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("27,000", 27000),
        ("4.5 million", 4_500_000),
        ("a quarter", 0.25),
        ("four-and-a-half", 4.5),
        ("twenty four", 24),
        ("two thirds", 2 / 3),
        ("1 1/2", 1.5),
        ("half", 0.5),
        ("nonsense", None),
    ],
)
def test_numbers_in_digits_and_words(text, value):
    assert (
        parse_number(text) == pytest.approx(value)
        if value is not None
        else parse_number(text) is None
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("more than 27,000", (27000, "more than", None, "count")),
        ("$4.5bn", (4_500_000_000, None, "USD", "money")),
        ("£13 million", (13_000_000, None, "GBP", "money")),
        ("US$2 billion", (2_000_000_000, None, "USD", "money")),
        ("A$300 million", (300_000_000, None, "AUD", "money")),
        ("€1.5bn", (1_500_000_000, None, "EUR", "money")),
        ("500 dlrs", (500, None, "USD", "money")),
        ("about 10 percent", (10, "about", "%", "percent")),
        ("nearly 24%", (24, "nearly", "%", "percent")),
        ("hundreds", (None, "hundreds", None, "count")),
        ("between 20 and 30", (20, "between", None, "count")),
    ],
)
def test_amounts_with_qualifiers_and_units(text, expected):
    assert parse_amount(text) == expected


def figures(result):
    return {c.figure.text: c for c in result.claims if c.kind == "figure"}


def test_money_and_percentages_in_text(extract_text):
    found = figures(extract_text("The fund raised $4.5 million, up 12% on last year."))
    assert found["$4.5 million"].figure.value == 4_500_000
    assert found["$4.5 million"].figure.unit == "USD"
    assert found["12%"].figure.unit == "%"


def test_small_counts_of_nothing_in_particular_are_not_figures(extract_text):
    assert figures(extract_text("The two leaders held three rounds of talks.")) == {}


def test_casualty_counts_say_what_they_count(extract_text):
    found = figures(
        extract_text("The strike killed at least 12 civilians and wounded dozens of others.")
    )
    assert found["at least 12 civilians"].figure.subject == "civilians killed"
    assert found["at least 12 civilians"].figure.qualifier == "at least"


def test_a_table_of_numbers_does_not_hang(extract_text):
    rows = "\n".join(f"Region {i}: {i * 1000} people, {i}% of the total." for i in range(1, 400))
    result = extract_text("The figures were:\n\n" + rows)
    assert len([c for c in result.claims if c.kind == "figure"]) > 300
