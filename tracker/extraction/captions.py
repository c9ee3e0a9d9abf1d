"""Photo captions and credits: kept in the body, but they yield no claims and
no actors ("An Israeli tank ... (Tsafrir Abayov/AP)")."""

from __future__ import annotations

import re

from .gazetteer import AGENCIES, fold

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")
_END_CREDIT = re.compile(r"\((?P<credit>[^()\n]{2,120})\)\s*$")
_LABELLED = re.compile(
    r"^(?:photo|picture|image|photograph|caption|credit|illustration)s?\s*(?:credit)?\s*[:：]", re.I
)
# A caption is a line or two under a picture, never a whole story.
MAX_CAPTION_CHARS = 400
_SLASH_CREDIT = re.compile(r"[A-Z][^/]*/\s*[A-Z]")
_TRAILING_LABEL = re.compile(
    r"(?:Photograph|Photo|Picture|Image|Illustration|Composite)\s*:\s*[^.:]{2,100}$"
)


def is_caption(paragraph: str) -> bool:
    """A paragraph that is a picture caption: it ends in a credit such as
    "(Name/AP)" or "Photograph: Name/Getty Images", or starts with "Photo:"."""
    text = paragraph.strip()
    if not text or len(text) > MAX_CAPTION_CHARS:
        return False
    if _LABELLED.match(text) or _TRAILING_LABEL.search(text):
        return True
    match = _END_CREDIT.search(text)
    if not match:
        return False
    credit = match.group("credit")
    if _SLASH_CREDIT.search(credit):  # "Tsafrir Abayov/AP", not "pvs/ji"
        return True
    words = set(fold(credit).split()) | {fold(part) for part in re.split(r"[,;]", credit)}
    return bool(words & AGENCIES)


def caption_spans(body: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of every caption paragraph in ``body``."""
    return [m.span() for m in _PARAGRAPH.finditer(body) if is_caption(m.group())]


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of every paragraph (blank-line separated)."""
    return [m.span() for m in _PARAGRAPH.finditer(body)]
