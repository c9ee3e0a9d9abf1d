"""Events: dated happenings. A date that modifies a happening ("Hamas's
October 7 attack", "elections on 3 March") or an action ("Israel launched its
offensive on October 27") makes an event at that date's precision. Dates of
statements belong to claims, not events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .actors import Actor, ActorIndex
from .dates import Timex
from .gazetteer import SPEECH_VERBS
from .nlp import lemma_of, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EVENT_NOUNS = {
    "attack", "assault", "war", "election", "elections", "vote", "referendum", "poll", "summit",
    "meeting", "talks", "ceasefire", "truce", "strike", "airstrike", "bombing", "explosion",
    "blast", "earthquake", "quake", "invasion", "offensive", "raid", "massacre", "coup",
    "protest", "protests", "demonstration", "rally", "march", "visit", "trial", "verdict",
    "ruling", "crash", "shooting", "assassination", "killing", "deal", "agreement", "accord",
    "treaty", "speech", "address", "announcement", "launch", "release", "resignation",
    "inauguration", "conference", "debate", "hearing", "operation", "incursion", "siege",
    "incident", "riot", "uprising", "revolution", "fire", "flood", "storm", "hurricane",
    "outbreak", "collapse", "merger", "acquisition", "takeover", "ipo", "bankruptcy",
    "downturn", "arrest", "indictment", "sentencing", "execution", "funeral",
    "ceremony", "festival", "tournament", "final", "match", "race", "crisis", "session",
    "primary", "caucus", "sale", "auction", "opening", "closure", "shutdown", "lockdown",
    "withdrawal", "evacuation", "rescue", "kidnapping", "abduction", "hijacking",
    "escalation", "clash", "clashes", "battle", "fighting", "ambush", "bombardment",
    "annexation", "blockade", "sanctions", "embargo", "negotiations",
    "hostilities", "disaster", "accident", "derailment", "eruption", "tsunami", "cyclone",
    "typhoon", "landslide", "pandemic", "epidemic", "scandal", "leak", "hack", "breach",
}  # fmt: skip
_EVENT_PREPOSITIONS = {
    "on",
    "in",
    "during",
    "since",
    "at",
    "by",
    "before",
    "after",
    "until",
    "from",
}
_STATIVE_VERBS = {"be", "have", "remain", "seem", "appear", "become", "stay", "look", "include"}


@dataclass
class Event:
    title: str
    occurred_on: dt.date
    precision: str
    span: tuple[int, int]
    timex: Timex
    actors: list[Actor] = field(default_factory=list)
    description: str = ""

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "occurred_on": self.occurred_on.isoformat(),
            "precision": self.precision,
            "span": list(self.span),
            "actors": [a.name for a in self.actors],
        }


class EventFinder:
    """Finds the dated events in one parsed article."""

    def __init__(self, doc: Doc, actors: ActorIndex, timexes: list[Timex], excluded=()):
        self.doc = doc
        self.body = text_of(doc)
        self.actors = actors
        self.timexes = timexes
        self.excluded = list(excluded)

    def find(self) -> list[Event]:
        events = []
        for timex in self.timexes:
            if timex.precision is None or timex.date is None:
                continue
            if any(s <= timex.start < e for s, e in self.excluded):
                continue
            span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is None:
                continue
            event = self._event_for(timex, span)
            if event and not any(e.span == event.span for e in events):
                events.append(event)
        return events

    def _event_for(self, timex: Timex, span: Span) -> Event | None:
        root = span.root
        head = root.head
        if (
            root.dep_ in {"compound", "nmod", "amod", "npadvmod", "poss"}
            and head.pos_ == "NOUN"
            and head.i > root.i
        ):
            return self._noun_event(timex, head)
        if root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _EVENT_PREPOSITIONS:
            governor = head.head
            if governor.pos_ == "NOUN" and lemma_of(governor).lower() in EVENT_NOUNS:
                return self._noun_event(timex, governor)
            if governor.pos_ == "VERB" and head.lower_ in {"on", "in", "at", "during"}:
                return self._verb_event(timex, governor)
        if root.dep_ in {"npadvmod", "tmod"} and head.pos_ == "VERB":
            return self._verb_event(timex, head)
        return None

    def _noun_event(self, timex: Timex, noun: Token) -> Event | None:
        if lemma_of(noun).lower() not in EVENT_NOUNS and not any(
            c.dep_ == "poss" for c in noun.children
        ):
            return None
        tokens = [noun]
        for child in noun.lefts:
            if child.dep_ in {"det", "predet"} and child.i == noun.left_edge.i:
                continue
            tokens.extend(child.subtree)
        for child in noun.rights:
            if (
                child.dep_ == "prep"
                and child.lower_ in {"on", "against", "in", "of"}
                and child.right_edge.i - noun.i <= 5
            ):
                tokens.extend(child.subtree)
        return self._make(timex, tokens)

    def _verb_event(self, timex: Timex, verb: Token) -> Event | None:
        lemma = lemma_of(verb).lower()
        if lemma in SPEECH_VERBS or lemma in _STATIVE_VERBS:
            return None
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        tokens = [*_core(subject), verb]
        tokens += [
            c
            for c in verb.children
            if c.dep_ in {"aux", "auxpass", "neg", "prt"} and c.i < verb.i + 3
        ]
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "attr"}), None)
        if obj is not None:
            tokens += _core(obj)
        return self._make(timex, tokens)

    def _make(self, timex: Timex, tokens: list[Token]) -> Event | None:
        tokens = sorted({t.i: t for t in tokens if not t.is_space}.values(), key=lambda t: t.i)
        if not tokens or len(tokens) > 16:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        start, end = min(start, timex.start), max(end, timex.end)
        title = " ".join(self.body[start:end].split()).strip(" ,;:")
        if not title:
            return None
        sentence = self.doc.char_span(start, end, alignment_mode="expand")
        actors = []
        for mention in self.actors.mentions_in(start, end):
            if mention.actor and mention.actor not in actors:
                actors.append(mention.actor)
        return Event(
            title=title[0].upper() + title[1:],
            occurred_on=timex.date,
            precision=timex.precision,
            span=(start, end),
            timex=timex,
            actors=actors,
            description=sentence.sent.text.strip() if sentence is not None else "",
        )


def _core(token: Token) -> list[Token]:
    """A noun phrase without its relative clauses and asides."""
    skip = set()
    for child in token.children:
        if child.dep_ in {"relcl", "acl", "appos", "punct", "advcl"} or (
            child.dep_ == "prep" and child.i > token.i
        ):
            skip.update(t.i for t in child.subtree)
    return [t for t in token.subtree if t.i not in skip]
