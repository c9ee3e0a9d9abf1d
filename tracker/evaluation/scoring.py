"""Scoring helpers: one-to-one span matching and precision, recall, F1."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]
Spans = Sequence[Span]  # one mention may be discontinuous


@dataclass
class Score:
    """Counts behind a precision/recall/F1 triple. ``matched_system`` and
    ``matched_gold`` differ only when matching is not one-to-one."""

    matched_system: int = 0
    system: int = 0
    matched_gold: int = 0
    gold: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched_system + other.matched_system,
            self.system + other.system,
            self.matched_gold + other.matched_gold,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return 100 * self.matched_system / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return 100 * self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def overlap(a: Spans, b: Spans) -> int:
    """Characters two (possibly discontinuous) spans share."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def as_spans(span) -> list[Span]:
    if span and isinstance(span[0], int):
        return [tuple(span)]
    return [tuple(s) for s in span]


def match(
    system: Sequence[Spans],
    gold: Sequence[Spans],
    *,
    exact: bool = False,
    compatible: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (system index, gold index), each used at most once, matched
    greedily by the number of shared characters (or by identical extent)."""
    system = [as_spans(s) for s in system]
    gold = [as_spans(g) for g in gold]
    candidates = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if compatible is not None and not compatible(i, j):
                continue
            if exact:
                if sorted(s) == sorted(g):
                    candidates.append((1, i, j))
            else:
                shared = overlap(s, g)
                if shared > 0:
                    candidates.append((shared, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_system, used_gold, pairs = set(), set(), []
    for _, i, j in candidates:
        if i in used_system or j in used_gold:
            continue
        used_system.add(i)
        used_gold.add(j)
        pairs.append((i, j))
    return pairs


def span_score(
    system: Sequence[Spans], gold: Sequence[Spans], *, exact=False, compatible=None
) -> Score:
    pairs = match(system, gold, exact=exact, compatible=compatible)
    return Score(len(pairs), len(system), len(pairs), len(gold))


def offset_mapper(original: str, stored: str) -> Callable[[int], int]:
    """Map offsets in ``original`` to offsets in ``stored`` (the same text
    after seed-file normalisation: stripped, line endings and trailing
    spaces cleaned)."""
    if original == stored:
        return lambda offset: offset
    stripped = original.lstrip()
    shift = len(original) - len(stripped)
    if stripped.rstrip() == stored:
        return lambda offset: max(0, min(len(stored), offset - shift))
    matcher = difflib.SequenceMatcher(None, original, stored, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def mapped(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + (offset - a)
            if a > offset:
                return b
        return len(stored)

    return mapped
