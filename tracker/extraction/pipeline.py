"""From a Document to plain data: actors, claims, figures, events and dates.

>>> from tracker.extraction import extract, parse_seed
>>> result = extract(parse_seed(open("seeds/000_e699609d1bde1dc1.txt").read()))
>>> result.as_dict()["claims"][0]["speaker"]
'Antony Blinken'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors import Actor, ActorIndex, Mention, find_actors
from .captions import caption_spans
from .claims import FIGURE, UNATTRIBUTED, Claim, ClaimFinder
from .dates import Timex, find_dates, guess_tense
from .document import Document
from .events import Event, EventFinder
from .figures import COUNT, DURATION, Figure, FigureFinder
from .nlp import entities_of, forget_entities, lemma_of, load_pipeline, parse_many

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Counts smaller than this are only figures when something happened to what
# they count ("three soldiers killed"), not in "two rounds of talks".
MIN_PLAIN_COUNT = 10
SMALL_COUNT_VERBS = {
    "killed", "wounded", "injured", "hurt", "abducted", "kidnapped", "displaced", "arrested",
    "detained", "released", "freed", "evacuated", "imprisoned", "jailed", "rescued",
    "executed", "captured", "dead", "missing", "deported", "sentenced", "infected",
}  # fmt: skip


@dataclass
class Extraction:
    document: Document
    actors: list[Actor]
    claims: list[Claim]
    events: list[Event]
    dates: list[Timex]
    figures: list[Figure]
    mentions: list[Mention]

    def as_dict(self) -> dict:
        """The shape ``manage.py extract --format json`` prints."""
        doc = self.document
        return {
            "article": {
                "title": doc.title,
                "published_on": doc.published_on.isoformat(),
                "sha256": doc.sha256,
                "body": doc.body,
            },
            "actors": [a.as_dict() for a in self.actors],
            "claims": [c.as_dict() for c in self.claims],
            "events": [e.as_dict() for e in self.events],
            "dates": [t.as_dict() for t in self.dates],
        }


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Extract one document. Parsing costs most of the time; for many
    documents use ``extract_many``, which batches the parser."""
    return next(extract_many([document], nlp))


def extract_many(
    documents: Iterable[Document], nlp: Language | None = None
) -> Iterator[Extraction]:
    """Extract a stream of documents, parsing them in batches."""
    nlp = nlp or load_pipeline()
    pending: list[Document] = []

    def bodies():
        for document in documents:
            pending.append(document)
            yield document.body

    for doc in parse_many(bodies(), nlp):
        document = pending.pop(0)
        yield extract_from_doc(document, doc)


def extract_each(documents: list[Document]) -> list[Extraction | str]:
    """Extract a list of documents, one result each: its Extraction, or the
    reason it could not be extracted. A document that breaks the batch is
    found by extracting the others one by one. Picklable in and out, so that
    worker processes can run it."""
    try:
        return list(extract_many(documents))
    except Exception:  # noqa: BLE001 - isolate the document that failed
        results: list[Extraction | str] = []
        for document in documents:
            try:
                results.append(extract(document))
            except Exception as error:  # noqa: BLE001 - reported, the others go on
                results.append(f"could not extract it: {error!r}")
        return results


def extract_from_doc(document: Document, doc: Doc) -> Extraction:
    """Run every finder over an already parsed document."""
    try:
        return _extract_from_doc(document, doc)
    finally:
        forget_entities(doc)


def _extract_from_doc(document: Document, doc: Doc) -> Extraction:
    body = document.body
    captions = caption_spans(body)
    not_dates = captions + [
        (e.start_char, e.end_char)
        for e in entities_of(doc)
        if e.label_ in {"MONEY", "PERCENT"}
        or (e.label_ in {"CARDINAL", "QUANTITY"} and re.fullmatch(r"\d{4}", e.text.strip()))
    ]
    dates = find_dates(body, document.published_on, tense=_tense_from(doc, body), exclude=not_dates)
    actor_index = find_actors(doc, captions)
    statements = ClaimFinder(doc, actor_index, document.published_on, dates, captions).find()
    figures = FigureFinder(doc, dates, captions).find()
    figure_claims = [
        _figure_claim(figure, statements, doc, document)
        for figure in figures
        if _is_newsworthy(figure)
    ]
    claims = sorted(statements + figure_claims, key=lambda c: (c.span[0], c.kind != FIGURE))
    events = EventFinder(doc, actor_index, dates, captions).find()
    used = _actors_in_use(actor_index, claims, events)
    return Extraction(
        document=document,
        actors=used,
        claims=claims,
        events=events,
        dates=dates,
        figures=figures,
        mentions=actor_index.mentions,
    )


def _is_newsworthy(figure: Figure) -> bool:
    if figure.kind == DURATION:
        return figure.value is not None and figure.value != 1
    if figure.kind != COUNT:
        return True
    if figure.value is None:
        return figure.subject is not None
    if figure.value < 1:  # "a quarter of the population", "half of whom"
        return figure.subject is not None
    if figure.value >= MIN_PLAIN_COUNT:
        return True
    verb = (figure.subject or "").rsplit(" ", 1)[-1]
    return figure.value != 1 and " " in (figure.subject or "") and verb in SMALL_COUNT_VERBS


def _figure_claim(figure: Figure, statements: list[Claim], doc: Doc, document: Document) -> Claim:
    """A figure becomes a claim of its own; inside someone's statement it is
    theirs, else the article states it."""
    owner = next(
        (s for s in statements if s.span[0] <= figure.span[0] and figure.span[1] <= s.span[1] + 1),
        None,
    )
    sentence = doc.char_span(figure.span[0], figure.span[1], alignment_mode="expand")
    if owner is not None:
        sentence_span = owner.sentence_span
    elif sentence is not None:
        sentence_span = (sentence.sent.start_char, sentence.sent.end_char)
    else:
        sentence_span = figure.span
    text = document.body[sentence_span[0] : sentence_span[1]].strip()
    return Claim(
        kind=FIGURE,
        text=text,
        span=figure.span,
        sentence_span=sentence_span,
        stated_on=owner.stated_on if owner else document.published_on,
        stated_precision=owner.stated_precision if owner else "day",
        quote=None,
        speaker=owner.speaker if owner else None,
        speaker_span=owner.speaker_span if owner else None,
        cue_span=owner.cue_span if owner else None,
        attribution=owner.attribution if owner else UNATTRIBUTED,
        figure=figure,
    )


def _actors_in_use(index: ActorIndex, claims: list[Claim], events: list[Event]) -> list[Actor]:
    """Every named actor, plus those that only appear as resolved speakers."""
    actors = list(index.actors)
    for claim in claims:
        if claim.speaker is not None and claim.speaker not in actors:
            actors.append(claim.speaker)
    for event in events:
        for actor in event.actors:
            if actor not in actors:
                actors.append(actor)
    return actors


# Auxiliaries that point forward: "will resume", "must be returned by Jan. 14".
FUTURE_AUXILIARIES = {"will", "'ll", "shall", "wo", "must", "should"}


def _tense_from(doc: Doc, body: str):
    """Whether the clause around a character span is in the past or future,
    read from the verb that governs it and its auxiliaries, or else from words
    that look ahead ("scheduled to", "as soon as")."""

    def tense(start: int, end: int) -> str | None:
        if body.startswith(("'s", "’s"), end):
            return "past"  # "Wednesday's ruling" has happened
        return _parsed_tense(start, end) or guess_tense(body, start, end)

    def _parsed_tense(start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        token = span.root
        for _ in range(6):
            if token.pos_ in {"VERB", "AUX"} or token.head.i == token.i:
                break
            token = token.head
        auxiliaries = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
        words = {a.lower_ for a in auxiliaries}
        if words & FUTURE_AUXILIARIES or token.lower_ in {"will", "'ll"}:
            return "future"
        if (
            "going" in words
            or "to" in words
            or any(
                lemma_of(a) == "be" and a.i + 1 < len(doc) and doc[a.i + 1].lower_ == "to"
                for a in auxiliaries
            )
        ):
            return "future"  # "going to", "expected to be completed", "is to meet"
        if any(a.tag_ == "MD" for a in auxiliaries):
            return None  # "could", "might": no direction
        if token.tag_ in {"VBD", "VBN"} or any(
            a.tag_ == "VBD" or a.lower_ in {"has", "have", "had"} for a in auxiliaries
        ):
            return "past"  # "announced Wednesday by the ministry"
        return None

    return tense
