"""spaCy's attribute ruler, matched by lookup rather than by its Matcher.

The English pipeline's attribute ruler (tag to part of speech, and about a
hundred exceptions such as "n't" or "gonna") takes 11–14% of the parse, and
nearly all of it is the Matcher: for every token it tries all 179 patterns
and runs every set-membership and regular-expression test of them in Python.
Its patterns are plain, though: one or two tokens, each a few attributes
compared with a value or a set of values. ``index_attribute_ruler`` compiles
them into lookups by attribute value and gives the ruler a ``match`` that
returns exactly what the Matcher's would, in the same order; spaCy's own
code still sets the attributes. A pipeline whose rules use anything else
(operators, other predicates, other attributes) keeps its Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Attributes compared by the hash of their text, as doc.to_array gives them.
TEXT_ATTRIBUTES = {"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA"}
# Attributes compared as true or false.
FLAG_ATTRIBUTES = {
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "LIKE_NUM",
}


class UnsupportedPattern(ValueError):
    """A pattern the lookup cannot match exactly as the Matcher would."""


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the lookup matcher; False (and the
    ruler left as it was) when its patterns need spaCy's Matcher."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    try:
        rules = RuleIndex(ruler)
    except UnsupportedPattern:
        return False
    # AttributeRuler.__call__ asks self.match() for the sorted matches and
    # hands them to its own set_annotations(); only the matching changes.
    ruler.match = rules.match
    return True


# Which attribute of a pattern's first token to look it up by: the one that
# fewest tokens share.
KEY_PREFERENCE = {"ORTH": 0, "LOWER": 0, "NORM": 0, "LEMMA": 0, "TAG": 1, "DEP": 2}


class RuleIndex:
    """The ruler's patterns, looked up by the value of one attribute of their
    first token, so that each token is tested only against the few patterns
    that can start with it. A pattern whose first token is known only by a
    regular expression is looked up by the words of each document that it
    matches."""

    def __init__(self, ruler):
        from spacy.attrs import IDS

        self.strings = ruler.vocab.strings
        self.columns: list[str] = []
        compiled = []
        for rule_id, rule in enumerate(ruler.patterns):
            match_id = self.strings[str(rule_id)]
            for pattern in rule["patterns"]:
                if not pattern:
                    raise UnsupportedPattern("an empty pattern")
                compiled.append((rule_id, match_id, [self._token_tests(spec) for spec in pattern]))
        self.attr_ids = [IDS[column] for column in self.columns]
        by_value: list[dict[int, list]] = [{} for _ in self.columns]
        self.by_regex: list[tuple[int, re.Pattern, tuple]] = []
        for rule_id, match_id, tests in compiled:
            first = tests[0]
            keys = [test for test in first if test[1] in {"eq", "in"}]
            if not keys:
                regex = next((test for test in first if test[1] == "regex"), None)
                if regex is None:
                    raise UnsupportedPattern("a first token known by no value")
                self.by_regex.append((regex[0], regex[2], (rule_id, match_id, tests, len(tests))))
                continue
            column, _kind, values = min(
                keys, key=lambda test: KEY_PREFERENCE.get(self.columns[test[0]], 3)
            )
            # A one-token pattern tested on nothing but its key matches every
            # token it is looked up for.
            certain = len(tests) == 1 and len(first) == 1
            entry = (rule_id, match_id, None if certain else tests, len(tests))
            for value in values:
                by_value[column].setdefault(value, []).append(entry)
        self.lookups = [(column, index.get) for column, index in enumerate(by_value) if index]

    def _column(self, attribute: str) -> int:
        if attribute not in self.columns:
            self.columns.append(attribute)
        return self.columns.index(attribute)

    def _token_tests(self, spec: dict) -> list[tuple[int, str, object]]:
        """(column, kind, values) for each attribute of one token's pattern."""
        tests = []
        for raw_attribute, value in spec.items():
            attribute = raw_attribute.upper()
            if attribute == "TEXT":  # the Matcher's other name for ORTH
                attribute = "ORTH"
            if attribute in FLAG_ATTRIBUTES:
                if not isinstance(value, bool):
                    raise UnsupportedPattern(f"{raw_attribute}: {value!r}")
                tests.append((self._column(attribute), "eq", frozenset({int(value)})))
            elif attribute in TEXT_ATTRIBUTES:
                tests.append(self._text_test(self._column(attribute), value))
            else:
                raise UnsupportedPattern(f"the attribute {raw_attribute!r}")
        return tests

    def _text_test(self, column: int, value) -> tuple[int, str, object]:
        if isinstance(value, str):
            return column, "eq", frozenset({self.strings.add(value)})
        if not isinstance(value, dict) or len(value) != 1:
            raise UnsupportedPattern(repr(value))
        ((operator, operand),) = value.items()
        if (
            operator in {"IN", "NOT_IN"}
            and isinstance(operand, list | tuple | set | frozenset)
            and all(isinstance(item, str) for item in operand)
        ):
            kind = "in" if operator == "IN" else "not_in"
            return column, kind, frozenset(self.strings.add(item) for item in operand)
        if operator == "REGEX" and isinstance(operand, str):
            return column, "regex", re.compile(operand)
        raise UnsupportedPattern(repr(value))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What AttributeRuler.match returns: (rule, match id, start, end) for
        every match, sorted, so that later rules take precedence."""
        rows = doc.to_array(self.attr_ids).tolist()
        text_of = _text_reader(self.strings)
        lookups = self.lookups + self._regex_lookups(rows, text_of)
        found = set()
        width = len(rows)
        for start, row in enumerate(rows):
            for column, lookup in lookups:
                for rule_id, match_id, tests, length in lookup(row[column], ()):
                    if tests is None or _matches(tests, rows, start, width, text_of):
                        found.add((rule_id, match_id, start, start + length))
        return sorted(found)

    def _regex_lookups(self, rows, text_of) -> list:
        """Lookups, for this document only, of the patterns whose first token
        is known by a regular expression: each distinct word tested once."""
        lookups = []
        for column, regex, entry in self.by_regex:
            index = {
                value: [entry]
                for value in {row[column] for row in rows}
                if regex.search(text_of(value)) is not None
            }
            if index:
                lookups.append((column, index.get))
        return lookups


def _text_reader(strings) -> Callable[[int], str]:
    """The text of a hash, as the Matcher reads it (the empty text for 0),
    each looked up once."""
    seen: dict[int, str] = {}

    def text_of(value: int) -> str:
        if value not in seen:
            seen[value] = strings[value] if value else ""
        return seen[value]

    return text_of


def _matches(tests, rows, start, width, text_of) -> bool:
    if start + len(tests) > width:
        return False
    for offset, token_tests in enumerate(tests):
        row = rows[start + offset]
        for column, kind, values in token_tests:
            value = row[column]
            if kind == "eq" or kind == "in":
                if value not in values:
                    return False
            elif kind == "not_in":
                if value in values:
                    return False
            elif values.search(text_of(value)) is None:
                return False
    return True
