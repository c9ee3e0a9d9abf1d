"""Actors: the people, organisations, countries and groups an article names,
with every surface form of one entity merged ("Mr Blinken", "Blinken" and
"Antony Blinken"; "US" and "the United States") and roles kept as description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .gazetteer import (
    AGENCIES,
    CAPITAL_ALIASES,
    COUNTRY_NAMES,
    DEMONYMS,
    GROUPS,
    HONORIFICS,
    OFFICIAL_NOUNS,
    ROLE_WORDS,
    fold,
)
from .nlp import entities_of, lemma_of, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PERSON, ORGANISATION, COUNTRY, GROUP = "person", "organisation", "country", "group"
# Titles kept on an alias ("Mr Blinken"); longer roles go to the description.
_ALIAS_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"}
_TRIM_CHARS = " \t\n,;:.-–—\"“”‘’'()[]"


@dataclass
class Actor:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    first_offset: int = 0

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": sorted(set(self.aliases) - {self.name}),
            "description": self.description,
        }


@dataclass
class Mention:
    """A name in the text. ``label`` is PER, ORG or LOC (as annotated corpora
    use them); ``actor`` is None for places and names that are not actors."""

    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None


@dataclass
class ActorIndex:
    actors: list[Actor]
    mentions: list[Mention]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def by_name(self, name: str) -> Actor | None:
        return next((a for a in self.actors if a.name == name), None)

    def persons_before(self, offset: int) -> list[Actor]:
        """Person actors mentioned before ``offset``, most recent first."""
        seen, ordered = set(), []
        for mention in sorted(self.mentions, key=lambda m: -m.start):
            actor = mention.actor
            if mention.start < offset and actor and actor.kind == PERSON and id(actor) not in seen:
                seen.add(id(actor))
                ordered.append(actor)
        return ordered


def strip_title(words: list[str]) -> list[str]:
    """Drop leading honorifics and titles: ["Mr", "Blinken"] -> ["Blinken"]."""
    index = 0
    while index < len(words) - 1 and fold(words[index]) in HONORIFICS:
        index += 1
    return words[index:]


def clean_name(text: str) -> str:
    text = re.sub(r"[’']s?$", "", text.strip(_TRIM_CHARS)).strip(_TRIM_CHARS)
    return " ".join(text.split())


def _alias_with_title(doc: Doc, ent: Span) -> str | None:
    if ent.start > 0 and fold(doc[ent.start - 1].text) in _ALIAS_TITLES:
        return f"{doc[ent.start - 1].text} {clean_name(ent.text)}"
    return None


def _kind_and_label(ent: Span, name: str, label: str) -> tuple[str | None, str]:
    """The actor kind (None when the name is not an actor) and the corpus label."""
    key = fold(name)
    if key in AGENCIES:
        return None, "ORG"
    if label == "PERSON":
        if key in COUNTRY_NAMES:
            return COUNTRY, "LOC"
        if key in GROUPS:
            return GROUP, "ORG"
        return PERSON, "PER"
    if label == "GPE":
        if key in COUNTRY_NAMES:
            if key in CAPITAL_ALIASES and not _is_subject(ent):
                return None, "LOC"
            return COUNTRY, "LOC"
        return None, "LOC"
    if label in {"LOC", "FAC"}:
        return None, "LOC"
    if label == "ORG":
        if key in GROUPS:
            return GROUP, "ORG"
        if key in COUNTRY_NAMES and key not in CAPITAL_ALIASES:
            return COUNTRY, "LOC"
        return ORGANISATION, "ORG"
    if label == "NORP":
        plural_subject = ent.root.tag_ in {"NNPS", "NNS"} and _is_subject(ent)
        if key in GROUPS or (plural_subject and key not in DEMONYMS):
            return GROUP, "ORG"
        return None, "NORP"
    return None, label


# Titles that only people carry: a name after one is a person's, whatever the
# tagger thought ("Ms Rivera", "Chancellor Olaf Scholz").
_PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "chancellor",
    "minister", "senator", "sen", "rep", "gov", "governor", "gen", "general", "king", "queen",
    "prince", "princess", "pope", "judge", "justice", "secretary", "premier", "mayor",
    "spokesman", "spokeswoman", "ambassador", "sheikh", "emir", "rabbi", "imam", "professor",
    "prof", "col", "colonel", "capt", "captain", "lt", "sgt", "adm", "admiral", "ceo",
}  # fmt: skip


def _corrected_labels(doc: Doc) -> dict[int, str]:
    """Labels the small tagger gets wrong, by ent start token: a name after a
    personal title is a PERSON, and so is a lone surname of a known person."""
    labels: dict[int, str] = {}
    for ent in entities_of(doc):
        if ent.label_ in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}:
            words = ent.text.split()
            before = doc[ent.start - 1].text if ent.start > 0 else ""
            titled = (
                fold(words[0]) in _PERSON_TITLES
                and len(words) > 1
                or fold(before) in _PERSON_TITLES
            )
            known = fold(ent.text) in COUNTRY_NAMES or fold(ent.text) in GROUPS
            capitalised = all(w[:1].isupper() for w in words)
            if titled and 1 <= len(words) <= 4 and capitalised and not known:
                labels[ent.start] = "PERSON"
    surnames = {
        fold(strip_title(e.text.split())[-1])
        for e in entities_of(doc)
        if labels.get(e.start, e.label_) == "PERSON" and len(strip_title(e.text.split())) > 1
    }
    for ent in entities_of(doc):
        if ent.label_ in {"ORG", "GPE", "NORP"} and len(ent) == 1 and fold(ent.text) in surnames:
            labels[ent.start] = "PERSON"
    return labels


def _split_acronym(name: str) -> tuple[str, str | None]:
    """ "World Health Organization (WHO" -> ("World Health Organization", "WHO")."""
    match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<acronym>[A-Z][A-Za-z.&-]{1,9})\)?$", name)
    if match:
        return match.group("name"), match.group("acronym")
    return name.split("(")[0].strip(), None


def _is_subject(ent: Span) -> bool:
    return ent.root.dep_ in {"nsubj", "nsubjpass"}


def _role(doc: Doc, ent: Span) -> str:
    """The role around a person's name: "US secretary of state" in "US
    secretary of state Antony Blinken", "Israel's ceremonial president" in
    "Israel's ceremonial president, Isaac Herzog"."""
    root = ent.root
    subtree = {t.i for t in root.subtree}
    start = ent.start
    while start > 0:
        token = doc[start - 1]
        if token.i not in subtree or token.is_space or token.dep_ in {"det", "predet"}:
            break
        if token.is_punct and token.text not in {"-", "’s", "'s"}:
            break
        start -= 1
    phrase = _role_phrase(doc[start : ent.start])
    if phrase:
        return phrase
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        head = root.head
        tokens = [t for t in head.subtree if t.i < root.left_edge.i and not t.is_space]
        if tokens and head.ent_type_ != "PERSON":
            return _role_phrase(doc[tokens[0].i : tokens[-1].i + 1])
    for child in root.children:
        if child.dep_ == "appos" and child.ent_type_ not in {"PERSON"} and child.i > root.i:
            return _role_phrase(doc[child.left_edge.i : child.right_edge.i + 1])
    return ""


def _role_phrase(span: Span) -> str:
    words = [t for t in span if not t.is_space]
    while words and (words[0].dep_ in {"det", "predet"} or words[0].is_punct):
        words = words[1:]
    while words and (fold(words[-1].text) in _ALIAS_TITLES or words[-1].is_punct):
        words = words[:-1]
    if not words or len(words) > 10:
        return ""
    if not any(lemma_of(t).lower() in ROLE_WORDS or t.text.lower() in ROLE_WORDS for t in words):
        return ""
    first, last = words[0], words[-1]
    text = first.doc[first.i : last.i + 1].text
    return " ".join(text.split()).strip(_TRIM_CHARS)


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


class _PersonClusters:
    """Groups person names: a surname alone joins the full name that ends
    with it, the most recent one when two people share it."""

    def __init__(self):
        self.clusters: list[Actor] = []
        self.surnames: dict[str, list[Actor]] = {}
        self.firsts: dict[str, list[Actor]] = {}

    def find(self, words: list[str]) -> Actor | None:
        keys = [fold(w) for w in words]
        if len(keys) == 1:
            candidates = self.surnames.get(keys[0]) or self.firsts.get(keys[0]) or []
            return candidates[-1] if candidates else None
        for actor in reversed(self.surnames.get(keys[-1], [])):
            existing = [fold(w) for w in actor.name.split()]
            if len(existing) == 1 or existing[0] == keys[0] or existing[0][:1] == keys[0][:1]:
                return actor
        return None

    def add(self, actor: Actor, words: list[str]) -> None:
        keys = [fold(w) for w in words]
        self.surnames.setdefault(keys[-1], []).append(actor)
        if len(keys) > 1:
            self.firsts.setdefault(keys[0], []).append(actor)
        if actor not in self.clusters:
            self.clusters.append(actor)


def find_actors(doc: Doc, excluded: list[tuple[int, int]] = ()) -> ActorIndex:
    """Every actor the document names, and every name mention (actors and
    places) in text order. Names inside ``excluded`` spans (captions) are skipped."""
    persons = _PersonClusters()
    by_key: dict[tuple[str, str], Actor] = {}
    actors: list[Actor] = []
    mentions: list[Mention] = []

    def inside_excluded(ent: Span) -> bool:
        return any(s <= ent.start_char < e for s, e in excluded)

    text = text_of(doc)
    labels = _corrected_labels(doc)
    for ent in entities_of(doc):
        label_ = labels.get(ent.start, ent.label_)
        if label_ not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"} or inside_excluded(ent):
            continue
        name, acronym = _split_acronym(clean_name(ent.text))
        bare = re.sub(r"^(?:the|The)\s+", "", name)
        if not bare or not re.search(r"[A-Za-z]", bare) or not bare[0].isupper():
            continue
        if len(name) > 80 or len(name.split()) > 8:
            continue
        kind, label = _kind_and_label(ent, name, label_)
        start = ent.start_char + (len(ent.text) - len(ent.text.lstrip(_TRIM_CHARS)))
        mention = Mention(start, start + len(name), text[start : start + len(name)], label)
        if label in {"PER", "ORG", "LOC"}:
            mentions.append(mention)
        if kind is None:
            continue

        if kind == PERSON:
            words = strip_title(name.split())
            actor = persons.find(words)
            if actor is None:
                actor = Actor(" ".join(words), PERSON, first_offset=ent.start_char)
                actors.append(actor)
            elif len(words) > len(actor.name.split()):
                actor.name = " ".join(words)
            persons.add(actor, words)
            titled = _alias_with_title(doc, ent)
            if titled:
                actor.aliases.append(titled)
        else:
            canonical = COUNTRY_NAMES.get(fold(name)) if kind == COUNTRY else None
            key = (kind, fold(canonical or name))
            actor = by_key.get(key) or _match_acronym(by_key, kind, name)
            if actor is None:
                display = canonical or re.sub(r"^(?:[Tt]he)\s+", "", name)
                actor = Actor(display, kind, first_offset=ent.start_char)
                actors.append(actor)
            by_key[key] = actor
        actor.aliases.append(re.sub(r"^The\s+", "the ", name) if kind != PERSON else name)
        if acronym:
            actor.aliases.append(acronym)
            by_key[(kind, fold(acronym))] = actor
        if not actor.description and kind == PERSON:
            actor.description = _role(doc, ent)
        mention.actor = actor

    _merge_lone_surnames(actors, mentions)
    for actor in actors:
        actor.aliases = _unique([a for a in actor.aliases if a != actor.name])
    return ActorIndex(actors=actors, mentions=mentions)


def _match_acronym(by_key: dict, kind: str, name: str) -> Actor | None:
    """ "WHO" after "World Health Organization", or the other way round."""
    words = name.split()
    for (other_kind, _), actor in by_key.items():
        if other_kind != kind:
            continue
        other = actor.name.split()
        if len(words) == 1 and name.isupper() and len(name) >= 2 and _acronym(other) == name:
            return actor
        acronym_first = len(other) == 1 and len(actor.name) >= 2 and actor.name.isupper()
        if acronym_first and _acronym(words) == actor.name:
            actor.name = name  # the full name reads better than the acronym
            return actor
    return None


def _merge_lone_surnames(actors: list[Actor], mentions: list[Mention]) -> None:
    """A surname seen before the full name ("Blinken says ... Antony Blinken")
    starts its own cluster; fold it into the full name when that is unique."""
    persons = [a for a in actors if a.kind == PERSON]
    for lone in [a for a in persons if len(a.name.split()) == 1]:
        matches = [
            a
            for a in persons
            if a is not lone
            and len(a.name.split()) > 1
            and fold(a.name.split()[-1]) == fold(lone.name)
        ]
        if len(matches) != 1:
            continue
        full = matches[0]
        full.aliases.extend([lone.name, *lone.aliases])
        full.description = full.description or lone.description
        full.first_offset = min(full.first_offset, lone.first_offset)
        for mention in mentions:
            if mention.actor is lone:
                mention.actor = full
        actors.remove(lone)


def _unique(items):
    seen, result = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def demonym_country(text: str) -> str | None:
    """ "Israeli" -> "Israel"; None for words that are not a demonym."""
    return DEMONYMS.get(fold(text))


def is_official_noun(lemma: str) -> bool:
    return lemma.lower() in OFFICIAL_NOUNS
