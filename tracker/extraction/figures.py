"""Figures: numbers that count something, with their qualifier and what they
count. "more than 27,000 Palestinians" killed is 27000, "more than",
"Palestinians killed"; "$4.5 million" is 4500000 USD; "hundreds of
Palestinians" is a magnitude with no exact value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import Timex
from .gazetteer import COUNTING_VERBS
from .nlp import entities_of, lemma_of, text_of
from .numbers import NUMBER_WORD, VAGUE, parse_number

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

COUNT, MONEY, PERCENT, QUANTITY, DURATION = "count", "money", "percent", "quantity", "duration"

QUALIFIERS = [
    "more than", "less than", "fewer than", "no fewer than", "no more than", "at least",
    "at most", "up to", "as many as", "as much as", "as few as", "in excess of", "upwards of",
    "close to", "nearly", "almost", "about", "around", "roughly", "approximately", "some",
    "over", "under", "just over", "just under", "well over", "more then", "an estimated",
    "estimated", "only", "a mere", "just", "a further", "another", "an additional",
    "barely", "an average of", "a total of", "a record", "a maximum of", "a minimum of",
    "below", "above", "exactly", "precisely", "around about", "circa", "c.", "approx.",
]  # fmt: skip
_QUALIFIER = re.compile(
    r"^(?P<q>"
    + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+",
    re.I,
)
_CURRENCIES = [
    ("US$", "USD"), ("U.S.$", "USD"), ("AU$", "AUD"), ("A$", "AUD"), ("C$", "CAD"),
    ("CA$", "CAD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("$", "USD"), ("£", "GBP"),
    ("€", "EUR"), ("¥", "JPY"), ("₹", "INR"), ("₪", "ILS"), ("#", "GBP"),
]  # fmt: skip
# Every symbol above ends with one of these: a phrase without any has no symbol.
_CURRENCY_MARKS = frozenset(symbol[-1] for symbol, _ in _CURRENCIES)
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "dlrs": "USD", "usd": "USD", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "euro": "EUR", "euros": "EUR",
    "eur": "EUR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "shekel": "ILS",
    "shekels": "ILS", "nis": "ILS", "rupee": "INR", "rupees": "INR", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "francs": "CHF", "franc": "CHF",
    "pesos": "MXN", "won": "KRW", "lira": "TRY", "riyals": "SAR", "dirhams": "AED",
    "cents": "USD", "pence": "GBP", "crowns": "SEK", "marks": "DEM", "guilders": "NLG",
}  # fmt: skip
_PERCENT = re.compile(r"(%|\bper\s?cent\b|\bpercent\b|\bpct\b|\bpercentage points?\b)", re.I)
_SCALE = re.compile(r"(\d)\s?(bn|m|mn|mln|bln|k|tn|trn)\b", re.I)
_RANGE = re.compile(
    r"^(?:between\s+)?(?P<low>[\d.,]+|"
    + NUMBER_WORD
    + r")\s*(?:-|–|to|and)\s*(?P<high>[\d.,]+(?:\s\w+)?|"
    + NUMBER_WORD
    + r")",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?P<v>tens of thousands|hundreds of thousands|dozens|hundreds|thousands|millions"
    r"|billions|scores)\b(?=\s+of\b)",
    re.I,
)
_WORD_NUMBER_LIMIT = 10  # "two", "three": too small to be a figure on their own


@dataclass
class Figure:
    value: float | None
    qualifier: str | None
    unit: str | None
    subject: str | None
    span: tuple[int, int]
    number_span: tuple[int, int]
    kind: str
    text: str = ""

    def as_dict(self) -> dict:
        value = self.value
        if value is not None and value == int(value) and abs(value) < 2**53:
            value = int(value)
        return {
            "value": value,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "subject": self.subject,
        }


def parse_amount(text: str) -> tuple[float | None, str | None, str | None, str]:
    """(value, qualifier, unit, kind) of a number phrase such as "more than
    27,000", "$4.5bn", "about 10 percent", "hundreds", "200-250"."""
    phrase = " ".join(text.replace("\u00a0", " ").split())
    qualifier = None
    while match := _QUALIFIER.match(phrase):
        qualifier = (qualifier + " " if qualifier else "") + match.group("q").lower()
        phrase = phrase[match.end() :]
    kind, unit = COUNT, None
    for symbol, code in _CURRENCIES if not _CURRENCY_MARKS.isdisjoint(phrase) else ():
        if phrase.startswith(symbol) or re.match(rf"^[A-Z]{{0,3}}{re.escape(symbol)}", phrase):
            kind, unit = MONEY, code
            phrase = phrase[phrase.index(symbol) + len(symbol) :].strip()
            break
    words = phrase.lower().split()
    for word in words:
        if word.strip(".,") in _CURRENCY_WORDS:
            kind, unit = MONEY, _CURRENCY_WORDS[word.strip(".,")]
            phrase = re.sub(rf"\b{re.escape(word)}\b", "", phrase, flags=re.I)
            break
    if _PERCENT.search(phrase):
        kind, unit = PERCENT, "%"
        phrase = _PERCENT.sub("", phrase)
    phrase = _SCALE.sub(r"\1 \2", phrase).strip(" .,()")
    lowered = phrase.lower()
    if lowered in VAGUE or lowered.rstrip(" of") in VAGUE:
        return None, VAGUE.get(lowered, VAGUE.get(lowered.rstrip(" of"))), unit, kind
    if match := _RANGE.match(phrase):
        low = parse_number(match.group("low"))
        high_words = match.group("high").split()
        scale = " ".join(high_words[1:])
        if low is not None and scale:
            low = parse_number(f"{match.group('low')} {scale}") or low
        if low is not None:
            return low, qualifier or "between", unit, kind
    value = parse_number(phrase)
    if value is None:
        number = re.match(
            r"^[\d.,]+(?:\s(?:million|billion|trillion|thousand|hundred|bn|m|mn|mln|k))?", lowered
        )
        if number:
            value = parse_number(number.group())
            rest = lowered[number.end() :].strip()
            if rest and kind == COUNT and unit is None:
                kind, unit = QUANTITY, rest
    if value is None:
        return None, qualifier, unit, kind
    if kind == MONEY and "cents" in text.lower() or "pence" in text.lower():
        value = value / 100
    return value, qualifier, unit, kind


class FigureFinder:
    """Finds the figures in one parsed article."""

    def __init__(self, doc: Doc, timexes: list[Timex], excluded=()):
        self.doc = doc
        self.body = text_of(doc)
        self.timexes = timexes
        self.excluded = list(excluded)

    def find(self) -> list[Figure]:
        figures: list[Figure] = []
        taken: list[tuple[int, int]] = []
        for span in self._candidates():
            if any(span.start_char < e and s < span.end_char for s, e in taken):
                continue
            figure = self._figure(span, figures)
            if figure:
                figures.append(figure)
                taken.append(figure.number_span)
        for timex in self.timexes:
            figure = self._duration(timex)
            if figure:
                figures.append(figure)
        figures.sort(key=lambda f: f.span)
        return figures

    def _candidates(self) -> list[Span]:
        spans = [
            e
            for e in entities_of(self.doc)
            if e.label_ in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
        ]
        for match in _VAGUE.finditer(self.body):
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not any(s.start <= span.start < s.end for s in spans):
                spans.append(span)
        return sorted(spans, key=lambda s: s.start_char)

    def _figure(self, span: Span, previous: list[Figure]) -> Figure | None:
        if any(s <= span.start_char < e for s, e in self.excluded):
            return None
        if any(
            t.start < span.end_char
            and span.start_char < t.end
            and t.type in {"DATE", "TIME", "SET"}
            for t in self.timexes
        ):
            return None
        text = span.text
        if not re.search(
            r"\d|" + NUMBER_WORD + r"|half|quarter|third|dozen|hundred|thousand|million|billion",
            text,
            re.I,
        ):
            return None
        first, last = span[0], span[-1]
        following = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
        if (
            following is not None
            and following.text in {"-", "‑"}
            and span.label_ in {"CARDINAL", "QUANTITY"}
        ):
            return None  # "three-phase plan", "a five-year term"
        if re.search(r"\d-[a-z]", text) and span.label_ == "CARDINAL":
            return None
        if first.lower_ in {"one", "the"} and len(span) <= 2 and last.lower_ in {"one", "two"}:
            return None  # "one of", "the two"
        if re.fullmatch(r"\d{1,2}[:.]\d{2}", text) or re.fullmatch(r"[12]\d{3}", text.strip()):
            return None  # times and bare years
        value, qualifier, unit, kind = parse_amount(text)
        if span.label_ == "QUANTITY" and kind == COUNT:
            kind = QUANTITY
        if value is None and qualifier is None:
            return None
        number_root = _number_root(span)
        noun, noun_span = self._counted_noun(span, number_root)
        verb = self._counting_verb(span, number_root, noun)
        if noun is None and previous and previous[-1].span[1] > span.sent.start_char:
            borrowed = previous[-1].subject.split(" ")[0] if previous[-1].subject else None
            subject = (
                f"{borrowed} {COUNTING_VERBS[lemma_of(verb).lower()]}"
                if borrowed and verb is not None
                else None
            )
        elif noun is not None and noun.tag_ in {"WP", "WDT"}:
            # "around half of whom": a share of what the previous figure counted
            subject = previous[-1].subject if previous else None
        elif noun is not None:
            subject = _counted_phrase(noun)
            if verb is not None:
                subject = f"{subject} {COUNTING_VERBS[lemma_of(verb).lower()]}"
        else:
            subject = None
        if subject and kind == COUNT and value is not None and 0 < value < 1:
            subject = f"share of {subject}"  # "a quarter of the population": not a count
        end = max(span.end_char, noun_span[1]) if noun_span else span.end_char
        if (
            kind in {COUNT}
            and value is not None
            and value < _WORD_NUMBER_LIMIT
            and not re.search(r"\d", text)
            and noun is None
        ):
            return None
        return Figure(
            value=value,
            qualifier=qualifier,
            unit=unit,
            subject=subject,
            span=(span.start_char, end),
            number_span=(span.start_char, span.end_char),
            kind=kind,
            text=self.body[span.start_char : end],
        )

    def _counted_noun(self, span: Span, root: Token) -> tuple[Token | None, tuple[int, int] | None]:
        """The noun a number counts: "27,000 Palestinians", "hundreds of
        Palestinians", "a quarter of the population"."""
        head = root.head
        if (
            root.dep_ in {"nummod", "quantmod", "amod", "compound", "npadvmod"}
            and head.pos_ in {"NOUN", "PROPN"}
            and head.i > root.i
        ):
            return head, (head.idx, head.idx + len(head))
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].pos_ in {"NOUN", "PROPN", "PRON"}:
                    obj = objects[0]
                    return obj, (obj.idx, obj.idx + len(obj))
        return None, None

    def _counting_verb(self, span: Span, root: Token, noun: Token | None) -> Token | None:
        """The verb that says what happened to what is counted ("killed")."""
        anchor = noun if noun is not None else root
        if anchor.tag_ in {"WP", "WDT"}:
            return None
        for child in anchor.children:
            if child.dep_ == "acl" and lemma_of(child).lower() in COUNTING_VERBS:
                return child
        head = anchor.head
        if (
            anchor.dep_ in {"dobj", "nsubjpass", "pobj", "nsubj", "conj"}
            and lemma_of(head).lower() in COUNTING_VERBS
            and head.pos_ == "VERB"
        ):
            if anchor.dep_ == "nsubj" and lemma_of(head).lower() not in {"die"}:
                return None
            return head
        return None

    def _duration(self, timex: Timex) -> Figure | None:
        if timex.type != "DURATION" or any(s <= timex.start < e for s, e in self.excluded):
            return None
        match = re.match(r"^PT?(\d+(?:\.\d+)?)([A-Z]+)$", timex.value)
        if not match:
            return None
        words = timex.text.lower()
        if "-" in words and not re.search(r"and-a-half|-and-", words):
            return None  # "a five-year plan"
        amount = float(match.group(1))
        if re.match(r"^(a|an|the|one)\b", words) and amount == 1:
            return None
        unit = re.sub(
            r"^(the\s+)?(past|last|next|coming|previous|first|final|latest)\s+", "", words
        )
        unit = unit.split()[-1] if unit.split() else None
        return Figure(
            value=amount,
            qualifier=None,
            unit=unit,
            subject=None,
            span=(timex.start, timex.end),
            number_span=(timex.start, timex.end),
            kind=DURATION,
            text=timex.text,
        )


def _number_root(span: Span) -> Token:
    """The token that carries the number's relation to the sentence: the last
    numeric word, or the word inside the span that governs it."""
    numeric = {"hundreds", "thousands", "dozens", "millions", "half", "quarter", "third"}
    candidates = [t for t in span if t.like_num or t.pos_ == "NUM" or t.lower_ in numeric]
    token = candidates[-1] if candidates else span.root
    inside = {t.i for t in span}
    while token.head.i in inside and token.head.i != token.i and token.head.pos_ in {"NUM", "NOUN"}:
        token = token.head
    return token


def _counted_phrase(noun: Token) -> str:
    """The counted noun with its compound and adjective modifiers:
    "Palestinian civilians", "people"."""
    modifiers = [
        c
        for c in noun.lefts
        if c.dep_ in {"compound", "amod"} and c.pos_ in {"PROPN", "NOUN", "ADJ"} and not c.like_num
    ]
    start = modifiers[0].i if modifiers else noun.i
    words = noun.doc[start : noun.i + 1].text
    return " ".join(words.split())
