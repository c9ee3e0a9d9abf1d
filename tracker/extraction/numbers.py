"""Numbers written in digits or in words: "27,000", "4.5 million", "a quarter",
"four-and-a-half", "twenty four", "1 1/2"."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "mln": 1_000_000, "bln": 1_000_000_000, "m": 1_000_000,
    "bn": 1_000_000_000, "k": 1_000, "tn": 1_000_000_000_000, "mn": 1_000_000,
}  # fmt: skip
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
# Words that give a magnitude but no exact value ("hundreds of Palestinians").
VAGUE = {
    "dozens": "dozens", "hundreds": "hundreds", "thousands": "thousands",
    "tens of thousands": "tens of thousands", "hundreds of thousands": "hundreds of thousands",
    "millions": "millions", "billions": "billions", "scores": "scores", "several": "several",
    "a few": "a few", "few": "few", "many": "many", "some": "some", "a couple of": "a couple",
    "a handful of": "a handful",
}  # fmt: skip

NUMBER_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_MIXED_FRACTION = re.compile(r"^(\d+)[ -](\d+)/(\d+)$")
_SIMPLE_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def parse_number(text: str) -> float | None:
    """The value of a number in digits or words, or None if it is not one.

    >>> parse_number("27,000"), parse_number("4.5 million"), parse_number("a quarter")
    (27000.0, 4500000.0, 0.25)
    """
    text = text.strip().lower().replace("\u2011", "-").replace("–", "-")
    if not text:
        return None
    for symbol, value in _UNICODE_FRACTIONS.items():
        if text.endswith(symbol):
            head = text[: -len(symbol)].strip()
            base = parse_number(head) if head else 0.0
            return None if base is None else base + value
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    if match := _MIXED_FRACTION.match(text):
        whole, numerator, denominator = (int(g) for g in match.groups())
        return whole + numerator / denominator if denominator else None
    if match := _SIMPLE_FRACTION.match(text):
        numerator, denominator = (int(g) for g in match.groups())
        return numerator / denominator if denominator else None
    words = re.split(r"[\s-]+", text.replace(",", " "))
    words = [w for w in words if w and w != "and"]
    if not words:
        return None
    return _parse_words(words)


def _parse_words(words: list[str]) -> float | None:
    """Sum words into a number: "two and a half million", "one hundred and twenty"."""
    total, current, seen_any = 0.0, 0.0, False
    index = 0
    while index < len(words):
        word = words[index]
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif word in UNITS:
            if word in {"a", "an"} and index + 1 < len(words) and words[index + 1] in FRACTIONS:
                current += FRACTIONS[words[index + 1]]
                index += 2
                seen_any = True
                continue
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in FRACTIONS and seen_any:
            # "two thirds": a count of fractions; "four and a half": handled above.
            current = current * FRACTIONS[word] if current else FRACTIONS[word]
        elif word in FRACTIONS:
            current += FRACTIONS[word]
        elif word in SCALES:
            scale = SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
        else:
            return None
        seen_any = True
        index += 1
    return total + current if seen_any else None


def format_number(value: float) -> str:
    """7.0 -> "7", 4.5 -> "4.5" (for TIMEX3 values and display)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")
