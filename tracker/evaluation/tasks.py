"""The evaluation tasks: each runs the extractor over a corpus, turned into
seed files with each document's own date, and scores it against the gold.

Every task returns rows of one shape so the harness can print them as a table
or as JSON: what was measured, P/R/F1 (or a single value), the published
anchor to compare with, and the target the team set.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extraction import Document, parse_seed
from tracker.extraction.pipeline import Extraction, extract_many

from . import corpora
from .scoring import Score, as_spans, match, offset_mapper, overlap, span_score


@dataclass
class Row:
    task: str
    metric: str
    score: Score | None = None
    value: float | None = None  # for figures that are not P/R/F1
    unit: str = ""
    anchor: str = ""
    target: float | None = None
    documents: int = 0
    note: str = ""

    @property
    def headline(self) -> float:
        return self.score.f1 if self.score is not None else (self.value or 0.0)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.headline >= self.target

    def as_dict(self) -> dict:
        data = {"task": self.task, "metric": self.metric, "documents": self.documents}
        if self.score is not None:
            data.update(
                precision=round(self.score.precision, 2),
                recall=round(self.score.recall, 2),
                f1=round(self.score.f1, 2),
                system=self.score.system,
                gold=self.score.gold,
            )
        if self.value is not None:
            data.update(value=round(self.value, 3), unit=self.unit)
        data.update(anchor=self.anchor, target=self.target, met=self.met, note=self.note)
        return data


@dataclass
class Prepared:
    """A corpus document as the extractor sees it, with a map from the
    corpus text's offsets to the stored body's."""

    document: Document
    to_body: callable
    source: object = field(repr=False)

    def spans(self, spans) -> list[tuple[int, int]]:
        return [(self.to_body(s), self.to_body(e)) for s, e in as_spans(spans)]


def prepare(name: str, dct, text: str, source) -> Prepared:
    """Turn a corpus document into a seed file and parse it back, as `seed`
    would, so the extractor sees exactly what it sees in production."""
    document = parse_seed(f"date {dct.isoformat()}\n{text}", source_name=name)
    return Prepared(document, offset_mapper(text, document.body), source)


def run_extractor(prepared: list[Prepared]) -> list[Extraction]:
    return list(extract_many(p.document for p in prepared))


# ---------------------------------------------------------------------------
# Temporal expressions: TempEval-3 TimeBank + AQUAINT
# ---------------------------------------------------------------------------


def temporal_expressions(folder: Path) -> list[Row]:
    prepared = [prepare(d.name, d.dct, d.text, d) for d in corpora.timeml(folder)]
    results = run_extractor(prepared)
    relaxed, strict, value, kind = Score(), Score(), Score(), Score()
    for item, result in zip(prepared, results, strict=True):
        gold = item.source.timexes
        gold_spans = [item.spans(t.span) for t in gold]
        system = result.dates
        system_spans = [[(t.start, t.end)] for t in system]
        pairs = match(system_spans, gold_spans)
        relaxed += Score(len(pairs), len(system), len(pairs), len(gold))
        strict += span_score(system_spans, gold_spans, exact=True)
        right_values = sum(1 for i, j in pairs if _same_value(system[i].value, gold[j].value))
        right_types = sum(1 for i, j in pairs if system[i].type == gold[j].type)
        value += Score(right_values, len(system), right_values, len(gold))
        kind += Score(right_types, len(system), right_types, len(gold))
    n = len(prepared)
    return [
        Row(
            "Temporal expressions",
            "extent, relaxed",
            relaxed,
            anchor="HeidelTime 90.30",
            target=90,
            documents=n,
        ),
        Row(
            "Temporal expressions",
            "extent, strict",
            strict,
            anchor="HeidelTime 81.34",
            target=82,
            documents=n,
        ),
        Row(
            "Temporal expressions",
            "value",
            value,
            anchor="HeidelTime 77.61",
            target=80,
            documents=n,
        ),
        Row("Temporal expressions", "type", kind, anchor="HeidelTime 82.09", documents=n),
    ]


def _same_value(system: str, gold: str) -> bool:
    """TIMEX3 values, with the week number's zero padding ignored."""

    def normal(value: str) -> str:
        return re.sub(r"-W0(\d)\b", r"-W\1", value.strip().upper())

    return normal(system) == normal(gold)


# ---------------------------------------------------------------------------
# Actors: MEANTIME names and their coreference
# ---------------------------------------------------------------------------

NAME_TYPES = {"NAM", "PRE.NAM"}
ACTOR_LABELS = {"PER", "ORG", "LOC"}


def actors(folder: Path) -> list[Row]:
    prepared = [prepare(d.name, d.dct, d.text, d) for d in corpora.meantime(folder)]
    results = run_extractor(prepared)
    exact, overlapping, typed = Score(), Score(), Score()
    links = Score()
    for item, result in zip(prepared, results, strict=True):
        doc = item.source
        limit = item.to_body(doc.scored_until)
        gold = [
            m
            for m in doc.mentions
            if m.sentence <= 5 and m.syntactic_type in NAME_TYPES and m.label in ACTOR_LABELS
        ]
        gold_spans = [item.spans(m.span) for m in gold]
        system = [m for m in result.mentions if m.start < limit and m.label in ACTOR_LABELS]
        system_spans = [[(m.start, m.end)] for m in system]
        exact += span_score(system_spans, gold_spans, exact=True)
        overlapping += span_score(system_spans, gold_spans)
        labels = ([m.label for m in system], [m.label for m in gold])
        typed += span_score(
            system_spans,
            gold_spans,
            compatible=lambda i, j, labels=labels: labels[0][i] == labels[1][j],
        )
        pairs = match(system_spans, gold_spans)
        links += _pairwise_links([(system[i].actor, gold[j].instance) for i, j in pairs])
    n = len(prepared)
    return [
        Row(
            "Actors (MEANTIME names)",
            "mentions, overlap",
            overlapping,
            anchor="—",
            target=75,
            documents=n,
        ),
        Row(
            "Actors (MEANTIME names)",
            "mentions, exact",
            exact,
            anchor="NewsReader 64.20 (inner)",
            documents=n,
        ),
        Row("Actors (MEANTIME names)", "mentions, overlap + type", typed, documents=n),
        Row(
            "Actors (MEANTIME names)",
            "name coreference (pairwise links)",
            links,
            documents=n,
            note="pairs of matched name mentions: same actor vs same REFERS_TO instance",
        ),
    ]


def _pairwise_links(pairs: list[tuple[object, str]]) -> Score:
    system_links = gold_links = both = 0
    for a in range(len(pairs)):
        for b in range(a + 1, len(pairs)):
            same_system = pairs[a][0] is not None and pairs[a][0] is pairs[b][0]
            same_gold = bool(pairs[a][1]) and pairs[a][1] == pairs[b][1]
            system_links += same_system
            gold_links += same_gold
            both += same_system and same_gold
    return Score(both, system_links, both, gold_links)


# ---------------------------------------------------------------------------
# Figures: MEANTIME VALUE spans
# ---------------------------------------------------------------------------


def figures(folder: Path) -> list[Row]:
    prepared = [prepare(d.name, d.dct, d.text, d) for d in corpora.meantime(folder)]
    results = run_extractor(prepared)
    overlapping, exact = Score(), Score()
    parsed = matched = 0
    by_type: dict[str, Score] = {}
    for item, result in zip(prepared, results, strict=True):
        doc = item.source
        limit = item.to_body(doc.scored_until)
        gold = [(item.spans(span), kind) for span, kind in doc.values]
        gold_spans = [g for g, _ in gold]
        system = [f for f in result.figures if f.kind != "duration" and f.number_span[0] < limit]
        system_spans = [[f.number_span] for f in system]
        pairs = match(system_spans, gold_spans)
        overlapping += Score(len(pairs), len(system), len(pairs), len(gold))
        exact += span_score(system_spans, gold_spans, exact=True)
        matched += len(pairs)
        parsed += sum(1 for i, _ in pairs if system[i].value is not None or system[i].qualifier)
        for kind in {k for _, k in gold}:
            of_kind = [g for g, k in gold if k == kind]
            found = sum(1 for _, j in pairs if gold[j][1] == kind)
            by_type[kind] = by_type.get(kind, Score()) + Score(0, 0, found, len(of_kind))
    n = len(prepared)
    rows = [
        Row("Figures (MEANTIME VALUE)", "spans, overlap", overlapping, target=80, documents=n),
        Row("Figures (MEANTIME VALUE)", "spans, exact", exact, documents=n),
        Row(
            "Figures (MEANTIME VALUE)",
            "matched figures with a parsed value or qualifier",
            value=100 * parsed / matched if matched else 0.0,
            unit="%",
            documents=n,
        ),
    ]
    for kind, score in sorted(by_type.items()):
        rows.append(
            Row(
                "Figures (MEANTIME VALUE)",
                f"recall, {kind.lower()}",
                value=score.recall,
                unit="%",
                documents=n,
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Attribution: PolNeAR
# ---------------------------------------------------------------------------

# Verbs and phrases of speaking; a gold attribution whose cue has one of these
# (in any inflection) is a "speech" attribution.
SPEECH_CUE_LEMMAS = {
    "say", "tell", "add", "announce", "state", "claim", "report", "explain", "note", "write",
    "insist", "argue", "warn", "reply", "respond", "confirm", "deny", "declare", "acknowledge",
    "admit", "comment", "mention", "tweet", "testify", "complain", "predict", "promise", "vow",
    "urge", "assert", "contend", "allege", "reiterate", "emphasize", "emphasise", "stress",
    "speak", "ask", "describe", "recall", "remark", "according", "quote", "point", "caution",
    "concede", "maintain", "reveal", "disclose", "accuse", "call", "suggest", "answer",
    "agree", "boast", "charge", "counter", "post", "threaten", "demand",
}  # fmt: skip
_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
}


def cue_lemmas(cue: str) -> set[str]:
    lemmas = set()
    for word in re.findall(r"[a-z]+", cue.lower()):
        if word in _IRREGULAR:
            lemmas.add(_IRREGULAR[word])
            continue
        lemmas.add(word)
        for suffix, replacement in (
            ("ies", "y"),
            ("ing", ""),
            ("ing", "e"),
            ("ed", ""),
            ("ed", "e"),
            ("es", ""),
            ("s", ""),
            ("d", ""),
        ):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                lemmas.add(word[: -len(suffix)] + replacement)
    return lemmas


def is_speech_cue(cue: str) -> bool:
    return bool(cue_lemmas(cue) & SPEECH_CUE_LEMMAS)


def attribution(folder: Path, split: str = "dev") -> list[Row]:
    prepared = [prepare(d.name, d.dct, d.text, d) for d in corpora.polnear(folder, split)]
    results = run_extractor(prepared)
    scores = {
        key: Score() for key in ("content/speech", "source/speech", "content/all", "source/all")
    }
    for item, result in zip(prepared, results, strict=True):
        gold = item.source.attributions
        claims = [c for c in result.claims if c.kind != "figure"]
        contents = [item.spans(a.content) for a in gold]
        sources = [item.spans(a.source) for a in gold]
        speech = [is_speech_cue(a.cue_text) for a in gold]
        claim_spans = [[c.span] for c in claims]
        content_pairs = match(claim_spans, contents)

        def with_source(i, j, claims=claims, sources=sources, contents=contents):
            return (
                bool(sources[j])
                and claims[i].speaker_span is not None
                and overlap([claims[i].speaker_span], sources[j]) > 0
                and overlap([claims[i].span], contents[j]) > 0
            )

        source_pairs = match(claim_spans, contents, compatible=with_source)
        # Precision counts a claim right if it matches any gold attribution;
        # recall is over the speech attributions, or over all of them.
        scores["content/speech"] += Score(
            len(content_pairs),
            len(claims),
            sum(1 for _, j in content_pairs if speech[j]),
            sum(speech),
        )
        scores["content/all"] += Score(
            len(content_pairs), len(claims), len(content_pairs), len(gold)
        )
        with_sources = [j for j in range(len(gold)) if sources[j]]
        scores["source/speech"] += Score(
            len(source_pairs),
            len(claims),
            sum(1 for _, j in source_pairs if speech[j]),
            sum(1 for j in with_sources if speech[j]),
        )
        scores["source/all"] += Score(
            len(source_pairs), len(claims), len(source_pairs), len(with_sources)
        )
    n = len(prepared)
    return [
        Row(
            "Attribution (PolNeAR dev)",
            "content overlap, speech cues",
            scores["content/speech"],
            anchor="Citron 83.3 (PARC 3.0)",
            target=80,
            documents=n,
        ),
        Row(
            "Attribution (PolNeAR dev)",
            "source, speech cues",
            scores["source/speech"],
            anchor="Citron 82.0 (PARC 3.0)",
            target=80,
            documents=n,
        ),
        Row(
            "Attribution (PolNeAR dev)",
            "content overlap, all attributions",
            scores["content/all"],
            documents=n,
        ),
        Row(
            "Attribution (PolNeAR dev)",
            "source, all attributions",
            scores["source/all"],
            documents=n,
        ),
    ]


# ---------------------------------------------------------------------------
# Pronoun speakers: resolved against MEANTIME and GUM coreference
# ---------------------------------------------------------------------------

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


def pronouns(meantime_folder: Path, gum_folder: Path) -> list[Row]:
    rows = []
    for name, documents in (
        ("MEANTIME", list(corpora.meantime(meantime_folder))),
        ("GUM news", list(corpora.gum(gum_folder))),
    ):
        prepared = [prepare(d.name, d.dct, d.text, d) for d in documents]
        results = run_extractor(prepared)
        attempted = correct = total = 0
        for item, result in zip(prepared, results, strict=True):
            doc = item.source
            gold = [(item.spans(m.span), m) for m in doc.mentions if m.instance]
            for claim in result.claims:
                if claim.kind == "figure" or claim.speaker_span is None:
                    continue
                start, end = claim.speaker_span
                if item.document.body[start:end].lower() not in PRONOUNS:
                    continue
                mention = next(
                    (
                        m
                        for spans, m in gold
                        if overlap(spans, [(start, end)])
                        and len(m.span)
                        and (spans[0][1] - spans[0][0]) <= 4
                    ),
                    None,
                )
                if mention is None:
                    continue
                antecedents = [
                    spans
                    for spans, m in gold
                    if m.instance == mention.instance
                    and spans[0][1] <= start
                    and (spans[0][1] - spans[0][0]) > 4
                ]
                if not antecedents:
                    continue
                total += 1
                if claim.speaker is None:
                    continue
                attempted += 1
                speaker_mentions = [
                    [(m.start, m.end)] for m in result.mentions if m.actor is claim.speaker
                ]
                if any(overlap(s, a) for s in speaker_mentions for a in antecedents):
                    correct += 1
        rows.append(
            Row(
                "Pronoun speakers",
                f"{name}: resolved to the right entity",
                Score(correct, attempted, correct, total),
                documents=len(prepared),
                note="precision over pronouns resolved; recall over pronoun speakers "
                "with a gold antecedent",
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Speed: Reuters, against spaCy's own nlp.pipe
# ---------------------------------------------------------------------------


def speed(folder: Path, documents: int = 1000) -> list[Row]:
    """Articles per second for the whole extractor and for spaCy's nlp.pipe
    alone, over the same texts, in the same run."""
    import spacy

    from tracker.extraction.nlp import load_pipeline, model_name

    stories = list(corpora.reuters(folder))[:documents]
    prepared = [prepare(n, d, body, None) for n, d, body in stories]
    texts = [p.document.body for p in prepared]
    pipeline = load_pipeline()
    plain = spacy.load(model_name())
    list(plain.pipe(texts[:20]))
    list(extract_many([p.document for p in prepared[:20]], pipeline))

    started = time.perf_counter()
    for _ in plain.pipe(texts, batch_size=32):
        pass
    spacy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _ in extract_many((p.document for p in prepared), pipeline):
        pass
    extractor_seconds = time.perf_counter() - started
    n = len(prepared)
    return [
        Row(
            "Speed (Reuters)",
            "spaCy nlp.pipe alone",
            value=n / spacy_seconds,
            unit="articles/s",
            documents=n,
        ),
        Row(
            "Speed (Reuters)",
            "whole extractor",
            value=n / extractor_seconds,
            unit="articles/s",
            documents=n,
        ),
        Row(
            "Speed (Reuters)",
            "extractor / nlp.pipe throughput",
            value=spacy_seconds / extractor_seconds,
            unit="ratio",
            target=0.8,
            documents=n,
        ),
    ]


# ---------------------------------------------------------------------------
# Repeats across articles: republished wire copy
# ---------------------------------------------------------------------------


def republish(text: str) -> str:
    """The same story as another outlet runs it: straight quotation marks,
    the last paragraph cut, a credit line added."""
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(paragraphs) > 3:
        paragraphs = paragraphs[:-1]
    paragraphs.append("This story was first published by another news organisation.")
    return "\n\n".join(paragraphs)


def repeats(folder: Path, documents: int = 300) -> list[Row]:
    """Store ``documents`` PolNeAR articles, then a republished copy of each,
    the next day; a statement in a copy should become another appearance of
    the original's claim, and nothing else should. Runs in a transaction that
    is rolled back: the database is left as it was."""
    import datetime as dt

    from django.db import transaction
    from django.db.models import F

    from tracker.ingest import store
    from tracker.models import Appearance, Claim

    stories = list(corpora.polnear(folder, "train"))[:documents]
    originals = [prepare(s.name, s.dct, s.text, s) for s in stories]
    copies = [
        prepare(f"{s.name}-copy", s.dct + dt.timedelta(days=1), republish(s.text), s)
        for s in stories
    ]
    merged_right = merged_wrong = missed = 0
    distinct_merges = distinct_statements = 0
    with transaction.atomic():
        stored = {}
        for item, result in zip(originals, run_extractor(originals), strict=True):
            stored[item.source.name] = store(result).article
        statements = Claim.objects.exclude(kind=Claim.Kind.FIGURE).exclude(speaker=None)
        distinct_statements = statements.count()
        distinct_merges = (
            Appearance.objects.exclude(claim__kind=Claim.Kind.FIGURE)
            .exclude(claim__speaker=None)
            .exclude(article_id=F("claim__article_id"))
            .count()
        )
        for item, result in zip(copies, run_extractor(copies), strict=True):
            original = stored[item.source.name]
            before = {_comparable(c.quote or c.text) for c in original.claims.all()}
            copy = store(result).article
            for appearance in copy.appearances.select_related("claim"):
                claim = appearance.claim
                if claim.kind == Claim.Kind.FIGURE or claim.speaker_id is None:
                    continue
                if claim.article_id == copy.pk:
                    if _comparable(claim.quote or claim.text) in before:
                        missed += 1  # stored again although the original has it
                elif claim.article_id == original.pk:
                    merged_right += 1
                else:
                    merged_wrong += 1
        transaction.set_rollback(True)
    n = len(stories)
    return [
        Row(
            "Repeats (PolNeAR train, republished)",
            "statements of a copy merged into the original's",
            Score(merged_right, merged_right + merged_wrong, merged_right, merged_right + missed),
            documents=n,
            note="precision: merges into the right claim; recall: copied statements merged",
        ),
        Row(
            "Repeats (PolNeAR train, republished)",
            "statements merged across distinct articles",
            value=100 * distinct_merges / distinct_statements if distinct_statements else 0.0,
            unit="%",
            documents=n,
            note="different outlets quoting the same words; reviewed by hand, not scored",
        ),
    ]


def _comparable(text: str) -> str:
    from tracker.extraction.repeats import statement_text

    return statement_text(text)
