"""Recognising repeats across articles: the same statement quoted by another
outlet, the same event reported again, figures that count the same thing.

Pure functions on strings, so the rules can be tested without a database;
tracker/ingest.py applies them to stored claims and events.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

# Two quotes by the same speaker are one statement when their words agree this
# much (difflib's ratio on normalised words): light edits, a dropped clause or
# different quotation marks still match; a different sentence does not.
SAME_STATEMENT = 0.85
# Two events on the same date are one happening when their titles share this
# share of their content words.
SAME_EVENT = 0.5
# Statements shorter than this many words are the same only word for word.
SHORTEST_NEAR_MATCH = 6

_STOPWORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from",
    "its", "his", "her", "their", "this", "that", "these", "those", "s",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_IRREGULAR_PLURALS = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation."""
    if not text.isascii():  # ASCII has no accents to take off, nor a ’
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("’", "'")
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=4096)
def statement_text(text: str) -> str:
    """The comparable form of a quote: its words, in order."""
    return " ".join(words(text))


def same_statement(a: str, b: str) -> bool:
    """Whether two quotations are the same words, give or take an edit."""
    first, second = statement_text(a), statement_text(b)
    if not first or not second:
        return False
    if first == second:
        return True
    if _numbers(first) != _numbers(second):
        return False  # "round 3 went well" is not "round 5 went well"
    if min(len(first.split()), len(second.split())) < SHORTEST_NEAR_MATCH:
        return False  # a short statement must repeat word for word
    shorter, longer = sorted((first, second), key=len)
    if len(shorter.split()) >= 8 and shorter in longer:
        return True  # one outlet quotes a clause of the other's quote
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    # the two cheap upper bounds first, as difflib.get_close_matches does
    return (
        matcher.real_quick_ratio() >= SAME_STATEMENT
        and matcher.quick_ratio() >= SAME_STATEMENT
        and matcher.ratio() >= SAME_STATEMENT
    )


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=2**14)
def content_words(text: str) -> frozenset[str]:
    """The words that say what a title is about. Remembered: seeding compares
    each new event with every stored one of its day, title after title."""
    return frozenset(singular(w) for w in words(text) if w not in _STOPWORDS and not w.isdigit())


def same_event(a: str, b: str) -> bool:
    """Whether two event titles on the same date name one happening."""
    first, second = content_words(a), content_words(b)
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= SAME_EVENT


def subject_key(subject: str) -> str:
    """What a figure counts, in a form shared by its variants: "Palestinians
    killed", "Palestinian killed" and "palestinians killed" are one series."""
    return " ".join(singular(w) for w in words(subject) if w not in _STOPWORDS)[:200]
