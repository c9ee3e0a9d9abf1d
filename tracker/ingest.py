"""From extracted data to models: one transaction per article.

An article already stored (same content hash) is left exactly as it is, so
seeding again never touches what an editor changed. Actors are matched across
articles by their surface forms; a new article may add forms to an actor but
never overwrites its name, kind or description once set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from tracker.extraction.actors import Actor as ExtractedActor
from tracker.extraction.gazetteer import fold
from tracker.extraction.pipeline import Extraction
from tracker.extraction.repeats import same_event, same_statement, subject_key

from .models import Actor, Alias, Appearance, Article, Claim, Event

# A repeated statement is looked for among the speaker's claims this many days
# either side of it: wire copy is republished within days.
REPEAT_WINDOW_DAYS = 7


@dataclass
class StoreResult:
    article: Article
    created: bool


def store(extraction: Extraction) -> StoreResult:
    """Store one extracted article with its actors, claims and events, or
    nothing at all if it is already stored or anything fails.

    A statement already stored from another article (same speaker, the same
    or nearly the same words, within a week) becomes another appearance of
    that claim; an event already stored (same date, same happening) gains
    this article. Runs a few queries per claim and event.
    """
    document = extraction.document
    existing = Article.objects.filter(sha256=document.sha256).first()
    if existing is not None:
        return StoreResult(existing, created=False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=document.title,
                published_on=document.published_on,
                body=document.body,
                source_name=document.source_name,
                sha256=document.sha256,
            )
            store_findings(article, extraction)
    except IntegrityError:
        # Another process stored the same article between our check and insert.
        existing = Article.objects.filter(sha256=document.sha256).first()
        if existing is None:
            raise
        return StoreResult(existing, created=False)
    return StoreResult(article, created=True)


def store_findings(article: Article, extraction: Extraction, claims=None, events=None) -> None:
    """Write an extraction's actors, claims and events for a stored article
    (``claims`` and ``events`` to write only some of them)."""
    actors = resolve_actors(extraction.actors)
    _store_claims(article, extraction.claims if claims is None else claims, actors)
    for found in extraction.events if events is None else events:
        _store_event(article, found, actors)


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


def _store_claims(article: Article, found_claims, actors: dict) -> None:
    new_claims: list[Claim] = []
    repeats: dict[int, Appearance] = {}
    earlier_claims = _earlier_statements(found_claims, actors)
    for found in found_claims:
        speaker = actors.get(id(found.speaker)) if found.speaker is not None else None
        earlier = None
        if found.kind != Claim.Kind.FIGURE and speaker is not None:
            earlier = _repeated_claim(found, earlier_claims.get(speaker.pk, []))
        if earlier is None:
            new_claims.append(_claim(article, found, speaker))
            continue
        if earlier.pk not in repeats:
            repeats[earlier.pk] = Appearance(
                claim=earlier, article=article, start=found.span[0], end=found.span[1]
            )
            _keep_earliest_appearance(earlier, article, found)
    # The first history record of each claim is the machine's version.
    bulk_create_with_history(new_claims, Claim)
    Appearance.objects.bulk_create(
        [Appearance(claim=c, article=article, start=c.start, end=c.end) for c in new_claims]
        + list(repeats.values())
    )


def _earlier_statements(found_claims, actors: dict) -> dict[int, list[Claim]]:
    """Stored statements by this article's speakers, made within a week of
    its statements, by speaker id: one query for the whole article."""
    statements = [c for c in found_claims if c.kind != Claim.Kind.FIGURE and c.speaker is not None]
    speakers = {actors[id(c.speaker)].pk for c in statements if id(c.speaker) in actors}
    if not speakers:
        return {}
    window = dt.timedelta(days=REPEAT_WINDOW_DAYS)
    first = min(c.stated_on for c in statements) - window
    last = max(c.stated_on for c in statements) + window
    earlier: dict[int, list[Claim]] = {}
    candidates = (
        Claim.objects.filter(
            speaker__in=speakers,
            kind__in=[Claim.Kind.QUOTE, Claim.Kind.REPORTED],
            stated_on__range=(first, last),
        )
        .exclude(status=Claim.Status.REJECTED)
        .select_related("article")
        .defer("article__body")
    )
    for claim in candidates:
        earlier.setdefault(claim.speaker_id, []).append(claim)
    return earlier


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
    left exactly as the editor left it."""
    if claim.status != Claim.Status.EXTRACTED or article.published_on >= claim.article.published_on:
        return
    claim.article = article
    claim.start, claim.end = found.span
    claim.speaker_start, claim.speaker_end = found.speaker_span or (None, None)
    claim.text = found.text
    claim.stated_on, claim.stated_precision = found.stated_on, found.stated_precision
    claim.save()


def _store_event(article: Article, found, actors: dict) -> Event:
    """A new event, or this article added to the same happening on the same date."""
    event_actors = {actors[id(a)] for a in found.actors if id(a) in actors}
    for event in Event.objects.filter(occurred_on=found.occurred_on, precision=found.precision):
        if same_event(found.title, event.title):
            event.articles.add(article)
            event.actors.add(*event_actors)
            return event
    event = Event.objects.create(
        title=found.title[:300],
        occurred_on=found.occurred_on,
        precision=found.precision,
        description=found.description,
        article=article,
        start=found.span[0],
        end=found.span[1],
    )
    event.articles.add(article)
    event.actors.set(event_actors)
    return event


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
    )


def resolve_actors(found_actors: list[ExtractedActor]) -> dict[int, Actor]:
    """The stored actor for each extracted one (by ``id()``), created if new.

    Matching goes by surface form: the extracted name first, then (for
    countries, organisations and groups, or a person known only by one name)
    any other form. One query reads every form the article uses; new actors
    and forms are written in bulk.
    """
    forms = {id(f): _forms(f) for f in found_actors}
    all_keys = {key for keyed in forms.values() for key in keyed}
    known = {a.key: a.actor for a in Alias.objects.filter(key__in=all_keys).select_related("actor")}
    stored_keys = set(known)
    resolved: dict[int, Actor] = {}
    for found in found_actors:
        actor = _match(found, forms[id(found)], known)
        if actor is None:
            actor = _create(found)
        elif not actor.description and found.description:
            actor.description = found.description[:300]
            actor.save(update_fields=["description"])
        for key in forms[id(found)]:
            known.setdefault(key, actor)  # a form names the first actor that used it
        resolved[id(found)] = actor
    new_aliases = [
        Alias(actor=resolved[id(found)], name=name, key=key)
        for found in found_actors
        for key, name in forms[id(found)].items()
        if key not in stored_keys and known[key] is resolved[id(found)]
    ]
    # ignore_conflicts: a concurrent writer may have given a form to an actor first
    Alias.objects.bulk_create(_unique_by_key(new_aliases), ignore_conflicts=True)
    return resolved


def resolve_actor(found: ExtractedActor) -> Actor:
    """The stored actor for one extracted actor (see ``resolve_actors``)."""
    return resolve_actors([found])[id(found)]


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
    matches = {known[key].pk: known[key] for key in forms if key in known}
    return next(iter(matches.values())) if len(matches) == 1 else None


def _create(found: ExtractedActor) -> Actor:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Actor.objects.create(
                    name=found.name[:200],
                    kind=found.kind,
                    description=found.description[:300],
                )
        except IntegrityError:
            # The slug was taken by a concurrent writer; look again, or pick another.
            alias = Alias.objects.filter(key=fold(found.name)).select_related("actor").first()
            if alias is not None:
                return alias.actor
    raise IntegrityError(f"could not create an actor for {found.name!r}")
