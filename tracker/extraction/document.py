"""Seed files: reading them safely and parsing them into a Document.

The seed format: optional leading white space, ``date YYYY-MM-DD``, an optional
``title ...`` line, then the body (it may start on the same line as the date),
paragraphs separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Larger files are refused before they are read: no news article comes near it,
# and the parser needs memory in proportion to the text.
MAX_SEED_BYTES = 2_000_000

# How far in the future an article date may lie before we call it a typo.
MAX_DAYS_IN_FUTURE = 2

_DATE_LINE = re.compile(r"\A\s*date[ \t]+(?P<date>\S+)[ \t]*(?P<rest>[^\n]*)(?:\n|\Z)", re.I)
# Lower case only, so a body that opens with "Title IX ..." stays body.
_TITLE_LINE = re.compile(r"\A\s*title[ \t]+(?P<title>[^\n]+)(?:\n|\Z)")
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’']*(?:\s|\Z))")


class SeedError(ValueError):
    """A seed file that cannot be read or parsed; the message says why."""


@dataclass(frozen=True)
class Document:
    """One article: its date, a title and the body every offset points into."""

    published_on: dt.date
    body: str
    title: str = ""
    source_name: str = ""
    title_given: bool = field(default=False, compare=False)

    @property
    def sha256(self) -> str:
        """The content hash that makes an article unique: its date and body."""
        payload = f"{self.published_on.isoformat()}\n{self.body}".encode()
        return hashlib.sha256(payload).hexdigest()


def parse_date(value: str, *, today: dt.date | None = None) -> dt.date:
    match = _ISO_DATE.match(value.strip())
    if not match:
        raise SeedError(f"the date {value!r} is not in the form YYYY-MM-DD")
    try:
        date = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise SeedError(f"the date {value} does not exist") from None
    today = today or dt.date.today()
    if date > today + dt.timedelta(days=MAX_DAYS_IN_FUTURE):
        raise SeedError(f"the date {value} is in the future")
    if date.year < 1800:
        raise SeedError(f"the date {value} is before 1800")
    return date


# Unicode's control characters (category Cc: U+0000-001F and U+007F-009F),
# but tabs and newlines; one pass of a regex rather than a test per character.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def normalise_text(text: str) -> str:
    """Line endings to \\n, Unicode to NFC, control characters (but tabs and
    newlines) removed, trailing spaces on lines dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_CHARACTERS.sub("", text)
    return _TRAILING_SPACES.sub("\n", text)


def derive_title(body: str, max_chars: int = 90) -> str:
    """A short title from the body's first sentence, cut on a word boundary."""
    first_paragraph = body.strip().split("\n", 1)[0].strip()
    match = _SENTENCE_END.search(first_paragraph)
    sentence = first_paragraph[: match.start()] if match else first_paragraph
    sentence = " ".join(sentence.split())
    if len(sentence) <= max_chars:
        return sentence
    cut = sentence[:max_chars].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return f"{cut}…"


def parse_seed(text: str, source_name: str = "", *, today: dt.date | None = None) -> Document:
    """Parse the text of a seed file; raises SeedError saying what is wrong."""
    text = normalise_text(text)
    match = _DATE_LINE.match(text)
    if not match:
        raise SeedError("no 'date YYYY-MM-DD' line at the start")
    published_on = parse_date(match.group("date"), today=today)
    rest = match.group("rest") + "\n" + text[match.end() :]
    title = ""
    title_match = None if match.group("rest").strip() else _TITLE_LINE.match(rest)
    if title_match:
        title = " ".join(title_match.group("title").split())
        rest = rest[title_match.end() :]
    body = rest.strip()
    if not body:
        raise SeedError("the article has a date but no text")
    if not re.search(r"[^\W\d_]{2,}", body):
        raise SeedError("the article text has no words")
    return Document(
        published_on=published_on,
        body=body,
        title=(title or derive_title(body))[:300],
        source_name=source_name,
        title_given=bool(title),
    )


def decode_bytes(data: bytes) -> str:
    """Decode a seed file's bytes: UTF-8 (with or without BOM) or UTF-16 with a
    BOM when sure, Latin-1/Windows-1252 when the bytes look like Western text;
    refuse anything that looks binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SeedError("the file says it is UTF-16 but is not valid UTF-16") from None
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        raise SeedError("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if "\ufffd" in text or controls > len(text) / 100:
        raise SeedError("the file is neither UTF-8, UTF-16 nor Latin-1 text")
    return text


def _looks_like_bomless_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return False
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    return max(even_zeros, odd_zeros) > 0.9 and min(even_zeros, odd_zeros) < 0.05


def read_seed_file(path: str | Path, *, today: dt.date | None = None) -> Document:
    """Read and parse one seed file, refusing oversized or binary files before
    they are parsed. Raises SeedError (never OSError) with the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"the file is {size:,} bytes; the limit is {MAX_SEED_BYTES:,} bytes")
        with path.open("rb") as handle:
            data = handle.read(MAX_SEED_BYTES + 1)
    except OSError as error:
        raise SeedError(error.strerror or str(error)) from None
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(f"the file is larger than the limit of {MAX_SEED_BYTES:,} bytes")
    if not data.strip():
        raise SeedError("the file is empty")
    return parse_seed(decode_bytes(data), source_name=path.name, today=today)
