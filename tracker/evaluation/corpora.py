"""Readers for the annotated corpora in ../shared/corpora.

The texts belong to their publishers: they are read from that folder at run
time and never copied into this repository. Each reader yields documents with
the plain text we give the extractor and the gold annotations as character
spans into that text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]


class CorpusMissing(FileNotFoundError):
    """A corpus folder is not where it should be."""


def require(folder: Path) -> Path:
    if not folder.is_dir():
        raise CorpusMissing(f"{folder} is not there")
    return folder


@dataclass
class Timex:
    span: Span
    type: str
    value: str


@dataclass
class TimexDocument:
    name: str
    dct: dt.date
    text: str
    timexes: list[Timex]


@dataclass
class Mention:
    span: Span
    label: str  # PER / ORG / LOC / ...
    instance: str  # the entity it refers to
    syntactic_type: str = ""  # NAM, NOM, PRO, ...
    sentence: int = 0


@dataclass
class EntityDocument:
    """MEANTIME or GUM: names, all mentions with their chains, values."""

    name: str
    dct: dt.date
    text: str
    mentions: list[Mention]
    values: list[tuple[Span, str]] = field(default_factory=list)  # (span, MONEY/PERCENT/QUANTITY)
    timexes: list[Timex] = field(default_factory=list)
    scored_until: int | None = None  # character offset where full annotation ends


@dataclass
class Attribution:
    source: list[Span]
    cue: list[Span]
    content: list[Span]
    cue_text: str


@dataclass
class AttributionDocument:
    name: str
    dct: dt.date
    text: str
    attributions: list[Attribution]


# ---------------------------------------------------------------------------
# TempEval-3 TimeBank + AQUAINT (TimeML)
# ---------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def timeml(folder: Path) -> Iterator[TimexDocument]:
    """Every *.tml file under ``folder``: the TEXT element's plain text, its
    TIMEX3s as spans and the document creation time."""
    for path in sorted(require(folder).rglob("*.tml")):
        source = path.read_text(encoding="utf-8")
        dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", source)
        dct_value = dict(_ATTRIBUTE.findall(dct_match.group(1)))["value"] if dct_match else ""
        text_match = re.search(r"<TEXT>(.*)</TEXT>", source, re.S)
        if not dct_match or not text_match:
            continue
        text, spans = _strip_tags(text_match.group(1), "TIMEX3")
        timexes = [
            Timex(span, attrs.get("type", ""), attrs.get("value", "")) for span, attrs in spans
        ]
        yield TimexDocument(path.stem, _date(dct_value), text, timexes)


def _strip_tags(markup: str, keep: str) -> tuple[str, list[tuple[Span, dict]]]:
    """Plain text of inline XML, and the spans of every ``keep`` element."""
    pieces: list[str] = []
    length = 0
    open_elements: list[tuple[int, dict]] = []
    found: list[tuple[Span, dict]] = []
    position = 0
    for match in _TAG.finditer(markup):
        chunk = html.unescape(markup[position : match.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, name, attributes, self_closing = match.groups()
        if name != keep or self_closing:
            continue
        if closing:
            start, attrs = open_elements.pop()
            found.append(((start, length), attrs))
        else:
            open_elements.append((length, dict(_ATTRIBUTE.findall(attributes))))
    pieces.append(html.unescape(markup[position:]))
    return "".join(pieces), found


def _date(value: str) -> dt.date:
    match = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not match:
        raise ValueError(f"no date in {value!r}")
    return dt.date(*(int(g) for g in match.groups()))


# ---------------------------------------------------------------------------
# MEANTIME (NewsReader CAT XML)
# ---------------------------------------------------------------------------

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    ")",
    "]",
    "}",
    "%",
    "?",
    "!",
    "'s",
    "n't",
    "'",
    "''",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "s",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#", "US$", "£", "€"}


def detokenise(
    tokens: list[tuple[str, str]],
    sentence_of: dict[str, int],
    paragraph_after: set[int],
    glued: set[str] = frozenset(),
) -> tuple[str, dict[str, Span]]:
    """Join (id, word) tokens into readable text; returns the text and every
    token's span. Sentences in ``paragraph_after`` end a paragraph; tokens in
    ``glued`` join the previous one without a space ("all-girl")."""
    text: list[str] = []
    spans: dict[str, Span] = {}
    length = 0
    previous_word, previous_sentence = None, None
    quote_open = False
    for token_id, word in tokens:
        sentence = sentence_of[token_id]
        if previous_word is not None:
            if sentence != previous_sentence:
                gap = "\n\n" if previous_sentence in paragraph_after else " "
            elif token_id in glued:
                gap = ""
            elif word in {'"', "'"}:
                gap = "" if quote_open else " "
            elif (
                previous_word in {'"', "'"}
                and quote_open
                or word in _NO_SPACE_BEFORE
                or previous_word in _NO_SPACE_AFTER
            ):
                gap = ""
            else:
                gap = " "
            text.append(gap)
            length += len(gap)
        if word in {'"', "'"}:
            quote_open = not quote_open
        spans[token_id] = (length, length + len(word))
        text.append(word)
        length += len(word)
        previous_word, previous_sentence = word, sentence
    return "".join(text), spans


def meantime(folder: Path, last_sentence: int = 5) -> Iterator[EntityDocument]:
    """MEANTIME's English articles: names and all other entity mentions with
    the instance they refer to, VALUE spans, TIMEX3s. Annotation is complete
    only up to sentence ``last_sentence``; ``scored_until`` marks where that ends."""
    for path in sorted(require(folder).rglob("*.xml")):
        root = ET.parse(path).getroot()
        tokens = [(t.get("t_id"), t.text or "") for t in root.iter("token")]
        sentence_of = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
        # The title and the dateline are paragraphs of their own.
        text, token_spans = detokenise(tokens, sentence_of, paragraph_after={0, 1})
        markables = root.find("Markables")
        relations = root.find("Relations")

        def span_of(element, token_spans=token_spans, sentence_of=sentence_of):
            ids = [a.get("t_id") for a in element.iter("token_anchor")]
            if not ids:
                return None
            spans = [token_spans[i] for i in ids if i in token_spans]
            return (min(s for s, _ in spans), max(e for _, e in spans)), sentence_of[ids[0]]

        instances = {}
        for element in markables:
            if element.tag in {"ENTITY", "EVENT"} and element.get("m_id"):
                instances[element.get("m_id")] = element
        refers = {}
        for relation in relations.iter("REFERS_TO") if relations is not None else []:
            target = relation.find("target").get("m_id")
            for source in relation.iter("source"):
                refers[source.get("m_id")] = target

        mentions, values, timexes = [], [], []
        dct = None
        for element in markables:
            located = span_of(element)
            if element.tag == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
                dct = _meantime_dct(element.get("value", ""), text)
                continue
            if located is None:
                continue
            span, sentence = located
            if element.tag == "ENTITY_MENTION":
                instance_id = refers.get(element.get("m_id"))
                instance = instances.get(instance_id)
                label = instance.get("ent_type", "") if instance is not None else ""
                mentions.append(
                    Mention(
                        span, label, instance_id or "", element.get("syntactic_type", ""), sentence
                    )
                )
            elif element.tag == "VALUE":
                values.append((span, element.get("type", "")))
            elif element.tag == "TIMEX3":
                timexes.append(Timex(span, element.get("type", ""), element.get("value", "")))
        if dct is None:
            dct = _dateline(text)
        ends = [token_spans[t][1] for t, _ in tokens if sentence_of[t] <= last_sentence]
        yield EntityDocument(
            path.stem, dct, text, mentions, values, timexes, scored_until=max(ends)
        )


def _meantime_dct(value: str, text: str) -> dt.date:
    try:
        return _date(value)
    except ValueError:
        # One file writes 03-02-2009; the dateline says which order it is.
        return _dateline(text)


def _dateline(text: str) -> dt.date:
    from tracker.extraction.dates import calendar_date

    line = text.split("\n\n")[1] if "\n\n" in text else text[:40]
    parsed = calendar_date(line.strip())
    if parsed is None:
        raise ValueError(f"no dateline in {line!r}")
    return parsed


# ---------------------------------------------------------------------------
# PolNeAR (BRAT standoff)
# ---------------------------------------------------------------------------


def polnear(folder: Path, split: str = "dev") -> Iterator[AttributionDocument]:
    """PolNeAR's ``split``: article texts and, from the first annotator listed
    in metadata.tsv, every attribution's source, cue and content spans."""
    folder = require(folder)
    annotators = {}
    for line in (folder / "data" / "metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 5 and cells[0] == split:
            annotators[cells[1]] = (cells[3].split("|")[0], cells[5])
    for name, (annotator, date) in sorted(annotators.items()):
        text_path = folder / "data" / split / "text" / f"{name}.txt"
        ann_path = folder / "data" / split / "attributions" / f"{name}_{annotator}.ann"
        if not text_path.exists() or not ann_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        yield AttributionDocument(name, _date(date), text, _brat_attributions(ann_path, text))


def _brat_attributions(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, list[Span]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^T\d+\t", line):
            ident, rest = line.split("\t", 1)
            label_and_offsets = rest.split("\t", 1)[0]
            label, _, offsets = label_and_offsets.partition(" ")
            parts = []
            for piece in offsets.split(";"):
                start, end = (int(x) for x in piece.split())
                parts.append((start, end))
            spans[ident] = (label, parts)
        elif re.match(r"^E\d+\t", line):
            events.append(line.split("\t", 1)[1])
    attributions = []
    for event in events:
        roles = defaultdict(list)
        for item in event.split():
            role, _, ident = item.partition(":")
            if ident in spans:
                roles[role].extend(spans[ident][1])
        if not roles.get("Content"):
            continue
        cue_text = " ".join(text[s:e] for s, e in roles.get("Cue", []))
        attributions.append(
            Attribution(roles.get("Source", []), roles.get("Cue", []), roles["Content"], cue_text)
        )
    return attributions


# ---------------------------------------------------------------------------
# GUM (Wikinews news and interviews)
# ---------------------------------------------------------------------------


def gum(folder: Path, genres: tuple[str, ...] = ("news",)) -> Iterator[EntityDocument]:
    """GUM's Wikinews documents: text rebuilt from the XML (paragraphs kept),
    coreference chains from the CoNLL files, the dateline as document date."""
    folder = require(folder)
    for xml_path in sorted((folder / "xml").glob("GUM_*.xml")):
        genre = xml_path.stem.split("_")[1]
        if genre not in genres:
            continue
        conll_path = folder / "coref" / "gum" / "conll" / f"{xml_path.stem}.conll"
        if not conll_path.exists():
            continue
        words, paragraph_ends, glued, dates = _gum_tokens(xml_path)
        sentence_of = {}
        paragraph = 0
        for index in range(len(words)):
            sentence_of[str(index)] = paragraph
            if index in paragraph_ends:
                paragraph += 1
        text, token_spans = detokenise(
            [(str(i), w) for i, w in enumerate(words)],
            sentence_of,
            paragraph_after=set(range(paragraph + 1)),
            glued={str(i) for i in glued},
        )
        mentions = _gum_mentions(conll_path, token_spans, len(words))
        dct = dates or _xml_date(xml_path)
        yield EntityDocument(xml_path.stem, dct, text, mentions)


def _gum_tokens(path: Path) -> tuple[list[str], set[int], set[int], dt.date | None]:
    words: list[str] = []
    paragraph_ends: set[int] = set()
    glued: set[int] = set()
    dateline = None
    in_bold_date = False
    in_word = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == "<w>":
            in_word, first_of_word = True, True
            continue
        if line == "</w>":
            in_word = False
            continue
        if line.startswith("<"):
            if re.match(r"</(p|head|sp|list|item|caption|figure)>", line) and words:
                paragraph_ends.add(len(words) - 1)
            if line.startswith('<hi rend="bold">'):
                in_bold_date = True
            when = re.match(r'<date when="-?(\d{4}-\d{2}-\d{2})"', line)
            if when and in_bold_date and dateline is None:
                dateline = dt.date.fromisoformat(when.group(1))
            if line.startswith("</hi>"):
                in_bold_date = False
            continue
        if line.strip():
            if in_word and not first_of_word:
                glued.add(len(words))
            first_of_word = False
            words.append(line.split("\t", 1)[0])
    return words, paragraph_ends, glued, dateline


def _xml_date(path: Path) -> dt.date:
    header = path.read_text(encoding="utf-8")[:2000]
    return _date(re.search(r'dateCreated="([^"]+)"', header).group(1))


def _gum_mentions(path: Path, token_spans: dict[str, Span], count: int) -> list[Mention]:
    mentions = []
    open_stack: dict[str, list[int]] = defaultdict(list)
    index = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or index >= count:
            continue
        for part in re.findall(r"\([^()|]+\)|\([^()|]+|[^()|]+\)", cells[2]):
            key = part.strip("()")
            if part.startswith("(") and part.endswith(")"):
                mentions.append(_gum_mention(key, index, index, token_spans))
            elif part.startswith("("):
                open_stack[key].append(index)
            elif part.endswith(")") and open_stack[key]:
                mentions.append(_gum_mention(key, open_stack[key].pop(), index, token_spans))
        index += 1
    return mentions


def _gum_mention(key: str, first: int, last: int, token_spans) -> Mention:
    kind, _, rest = key.partition("-")
    chain = rest.split("-", 1)[0]
    return Mention((token_spans[str(first)][0], token_spans[str(last)][1]), kind, chain)


# ---------------------------------------------------------------------------
# Reuters-21578 (SGML), for speed and robustness only
# ---------------------------------------------------------------------------


def reuters(folder: Path) -> Iterator[tuple[str, dt.date, str]]:
    """(name, date, body) of every story with a body, paragraphs reflowed."""
    for path in sorted(require(folder).glob("*.sgm")):
        source = path.read_bytes().decode("latin-1")
        for record in re.finditer(
            r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", source, re.S
        ):
            newid, inner = record.groups()
            body = re.search(r"<BODY>(.*?)</BODY>", inner, re.S)
            date = re.search(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})", inner)
            if not body or not date:
                continue
            day, month, year = date.groups()
            published = dt.datetime.strptime(f"{day} {month.title()} {year}", "%d %b %Y").date()
            yield f"reuters-{newid}", published, _reflow(body.group(1))


def _reflow(body: str) -> str:
    body = html.unescape(body.replace("&\\t", "\n\n").replace("&#3;", ""))
    body = re.sub(r"\n\s{3,}", "\n\n", body)
    body = re.sub(r"\s*\bReuters?\s*$", "", body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    return "\n\n".join(p for p in paragraphs if p and p.lower() not in {"reuter", "reuters"})
