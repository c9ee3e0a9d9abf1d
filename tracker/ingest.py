"""From extracted data to models: one transaction per article.

An article already stored (same content hash) is left exactly as it is, so
seeding again never touches what an editor changed. Actors are matched across
articles by their surface forms; a new article may add forms to an actor but
never overwrites its name, kind or description once set.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from tracker.extraction.actors import Actor as ExtractedActor
from tracker.extraction.gazetteer import fold
from tracker.extraction.pipeline import Extraction

from .models import Actor, Alias, Article, Claim, Event


@dataclass
class StoreResult:
    article: Article
    created: bool


def store(extraction: Extraction) -> StoreResult:
    """Store one extracted article with its actors, claims and events, or
    nothing at all if it is already stored or anything fails."""
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
            actors = {id(a): resolve_actor(a) for a in extraction.actors}
            Claim.objects.bulk_create(
                [_claim(article, claim, actors) for claim in extraction.claims]
            )
            for found in extraction.events:
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
                event.actors.set({actors[id(a)] for a in found.actors if id(a) in actors})
    except IntegrityError:
        # Another process stored the same article between our check and insert.
        existing = Article.objects.filter(sha256=document.sha256).first()
        if existing is None:
            raise
        return StoreResult(existing, created=False)
    return StoreResult(article, created=True)


def _claim(article: Article, claim, actors: dict) -> Claim:
    figure = claim.figure
    speaker = actors.get(id(claim.speaker)) if claim.speaker is not None else None
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
        figure_subject=(figure.subject or "")[:200] if figure else "",
    )


def resolve_actor(found: ExtractedActor) -> Actor:
    """The stored actor for an extracted one, created if new.

    Matching goes by surface form: the extracted name first, then (for
    countries, organisations and groups, or a person known only by one name)
    any other form. Runs a few queries per actor.
    """
    forms = [found.name, *found.aliases]
    actor = _match(found, forms)
    if actor is None:
        actor = _create(found)
    elif not actor.description and found.description:
        actor.description = found.description[:300]
        actor.save(update_fields=["description"])
    _add_aliases(actor, forms)
    return actor


def _match(found: ExtractedActor, forms: list[str]) -> Actor | None:
    by_name = Alias.objects.filter(key=fold(found.name)).select_related("actor").first()
    if by_name is not None:
        return by_name.actor
    if found.kind == Actor.Kind.PERSON and len(found.name.split()) > 1:
        return None  # a full name we have not seen is a new person
    keys = [fold(f) for f in forms]
    matches = {
        a.actor_id: a.actor for a in Alias.objects.filter(key__in=keys).select_related("actor")
    }
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
            # The slug was taken by a concurrent writer; pick another.
            existing = _match(found, [found.name])
            if existing is not None:
                return existing
    raise IntegrityError(f"could not create an actor for {found.name!r}")


def _add_aliases(actor: Actor, forms: list[str]) -> None:
    keys = {}
    for form in forms:
        key = fold(form)
        if key and key not in keys:
            keys[key] = form[:200]
    taken = set(Alias.objects.filter(key__in=keys).values_list("key", flat=True))
    for key, form in keys.items():
        if key in taken:
            continue
        try:
            with transaction.atomic():
                Alias.objects.create(actor=actor, name=form)
        except IntegrityError:
            pass  # a concurrent writer gave this form to an actor first
