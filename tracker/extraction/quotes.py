"""Quotation marks: which words are quoted, including quotes that run over
several paragraphs (each continued paragraph opens with a quotation mark and
only the last one closes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = "“„«"
_CLOSING = {"“": "”", "„": "“", "«": "»"}
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")


@dataclass
class Quote:
    """Quoted words: ``parts`` are the [start, end) spans inside the marks,
    one per paragraph the quote runs over."""

    parts: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, body: str) -> str:
        return "\n\n".join(body[s:e] for s, e in self.parts)

    def word_count(self, body: str) -> int:
        return len(self.text(body).split())


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space and the comma that closes a quote before its
    attribution (“We will win,” he said)."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:"):
        end -= 1
    return start, end


def find_quotes(body: str) -> list[Quote]:
    """Every quotation in ``body``, in order, typographic or straight."""
    quotes: list[Quote] = []
    open_quote: list[tuple[int, int]] | None = None  # a quote still open at a paragraph end
    for paragraph in _PARAGRAPH.finditer(body):
        p_start, p_end = paragraph.span()
        text = paragraph.group()
        position = 0
        if open_quote is not None:
            stripped = text.lstrip()
            if stripped[:1] in _OPENING or stripped[:1] == '"':
                position = len(text) - len(stripped) + 1
                close = _find_close(text, position, stripped[0])
                if close is None:
                    open_quote.append(_trim(body, p_start + position, p_end))
                    continue
                open_quote.append(_trim(body, p_start + position, p_start + close))
                quotes.append(Quote(open_quote))
                position = close + 1
            else:
                quotes.append(Quote(open_quote))  # never continued: end it at its paragraph
            open_quote = None
        while True:
            opening = _next_opening(text, position)
            if opening is None:
                break
            mark_at, mark = opening
            close = _find_close(text, mark_at + 1, mark)
            if close is None:
                if mark == '"' and text.count('"', mark_at) == 1 and mark_at > 0:
                    break  # a stray straight quote inside a paragraph
                open_quote = [_trim(body, p_start + mark_at + 1, p_end)]
                break
            start, end = _trim(body, p_start + mark_at + 1, p_start + close)
            if end > start:
                quotes.append(Quote([(start, end)]))
            position = close + 1
    if open_quote:
        quotes.append(Quote(open_quote))
    return [q for q in quotes if all(e > s for s, e in q.parts)]


def _next_opening(text: str, position: int) -> tuple[int, str] | None:
    best = None
    for mark in (*_OPENING, '"'):
        index = text.find(mark, position)
        if index != -1 and (best is None or index < best[0]):
            best = (index, mark)
    return best


def _find_close(text: str, position: int, mark: str) -> int | None:
    closing = _CLOSING.get(mark, '"')
    index = text.find(closing, position)
    if mark == "“":
        # a new opening mark before the close means this one never closed
        reopened = text.find("“", position)
        if reopened != -1 and (index == -1 or reopened < index):
            return None
    return None if index == -1 else index
