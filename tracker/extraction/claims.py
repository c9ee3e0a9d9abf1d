"""Statements: who said what. Direct quotes (“…,” he said), reported speech
(X said that …, X told Y …, according to X, …) and mixed forms, each with its
speaker resolved to an actor, its cue, and the date it was made."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import COUNTRY, GROUP, ORGANISATION, PERSON, Actor, ActorIndex, demonym_country
from .dates import Timex
from .figures import Figure
from .gazetteer import (
    CORE_SPEECH_VERBS,
    COUNTRY_NAMES,
    NONCLAUSAL_SPEECH_VERBS,
    OFFICIAL_NOUNS,
    SPEECH_VERBS,
    fold,
)
from .nlp import lemma_of, text_of
from .quotes import Quote, find_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

QUOTE, REPORTED, FIGURE = "quote", "reported", "figure"
# How the claim is attributed: said outright, reported, or "according to".
DIRECT, INDIRECT, ACCORDING_TO, UNATTRIBUTED = "direct", "reported", "according_to", "none"

_PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "it", "we"}
_GROUP_NOUNS = {
    "group", "movement", "organisation", "organization", "party", "militants", "company",
    "firm", "agency", "ministry", "department", "office", "government", "administration",
    "statement", "spokesman", "spokeswoman", "spokesperson", "officials", "official",
}  # fmt: skip
_ADVOCACY_VERBS = {
    "push", "call", "urge", "demand", "insist", "press", "seek", "promise", "pledge", "vow",
    "warn", "describe", "dismiss", "brand", "label", "denounce", "condemn", "praise",
    "criticise", "criticize", "welcome", "hail", "reject", "accuse", "argue", "refer", "term",
}  # fmt: skip
_CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
_CLAUSE_HEADS = {"VERB", "AUX", "ADJ", "NOUN", "PRON", "PROPN"}
# Children of a cue that are never what was said.
_NOT_CONTENT = {
    "aux", "auxpass", "neg", "punct", "dative", "advmod", "npadvmod", "mark", "cc", "nsubj",
    "nsubjpass", "advcl", "prt", "agent",
}  # fmt: skip
_COMPLEMENT_DEPS = {"dobj", "oprd", "xcomp", "attr", "prep", "ccomp", "dative", "acomp"}
_COMPLEMENT_PREPOSITIONS = {"for", "about", "of", "as", "on", "to", "against", "that", "with"}


def _is_complement(token: Token) -> bool:
    if token.dep_ == "prep":
        return token.lower_ in _COMPLEMENT_PREPOSITIONS
    return token.dep_ in _COMPLEMENT_DEPS


_EDGE_PUNCT = " \t\n,;:—–-"


@dataclass
class Claim:
    kind: str
    text: str
    span: tuple[int, int]
    sentence_span: tuple[int, int]
    stated_on: dt.date
    stated_precision: str
    quote: str | None = None
    speaker: Actor | None = None
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    attribution: str = DIRECT
    figure: Figure | None = None
    quote_spans: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "speaker": self.speaker.name if self.speaker else None,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "text": self.text,
            "quote": self.quote,
            "span": list(self.span),
            "stated_on": self.stated_on.isoformat(),
            "stated_precision": self.stated_precision,
            "figure": self.figure.as_dict() if self.figure else None,
        }


@dataclass
class _Attribution:
    cue: list[Token]
    source: tuple[int, int] | None
    content: tuple[int, int]
    sentence: Span
    kind: str  # DIRECT/INDIRECT/ACCORDING_TO
    subject: Token | None = None


class ClaimFinder:
    """Finds the statements in one parsed article."""

    def __init__(
        self,
        doc: Doc,
        actors: ActorIndex,
        published_on: dt.date,
        timexes: list[Timex],
        excluded: list[tuple[int, int]] = (),
    ):
        self.doc = doc
        self.body = text_of(doc)
        self.actors = actors
        self.published_on = published_on
        self.timexes = timexes
        self.excluded = list(excluded)
        self.quotes = [q for q in find_quotes(self.body) if not self._is_excluded(q.start)]

    # -- public -------------------------------------------------------------

    def find(self) -> list[Claim]:
        attributions = self._attributions()
        claims: list[Claim] = []
        used_quotes: set[int] = set()
        for attribution in attributions:
            self._widen_to_quote(attribution)
            inside = [
                i
                for i, q in enumerate(self.quotes)
                if q.start >= attribution.content[0] - 1 and q.end <= attribution.content[1] + 1
            ]
            claim = self._claim_from(attribution, [self.quotes[i] for i in inside])
            if claim:
                claims.append(claim)
                used_quotes.update(inside)
        for index, quote in enumerate(self.quotes):
            if index in used_quotes:
                continue
            if self._joins_split_quote(quote, claims):
                continue
            claim = self._claim_from_lone_quote(quote, claims)
            if claim:
                claims.append(claim)
        claims.sort(key=lambda c: (c.span[0], c.span[1]))
        return _drop_nested_duplicates(claims)

    def _widen_to_quote(self, attribution: _Attribution) -> None:
        """A content the parser found inside one quotation (the last paragraph
        of a quote that runs over several) is the whole quotation."""
        start, end = attribution.content
        for quote in self.quotes:
            if quote.start <= start and end <= quote.end + 1 and len(quote.parts) > 1:
                attribution.content = (quote.start, quote.end)
                return

    def _joins_split_quote(self, quote: Quote, claims: list[Claim]) -> bool:
        """“We will not give up,” he said, “and we will win.”: the second part
        belongs to the quote the cue split, which grows to cover it."""
        previous = next((c for c in reversed(claims) if c.span[1] <= quote.start), None)
        if previous is None or previous.kind != QUOTE or previous.cue_span is None:
            return False
        between = self.body[previous.span[1] : quote.start]
        cue_inside = (
            previous.cue_span[0] >= previous.span[1] and previous.cue_span[1] <= quote.start
        )
        if (
            not cue_inside
            or len(between) > 80
            or "\n" in between
            or not re.search(r",\W*$", between)
        ):
            return False
        previous.span = (previous.span[0], quote.end)
        previous.quote = f"{previous.quote} … {quote.text(self.body)}"
        previous.quote_spans.extend(quote.parts)
        previous.sentence_span = (
            previous.sentence_span[0],
            max(previous.sentence_span[1], self._sentence_span((quote.start, quote.end), None)[1]),
        )
        previous.text = self._text(previous.sentence_span)
        return True

    # -- attributions from the parse ---------------------------------------

    def _attributions(self) -> list[_Attribution]:
        found = []
        for sentence in self.doc.sents:
            if self._is_excluded(sentence.start_char):
                continue
            for token in sentence:
                attribution = None
                if (
                    token.lower_ == "according"
                    and token.i + 1 < len(self.doc)
                    and self.doc[token.i + 1].lower_ == "to"
                ):
                    attribution = self._according_to(token, sentence)
                elif token.pos_ in {"VERB", "AUX"} and lemma_of(token).lower() in SPEECH_VERBS:
                    if self._inside_quote(token.idx):
                        continue  # "I think" inside someone's quote is their words
                    attribution = self._speech_verb(token, sentence)
                if attribution:
                    found.append(attribution)
        return found

    def _inside_quote(self, offset: int) -> bool:
        return any(start <= offset < end for q in self.quotes for start, end in q.parts)

    def _according_to(self, according: Token, sentence: Span) -> _Attribution | None:
        to = self.doc[according.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            return None
        source_tokens = list(objects[0].subtree)
        source = (source_tokens[0].idx, _token_end(source_tokens[-1]))
        phrase_start, phrase_end = according.idx, source[1]
        content = _sentence_without(sentence, phrase_start, phrase_end)
        if content is None:
            return None
        return _Attribution([according, to], source, content, sentence, ACCORDING_TO, objects[0])

    def _speech_verb(self, verb: Token, sentence: Span) -> _Attribution | None:
        """An attribution around a verb of speaking, or None. The content is,
        in order of preference: its clause ("said that …", "…, he said"), the
        clause it interrupts ("Acts of protest, Mr. Obama said, are …"), its
        complements for verbs that take no clause ("called Clinton a
        disgrace", "called for a ceasefire"), or a quote right next to it."""
        lemma = lemma_of(verb).lower()
        if lemma == "point" and not any(
            c.dep_ == "prt" and c.lower_ == "out" for c in verb.children
        ):
            return None
        subject = self._subject(verb)
        if subject is None:
            return None
        if subject.lower_ in {"it", "there"} and not self._quote_near(verb, sentence):
            return None
        children = list(verb.children)
        clauses = [c for c in children if c.dep_ in _CONTENT_DEPS and c.pos_ in _CLAUSE_HEADS]
        interrupts = False
        if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i and not clauses:
            # "Prices will rise, he said" / "Acts of protest, Mr. Obama said, are …"
            head = verb.head
            if head.pos_ not in {"VERB", "AUX", "ADJ"} or head.i in {t.i for t in subject.subtree}:
                return None
            inside = {t.i for t in verb.subtree}
            content = _span_of([t for t in head.subtree if t.i not in inside and not t.is_space])
            interrupts = content is not None and content[0] < verb.idx < content[1]
        elif clauses:
            content = self._complement_span(verb, subject, clauses[0].i > verb.i, clauses)
        elif lemma in NONCLAUSAL_SPEECH_VERBS:
            complements = [c for c in children if _is_complement(c) and c.i > verb.i]
            content = (
                self._complement_span(verb, subject, True, complements, prepositions=True)
                if complements
                else None
            )
        else:
            content = None
        if content is None and lemma in CORE_SPEECH_VERBS:
            quote = self._quote_near(verb, sentence)
            content = (quote.start, quote.end) if quote else None
        if content is None or content[1] - content[0] < 3:
            return None
        content = self._without_nested_cues(verb, content)
        content = _strip_edges(self.body, *content)
        content = self._without_leading_date(content)
        content = _drop_leading_that(self.body, *content)
        if content[1] - content[0] < 3:
            return None
        source_span = self._speaker_span(subject)
        if source_span and _overlaps(source_span, content) and not interrupts:
            return None
        cue = [
            verb,
            *[c for c in children if c.dep_ in {"aux", "neg", "prt"} and abs(c.i - verb.i) <= 3],
        ]
        return _Attribution(cue, source_span, content, sentence, INDIRECT, subject)

    def _without_leading_date(self, content: tuple[int, int]) -> tuple[int, int]:
        """ "said on Tuesday it had …": the date is the statement's, not its words."""
        start, end = content
        for timex in self.timexes:
            lead = re.fullmatch(r"(?:on\s+)?", self.body[start : timex.start])
            if lead is not None and timex.start >= start and timex.end < end:
                after = re.match(r"[\s,]*", self.body[timex.end : end])
                return timex.end + after.end(), end
        return start, end

    def _subject(self, verb: Token) -> Token | None:
        """Who speaks: the verb's subject, or the subject of the verb it hangs
        from ("said X and added …", "advisers who said …")."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "relcl" and verb.head.pos_ in {"PROPN", "NOUN"}:
            subject = verb.head
        return subject

    def _complement_span(
        self, verb, subject, right, heads, prepositions=False
    ) -> tuple[int, int] | None:
        """The words of a cue's complements on one side of it, without the
        speaker, the addressee of "tell", auxiliaries and asides."""
        lemma = lemma_of(verb).lower()
        tokens = []
        for child in verb.children:
            if child.i == subject.i or (child.i > verb.i) != right:
                continue
            if child not in heads and (
                child.dep_ in _NOT_CONTENT
                or not _is_complement(child)
                or (child.dep_ == "prep" and not prepositions)
            ):
                continue  # "said on Tuesday in a statement that …": not what was said
            if lemma == "tell" and child.dep_ in {"dobj", "dative"} and child not in heads:
                continue  # the person told, not what was said
            tokens.extend(child.subtree)
        return _span_of([t for t in tokens if not t.is_space])

    def _without_nested_cues(self, verb: Token, content: tuple[int, int]) -> tuple[int, int]:
        """Stop the content where another cue's clause begins: in "said A,
        citing B" or "said A — and he noted B", B is another attribution."""
        start, end = content
        for token in self.doc.char_span(start, end, alignment_mode="expand") or []:
            if token.i == verb.i or token.dep_ not in {"advcl", "conj"}:
                continue
            if token.pos_ == "VERB" and lemma_of(token).lower() in SPEECH_VERBS:
                nested_start = token.left_edge.idx
                if start < nested_start < end:
                    end = nested_start
        return start, end

    def _quote_near(self, verb: Token, sentence: Span) -> Quote | None:
        """A quote that ends just before the cue or starts just after it."""
        for quote in self.quotes:
            before = self.body[quote.end : verb.idx]
            after = self.body[_token_end(verb) : quote.start]
            ends_before = (
                quote.end <= verb.idx
                and len(before) < 60
                and re.fullmatch(r"[\s,.”\"’]*[\w\s.’'-]*", before)
            )
            same_sentence = quote.end >= sentence.start_char - 1
            if ends_before and (same_sentence or re.fullmatch(r"[\s,”\"]*", before)):
                return quote
            if (
                quote.start >= _token_end(verb)
                and len(after) < 40
                and re.fullmatch(r"[\w\s.,:’'-]*[“\"]?", after)
            ):
                return quote
        return None

    def _speaker_span(self, subject: Token) -> tuple[int, int] | None:
        """The words that say who speaks: the subject without its relative
        clauses or asides ("Mr Blinken, who is on his fifth visit, ...")."""
        skip = set()
        for child in subject.children:
            if (
                child.dep_ in {"relcl", "acl", "punct"}
                or (child.dep_ == "appos" and child.ent_type_ not in {"PERSON", "ORG"})
                or (child.dep_ == "advmod")
            ):
                skip.update(t.i for t in child.subtree)
        tokens = [t for t in subject.subtree if t.i not in skip and not t.is_space]
        # keep the contiguous stretch around the head
        start = end = subject.i
        indices = {t.i for t in tokens}
        while start - 1 in indices:
            start -= 1
        while end + 1 in indices:
            end += 1
        for child in subject.children:
            if child.dep_ == "appos" and child.ent_type_ in {"PERSON", "ORG"}:
                end = max(end, child.right_edge.i)
        words = self.doc[start : end + 1]
        return _strip_edges(self.body, words.start_char, words.end_char)

    # -- building claims ---------------------------------------------------

    def _claim_from(self, attribution: _Attribution, quotes: list[Quote]) -> Claim | None:
        content = attribution.content
        if quotes and len(quotes) == 1 and _covers(quotes[0], content, self.body):
            kind, span = QUOTE, (quotes[0].start, quotes[0].end)
        else:
            kind, span = REPORTED, content
        speaker = self._resolve(attribution)
        quote_text = _join_quotes(self.body, quotes) if quotes else None
        if kind == QUOTE:
            quote_text = quotes[0].text(self.body)
        stated_on, precision = self._stated_date(attribution)
        sentence_span = self._sentence_span(span, attribution)
        return Claim(
            kind=kind,
            text=self._text(sentence_span),
            span=span,
            sentence_span=sentence_span,
            stated_on=stated_on,
            stated_precision=precision,
            quote=quote_text,
            speaker=speaker,
            speaker_span=attribution.source,
            cue_span=(attribution.cue[0].idx, _token_end(attribution.cue[0])),
            attribution=attribution.kind if kind != QUOTE else DIRECT,
            quote_spans=[p for q in quotes for p in q.parts],
        )

    def _claim_from_lone_quote(self, quote: Quote, claims: list[Claim]) -> Claim | None:
        """A quote with no cue of its own: it continues the previous speaker's
        quote in the same or the next paragraph, or it is a phrase quoted from
        the subject of an advocacy verb ("pushing for a “clear … path”")."""
        previous = next((c for c in reversed(claims) if c.span[1] <= quote.start), None)
        if previous and previous.kind == QUOTE and previous.speaker_span:
            gap = self.body[previous.span[1] : quote.start]
            if (
                gap.count("\n\n") <= 1
                and len(gap) < 300
                and not re.search(
                    r"\w{3,}[^”\"]*[.!?]\s+[A-Z]", gap.replace("”", "").strip(' ,.\n"')
                )
            ):
                return self._continuation(previous, quote)
        if quote.word_count(self.body) < 3:
            return None
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            return None
        governor = span.root.head
        for _ in range(10):
            if lemma_of(governor).lower() in _ADVOCACY_VERBS:
                break
            if governor.head.i == governor.i:
                return None
            governor = governor.head
        else:
            return None
        subject = _subject_of(governor)
        if subject is None:
            return None
        attribution = _Attribution(
            [governor],
            self._speaker_span(subject),
            (quote.start, quote.end),
            span.sent,
            INDIRECT,
            subject,
        )
        speaker = self._resolve(attribution)
        if speaker is None:
            return None
        claim = self._claim_from(attribution, [quote])
        return claim

    def _continuation(self, previous: Claim, quote: Quote) -> Claim:
        sentence_span = self._sentence_span((quote.start, quote.end), None)
        return Claim(
            kind=QUOTE,
            text=self._text(sentence_span),
            span=(quote.start, quote.end),
            sentence_span=sentence_span,
            stated_on=previous.stated_on,
            stated_precision=previous.stated_precision,
            quote=quote.text(self.body),
            speaker=previous.speaker,
            speaker_span=previous.speaker_span,
            cue_span=previous.cue_span,
            attribution=DIRECT,
            quote_spans=list(quote.parts),
        )

    def _resolve(self, attribution: _Attribution) -> Actor | None:
        """The actor behind the source words: a name in them, a pronoun's
        antecedent, a role ("the secretary of state") or a demonym
        ("Israeli officials" speak for Israel)."""
        if attribution.source is None:
            return None
        start, end = attribution.source
        mentions = [m for m in self.actors.mentions_in(start, end) if m.actor]
        head = attribution.subject
        if mentions:
            for kind in (PERSON, GROUP, ORGANISATION, COUNTRY):
                of_kind = [m for m in mentions if m.actor.kind == kind]
                if of_kind:
                    if head is not None:
                        for m in of_kind:
                            if m.start <= head.idx < m.end + 1:
                                return m.actor
                    if kind in {GROUP, ORGANISATION} and any(
                        m.actor.kind == COUNTRY for m in mentions
                    ):
                        return of_kind[-1].actor  # "Israel's foreign ministry"
                    return of_kind[0].actor
        words = self.body[start:end]
        lowered = words.lower()
        if head is not None and head.lower_ in _PERSONAL_PRONOUNS:
            return self._antecedent_person(start)
        if head is not None and head.lower_ in _GROUP_PRONOUNS:
            return self._antecedent_group(start)
        country = self._country_from_demonym(words, head)
        if country:
            return country
        if head is not None:
            by_role = self._actor_by_role(head, start)
            if by_role:
                return by_role
            if lemma_of(head).lower() in _GROUP_NOUNS and re.match(r"^the\b", lowered):
                return self._antecedent_group(start)
        return None

    def _antecedent_person(self, offset: int) -> Actor | None:
        subjects = [
            m
            for m in self.actors.mentions
            if m.actor
            and m.actor.kind == PERSON
            and m.start < offset
            and self._is_subject_at(m.start)
        ]
        if subjects:
            return subjects[-1].actor
        persons = self.actors.persons_before(offset)
        return persons[0] if persons else None

    def _antecedent_group(self, offset: int) -> Actor | None:
        for mention in reversed(self.actors.mentions):
            actor = mention.actor
            collective = actor is not None and actor.kind in {GROUP, ORGANISATION, COUNTRY}
            if mention.start < offset and collective and self._is_subject_at(mention.start):
                return actor
        return None

    def _is_subject_at(self, offset: int) -> bool:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return False
        token = span[0]
        while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
            token = token.head
        return token.dep_ in {"nsubj", "nsubjpass"} or (
            token.dep_ == "appos" and token.head.dep_ == "nsubj"
        )

    def _country_from_demonym(self, words: str, head: Token | None) -> Actor | None:
        if (
            head is None
            or lemma_of(head).lower() not in OFFICIAL_NOUNS
            and head.lower_ not in OFFICIAL_NOUNS
        ):
            return None
        for word in re.findall(r"[A-Z][\w-]+", words):
            name = demonym_country(word) or COUNTRY_NAMES.get(fold(word))
            if name:
                actor = self.actors.by_name(name)
                if actor is None:
                    actor = Actor(name, COUNTRY, first_offset=head.idx)
                    self.actors.actors.append(actor)
                return actor
        return None

    def _actor_by_role(self, head: Token, offset: int) -> Actor | None:
        noun = lemma_of(head).lower()
        if head.pos_ not in {"NOUN", "PROPN"} or noun in _GROUP_NOUNS:
            return None
        phrase = fold(self.doc[head.left_edge.i : head.i + 1].text)
        phrase = re.sub(r"^(the|a|an)\s+", "", phrase)
        matches = [
            a
            for a in self.actors.actors
            if a.kind == PERSON
            and a.description
            and a.first_offset < offset
            and (phrase in fold(a.description) or noun in fold(a.description).split()[-1:])
        ]
        return matches[-1] if len({id(a) for a in matches}) == 1 or matches else None

    def _stated_date(self, attribution: _Attribution) -> tuple[dt.date, str]:
        """The date of the statement when the cue carries one ("said on
        Tuesday"), else the article's date."""
        cue = attribution.cue[0]
        content = attribution.content
        for timex in self.timexes:
            # "said Tuesday", "said on Tuesday": right after the cue, whatever the parse
            right_after = re.fullmatch(r"\s+(?:on\s+)?", self.body[_token_end(cue) : timex.start])
            if right_after and timex.precision == "day" and timex.date <= self.published_on:
                return timex.date, timex.precision
            if (
                timex.start < attribution.sentence.start_char
                or timex.end > attribution.sentence.end_char
            ):
                continue
            if content[0] <= timex.start < content[1]:
                continue
            if timex.precision not in {"day"} or timex.date is None:
                continue
            span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is None:
                continue
            token = span.root
            for _ in range(4):
                if token.i == cue.i:
                    if timex.date <= self.published_on:
                        return timex.date, timex.precision
                    break
                if token.head.i == token.i:
                    break
                token = token.head
        return self.published_on, "day"

    # -- text helpers ------------------------------------------------------

    def _sentence_span(self, span, attribution) -> tuple[int, int]:
        start, end = span
        if attribution is not None:
            start = min(start, attribution.sentence.start_char)
            end = max(end, attribution.sentence.end_char)
        first = self.doc.char_span(start, start + 1, alignment_mode="expand")
        last = self.doc.char_span(max(start, end - 1), end, alignment_mode="expand")
        if first is not None:
            start = min(start, first.sent.start_char)
        if last is not None:
            end = max(end, last.sent.end_char)
        return _strip_edges(self.body, start, end, keep_final_punct=True)

    def _text(self, sentence_span) -> str:
        return self.body[sentence_span[0] : sentence_span[1]].strip()

    def _is_excluded(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.excluded)


# -- small helpers ---------------------------------------------------------


def _token_end(token: Token) -> int:
    return token.idx + len(token)


def _span_of(tokens) -> tuple[int, int] | None:
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, _token_end(last)


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _strip_edges(
    body: str, start: int, end: int, keep_final_punct: bool = False
) -> tuple[int, int]:
    while start < end and body[start] in _EDGE_PUNCT:
        start += 1
    trailing = _EDGE_PUNCT if keep_final_punct else _EDGE_PUNCT + ".!?"
    while end > start and body[end - 1] in trailing:
        end -= 1
    # keep a closing quotation mark when its opening one is inside
    return start, end


def _drop_leading_that(body: str, start: int, end: int) -> tuple[int, int]:
    match = re.match(r"(?:that|:)\s+", body[start:end])
    if match:
        start += match.end()
    return start, end


def _sentence_without(sentence: Span, start: int, end: int) -> tuple[int, int] | None:
    """The sentence minus one phrase ("according to X"), as one span: the part
    before or after it, whichever is longer."""
    text = text_of(sentence.doc)
    before = _strip_edges(text, sentence.start_char, start)
    after = _strip_edges(text, end, sentence.end_char)
    best = max([before, after], key=lambda s: s[1] - s[0])
    return best if best[1] - best[0] > 3 else None


def _covers(quote: Quote, content: tuple[int, int], body: str) -> bool:
    """Whether the quote is (nearly) the whole of the reported content."""
    outside = body[content[0] : quote.start] + body[quote.end : content[1]]
    outside = re.sub(r"[\s“”\"’‘.,;:!?—–-]", "", outside)
    return len(outside) <= 3


def _join_quotes(body: str, quotes: list[Quote]) -> str:
    return " … ".join(q.text(body) for q in quotes)


def _subject_of(token: Token) -> Token | None:
    current = token
    for _ in range(6):
        subject = next((c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.dep_ == "nsubj":
            return subject
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _drop_nested_duplicates(claims: list[Claim]) -> list[Claim]:
    """One claim per content, and none reported inside another: in "X said
    that Y believes Z", Z is X's claim about Y, not a claim of Y's."""
    result: list[Claim] = []
    for claim in claims:
        duplicate = next((c for c in result if c.span == claim.span), None)
        if duplicate is None:
            result.append(claim)
        elif duplicate.speaker is None and claim.speaker is not None:
            result[result.index(duplicate)] = claim
    return [
        claim
        for claim in result
        if claim.cue_span is None
        or not any(
            other is not claim and other.span[0] <= claim.cue_span[0] < other.span[1]
            for other in result
        )
    ]
