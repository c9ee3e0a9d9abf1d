"""From extracted data to models: one transaction per article or batch.

An article already stored (same content hash) is left exactly as it is, so
seeding again never touches what an editor changed. Actors are matched across
articles by their surface forms; a new article may add forms to an actor but
never overwrites its name, kind or description once set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from tracker.extraction.gazetteer import fold
from tracker.extraction.repeats import same_event, same_statement, subject_key

from . import revision
from .bulk import insert, insert_history
from .models import Actor, Alias, Appearance, Article, Claim, Event

if TYPE_CHECKING:  # spaCy stays out of web processes, which only read
    from tracker.extraction.actors import Actor as ExtractedActor
    from tracker.extraction.pipeline import Extraction

# A repeated statement is looked for among the speaker's claims this many days
# either side of it: wire copy is republished within days.
REPEAT_WINDOW_DAYS = 7


@dataclass
class StoreResult:
    article: Article
    created: bool


def store(extraction: Extraction) -> StoreResult:
    """Store one extracted article with its actors, claims and events, or
    nothing at all if it is already stored or anything fails."""
    return store_batch([extraction])[0]


def store_batch(extractions: list[Extraction]) -> list[StoreResult]:
    """Store several extracted articles in one transaction: all of them, or
    nothing if anything fails. One result per extraction, in order; an
    article already stored (or met earlier in the batch) is left as it is.

    A statement already stored from another article (same speaker, the same
    or nearly the same words, within a week) becomes another appearance of
    that claim; an event already stored (same date, same happening) gains
    this article. About fifteen queries for the batch, whatever its size.
    """
    hashes = {e.document.sha256 for e in extractions}
    stored = {a.sha256: a for a in Article.objects.filter(sha256__in=hashes).defer("body")}
    results: list[StoreResult | None] = []
    new: dict[str, tuple[Article, Extraction]] = {}
    for extraction in extractions:
        document = extraction.document
        if document.sha256 in stored:
            results.append(StoreResult(stored[document.sha256], created=False))
        elif document.sha256 in new:
            results.append(StoreResult(new[document.sha256][0], created=False))
        else:
            article = Article(
                title=document.title,
                published_on=document.published_on,
                body=document.body,
                source_name=document.source_name,
                sha256=document.sha256,
            )
            new[document.sha256] = (article, extraction)
            results.append(None)
    if not new:
        return results
    try:
        with transaction.atomic():
            Article.objects.bulk_create([article for article, _ in new.values()])
            writer = _Writer()
            for article, extraction in new.values():
                writer.add(article, extraction)
            writer.write()
            revision.changed()  # last, so the revision's row is locked only briefly
    except IntegrityError:
        # Another process stored the same article between our check and insert.
        if len(new) > 1:
            raise
        existing = Article.objects.filter(sha256__in=new).defer("body").first()
        if existing is None:
            raise
        # Still one result per extraction: the others were stored before.
        return [
            StoreResult(stored.get(e.document.sha256, existing), created=False) for e in extractions
        ]
    created = iter(new.values())
    return [result or StoreResult(next(created)[0], created=True) for result in results]


def store_findings(article: Article, extraction: Extraction, claims=None, events=None) -> None:
    """Write an extraction's actors, claims and events for a stored article
    (``claims`` and ``events`` to write only some of them)."""
    writer = _Writer()
    writer.add(article, extraction, claims, events)
    writer.write()
    revision.changed()


def reextract(article: Article) -> dict[str, int]:
    """Run the extractor again over a stored article, after it has improved:
    new findings are added, claims an editor has touched are kept exactly as
    they are, and untouched machine claims no longer found are removed.
    Returns how many claims were added and removed."""
    from tracker.extraction import Document, extract

    document = Document(
        published_on=article.published_on,
        body=article.body,
        title=article.title,
        source_name=article.source_name,
    )
    extraction = extract(document)
    with transaction.atomic():
        appearances = list(article.appearances.select_related("claim"))
        stored = {(a.claim.kind, a.start, a.end): a.claim for a in appearances}
        found = {(c.kind, *c.span) for c in extraction.claims}
        removed = 0
        for key, claim in stored.items():
            if key not in found and not claim.is_touched and claim.article_id == article.pk:
                claim.delete()
                removed += 1
        new_claims = [c for c in extraction.claims if (c.kind, *c.span) not in stored]
        known_events = set(article.events.values_list("start", "end"))
        new_events = [e for e in extraction.events if tuple(e.span) not in known_events]
        store_findings(article, extraction, claims=new_claims, events=new_events)
    return {"added": len(new_claims), "removed": removed}


class _Writer:
    """Writes the findings of several stored articles with a fixed number of
    queries: every read is one query for all articles, every write one bulk
    insert. Articles are taken in the order added, so a statement repeated in
    a later article of the same batch is found as a repeat, as it would be in
    separate transactions."""

    def __init__(self):
        self.items: list[tuple[Article, Extraction, list, list]] = []

    def add(self, article: Article, extraction: Extraction, claims=None, events=None) -> None:
        claims = extraction.claims if claims is None else claims
        events = extraction.events if events is None else events
        self.items.append((article, extraction, claims, events))

    def write(self) -> None:
        found_actors = [a for _, extraction, _, _ in self.items for a in extraction.actors]
        actors = resolve_actors(found_actors)
        self._write_claims(actors)
        self._write_events(actors)

    def _write_claims(self, actors: dict[int, Actor]) -> None:
        statements = [
            (found, actors[id(found.speaker)])
            for _, _, claims, _ in self.items
            for found in claims
            if found.kind != Claim.Kind.FIGURE and id(found.speaker) in actors
        ]
        earlier = _earlier_statements(statements)
        new_claims: list[Claim] = []
        appearances: dict[tuple[int, int], Appearance] = {}
        for article, _, claims, _ in self.items:
            added_here: list[Claim] = []
            for found in claims:
                speaker = actors.get(id(found.speaker)) if found.speaker is not None else None
                repeated = None
                if found.kind != Claim.Kind.FIGURE and speaker is not None:
                    repeated = _repeated_claim(found, earlier.get(speaker.pk, []))
                if repeated is None:
                    claim = _claim(article, found, speaker)
                    new_claims.append(claim)
                    added_here.append(claim)
                    appearances[id(claim), id(article)] = Appearance(
                        claim=claim, article=article, start=claim.start, end=claim.end
                    )
                elif (id(repeated), id(article)) not in appearances:
                    appearances[id(repeated), id(article)] = Appearance(
                        claim=repeated, article=article, start=found.span[0], end=found.span[1]
                    )
                    _keep_earliest_appearance(repeated, article, found)
            # An article's statements are candidates for the next articles
            # only: within one article, a repetition is a separate claim.
            for claim in added_here:
                if claim.kind != Claim.Kind.FIGURE and claim.speaker is not None:
                    earlier.setdefault(claim.speaker.pk, []).append(claim)
        insert(Claim, new_claims)
        # The first history record of each claim is the machine's version.
        insert_history(Claim, new_claims)
        insert(Appearance, list(appearances.values()))

    def _write_events(self, actors: dict[int, Actor]) -> None:
        found_events = [(article, e) for article, _, _, events in self.items for e in events]
        if not found_events:
            return
        dates = {found.occurred_on for _, found in found_events}
        candidates: dict[tuple, list[Event]] = {}
        for event in Event.objects.filter(occurred_on__in=dates):
            candidates.setdefault((event.occurred_on, event.precision), []).append(event)
        new_events: list[Event] = []
        article_links: dict[tuple[int, int], tuple[Event, Article]] = {}
        actor_links: dict[tuple[int, int], tuple[Event, Actor]] = {}
        for article, found in found_events:
            same_day = candidates.setdefault((found.occurred_on, found.precision), [])
            event = next((e for e in same_day if same_event(found.title, e.title)), None)
            if event is None:
                event = Event(
                    title=found.title[:300],
                    occurred_on=found.occurred_on,
                    precision=found.precision,
                    description=found.description,
                    article=article,
                    start=found.span[0],
                    end=found.span[1],
                )
                new_events.append(event)
                same_day.append(event)
            article_links[id(event), article.pk] = (event, article)
            for actor in (actors[id(a)] for a in found.actors if id(a) in actors):
                actor_links[id(event), actor.pk] = (event, actor)
        insert(Event, new_events)
        insert_history(Event, new_events)
        Event.articles.through.objects.bulk_create(
            [Event.articles.through(event=e, article=a) for e, a in article_links.values()],
            ignore_conflicts=True,
        )
        Event.actors.through.objects.bulk_create(
            [Event.actors.through(event=e, actor=a) for e, a in actor_links.values()],
            ignore_conflicts=True,
        )


def _earlier_statements(statements: list[tuple]) -> dict[int, list[Claim]]:
    """Stored statements by these speakers made within a week of these
    statements, by speaker id: one query, over each speaker's weeks only."""
    window = dt.timedelta(days=REPEAT_WINDOW_DAYS)
    days_by_speaker: dict[int, set[dt.date]] = {}
    for found, speaker in statements:
        days_by_speaker.setdefault(speaker.pk, set()).add(found.stated_on)
    if not days_by_speaker:
        return {}
    periods = Q()
    for speaker, days in days_by_speaker.items():
        for first, last in _merged_windows(sorted(days), window):
            periods |= Q(speaker=speaker, stated_on__range=(first, last))
    candidates = (
        Claim.objects.filter(periods, kind__in=[Claim.Kind.QUOTE, Claim.Kind.REPORTED])
        .exclude(status=Claim.Status.REJECTED)
        .select_related("article")
        .defer("article__body")
    )
    earlier: dict[int, list[Claim]] = {}
    for claim in candidates:
        earlier.setdefault(claim.speaker_id, []).append(claim)
    return earlier


def _merged_windows(days: list[dt.date], window: dt.timedelta) -> Iterator[tuple[dt.date, dt.date]]:
    """(first, last) periods covering each day plus or minus ``window``,
    overlapping periods merged; ``days`` sorted."""
    first, last = days[0] - window, days[0] + window
    for day in days[1:]:
        if day - window <= last:
            last = day + window
        else:
            yield first, last
            first, last = day - window, day + window
    yield first, last


def _repeated_claim(found, candidates: list[Claim]) -> Claim | None:
    """Among a speaker's stored statements, one made within a week of this
    one with the same or nearly the same words."""
    window = dt.timedelta(days=REPEAT_WINDOW_DAYS)
    words = found.quote or found.text
    for candidate in candidates:
        if abs(candidate.stated_on - found.stated_on) > window:
            continue
        if same_statement(words, candidate.quote or candidate.text):
            return candidate
    return None


def _keep_earliest_appearance(claim: Claim, article: Article, found) -> None:
    """A claim's own article is its earliest appearance; an editor's claim is
    left exactly as the editor left it. A claim of this batch, not yet
    written, is only changed in memory."""
    if claim.status != Claim.Status.EXTRACTED or article.published_on >= claim.article.published_on:
        return
    claim.article = article
    claim.article_published_on = article.published_on
    claim.start, claim.end = found.span
    claim.speaker_start, claim.speaker_end = found.speaker_span or (None, None)
    claim.text = found.text
    claim.stated_on, claim.stated_precision = found.stated_on, found.stated_precision
    if claim.pk is not None:
        claim.save()


def _claim(article: Article, claim, speaker: Actor | None) -> Claim:
    figure = claim.figure
    subject = (figure.subject or "")[:200] if figure else ""
    return Claim(
        article=article,
        speaker=speaker,
        kind=claim.kind,
        attribution=claim.attribution,
        text=claim.text,
        quote=claim.quote or "",
        start=claim.span[0],
        end=claim.span[1],
        speaker_start=claim.speaker_span[0] if claim.speaker_span else None,
        speaker_end=claim.speaker_span[1] if claim.speaker_span else None,
        stated_on=claim.stated_on,
        stated_precision=claim.stated_precision,
        figure_value=figure.value if figure else None,
        figure_qualifier=(figure.qualifier or "")[:60] if figure else "",
        figure_unit=(figure.unit or "")[:60] if figure else "",
        figure_subject=subject,
        figure_subject_key=subject_key(subject),  # bulk_create skips save()
        article_published_on=article.published_on,
    )


def resolve_actors(found_actors: list[ExtractedActor]) -> dict[int, Actor]:
    """The stored actor for each extracted one (by ``id()``), created if new.

    Matching goes by surface form: the extracted name first, then (for
    countries, organisations and groups, or a person known only by one name)
    any other form. One query reads every form the articles use; new actors
    and forms are written in bulk.
    """
    forms = {id(f): _forms(f) for f in found_actors}
    all_keys = {key for keyed in forms.values() for key in keyed}
    known = {a.key: a.actor for a in Alias.objects.filter(key__in=all_keys).select_related("actor")}
    stored_keys = set(known)
    resolved: dict[int, Actor] = {}
    created: list[Actor] = []
    described: dict[int, Actor] = {}
    for found in found_actors:
        actor = _match(found, forms[id(found)], known)
        if actor is None:
            actor = Actor(
                name=found.name[:200], kind=found.kind, description=found.description[:300]
            )
            created.append(actor)
        elif not actor.description and found.description:
            actor.description = found.description[:300]
            if actor.pk is not None:
                described[actor.pk] = actor
        for key in forms[id(found)]:
            known.setdefault(key, actor)  # a form names the first actor that used it
        resolved[id(found)] = actor
    _assign_slugs(created)
    insert(Actor, created)
    insert_history(Actor, created)
    for actor in described.values():
        actor.save(update_fields=["description"])
    new_aliases = _unique_by_key(
        [
            Alias(actor=resolved[id(found)], name=name, key=key)
            for found in found_actors
            for key, name in forms[id(found)].items()
            if key not in stored_keys and known[key] is resolved[id(found)]
        ]
    )
    # A concurrent writer may have given a form to an actor first. For an
    # actor we already had, the form is simply not added. For one we have just
    # created, the conflict raises IntegrityError: the other writer created
    # the same actor, so the transaction must be tried again (it will then
    # find that actor).
    is_new = {id(actor) for actor in created}
    Alias.objects.bulk_create(
        [alias for alias in new_aliases if id(alias.actor) not in is_new], ignore_conflicts=True
    )
    Alias.objects.bulk_create([alias for alias in new_aliases if id(alias.actor) in is_new])
    return resolved


def _assign_slugs(actors: list[Actor]) -> None:
    """Give new actors unique slugs: one query, and one more per name whose
    plain slug is taken."""
    bases = {id(actor): slugify(actor.name)[:200] or "actor" for actor in actors}
    taken = set(Actor.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
    for actor in actors:
        slug = base = bases[id(actor)]
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
            if Actor.objects.filter(slug=slug).exists():
                taken.add(slug)
        taken.add(slug)
        actor.slug = slug


def _forms(found: ExtractedActor) -> dict[str, str]:
    """Folded key -> surface form, the name first."""
    keyed: dict[str, str] = {}
    for form in [found.name, *found.aliases]:
        key = fold(form)
        if key and key not in keyed:
            keyed[key] = form[:200]
    return keyed


def _unique_by_key(aliases: list[Alias]) -> list[Alias]:
    seen, unique = set(), []
    for alias in aliases:
        if alias.key not in seen:
            seen.add(alias.key)
            unique.append(alias)
    return unique


def _match(found: ExtractedActor, forms: dict[str, str], known: dict[str, Actor]) -> Actor | None:
    name_key = fold(found.name)
    if name_key in known:
        return known[name_key]
    if found.kind == Actor.Kind.PERSON and len(found.name.split()) > 1:
        return None  # a full name we have not seen is a new person
    matches = {id(known[key]): known[key] for key in forms if key in known}
    return next(iter(matches.values())) if len(matches) == 1 else None
