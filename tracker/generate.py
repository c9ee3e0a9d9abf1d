"""Realistic synthetic data for scale tests: articles spread over years, a few
very active actors and a long tail, every kind of entry, figures in series,
some rejected claims. Written with bulk inserts, a batch of articles at a
time, so memory stays flat however much is asked for."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from . import bulk, revision
from .extraction.repeats import subject_key
from .models import Actor, Alias, Appearance, Article, Claim, Event

FIRST_NAMES = [
    "Anna", "Omar", "Li", "Maria", "David", "Fatima", "John", "Sofia", "Yusuf", "Elena", "Amit",
    "Chen", "Grace", "Ivan", "Nadia", "Pedro", "Sara", "Tariq", "Olga", "Hassan", "Leila", "Mark",
]  # fmt: skip
SURNAMES = [
    "Haddad", "Cohen", "Okafor", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Silva",
    "Levi", "Mansour", "Dubois", "Novak", "Sharma", "Kim", "Ahmed", "Moreau", "Petrov", "Yilmaz",
    "Garcia", "Brennan", "Khalil", "Barak", "Osei",
]  # fmt: skip
ORGANISATIONS = ["Ministry", "Agency", "Council", "Commission", "Authority", "Office", "Institute"]
FIELDS = ["Health", "Defence", "Foreign Affairs", "Energy", "Refugees", "Finance", "Justice"]
ROLES = ["foreign minister", "spokesperson", "prime minister", "envoy", "senator", "mayor", "chief"]
TOPICS = [
    "ceasefire", "hostages", "aid convoys", "the border crossing", "the budget", "elections",
    "sanctions", "the talks", "reconstruction", "the blockade", "refugees", "energy prices",
]  # fmt: skip
VERBS = [
    "would resume",
    "had stalled",
    "were progressing",
    "must continue",
    "had failed",
    "were close",
]
SUBJECTS = [
    "Palestinians killed", "hostages held", "people displaced", "aid trucks", "people injured",
    "homes destroyed", "rockets fired", "soldiers killed",
]  # fmt: skip
QUALIFIERS = ["", "", "more than", "some", "around", "at least", "nearly"]
EVENT_NOUNS = ["attack", "summit", "vote", "strike", "meeting", "election", "ceasefire", "raid"]


@dataclass
class Generated:
    articles: int = 0
    claims: int = 0
    actors: int = 0
    events: int = 0


def generate(
    articles: int,
    claims: int,
    actors: int,
    *,
    seed: int = 42,
    start: dt.date = dt.date(2021, 1, 1),
    days: int = 3 * 365,
    batch: int = 2000,
    progress: Callable[[Generated], None] | None = None,
) -> Generated:
    """Add ``articles`` articles holding ``claims`` claims by ``actors``
    actors (and about one event per twenty claims)."""
    rng = random.Random(seed)
    done = Generated()
    people = _make_actors(rng, actors, done)
    # A few very active actors and a long tail: weights fall off as 1/rank.
    weights = [1 / (rank + 1) for rank in range(len(people))]
    per_article = claims / max(articles, 1)
    remaining = claims
    # numbered after the highest id, so content hashes never collide
    numbered_from = (Article.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    for first in range(0, articles, batch):
        size = min(batch, articles - first)
        with transaction.atomic():
            batch_articles = _make_articles(rng, numbered_from + first, size, start, days)
            wanted = [
                max(0, round(per_article + rng.uniform(-per_article / 2, per_article / 2)))
                for _ in batch_articles
            ]
            if first + size >= articles:  # the last batch settles the total exactly
                wanted[-1] += remaining - sum(wanted)
                wanted[-1] = max(wanted[-1], 0)
            made_claims, made_events = _fill(rng, batch_articles, wanted, people, weights)
            revision.changed()  # bulk inserts send no signals
        remaining -= made_claims
        done.articles += size
        done.claims += made_claims
        done.events += made_events
        if progress:
            progress(done)
    bulk.refresh_statistics(thorough=True)
    return done


def _make_actors(rng, count: int, done: Generated) -> list[Actor]:
    # numbered after the highest id, so names and slugs never collide
    existing = Actor.objects.aggregate(last=Max("id"))["last"] or 0
    rows, aliases = [], []
    for index in range(count):
        number = existing + index
        kind = rng.choices(["person", "organisation", "country", "group"], [70, 18, 8, 4])[0]
        if kind == "person":
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            name = f"{first} {last} {number}"
            forms = [name, f"Mr {last} {number}"]
            description = rng.choice(ROLES)
        else:
            name = f"{rng.choice(FIELDS)} {rng.choice(ORGANISATIONS)} {number}"
            forms = [name]
            description = ""
        actor = Actor(name=name, slug=slugify(name), kind=kind, description=description)
        rows.append(actor)
        aliases.append(forms)
    # with their first history record, as ingest writes them
    rows = bulk_create_with_history(rows, Actor, batch_size=2000)
    Alias.objects.bulk_create(
        [
            Alias(actor=a, name=f, key=Alias.key_of(f))
            for a, forms in zip(rows, aliases, strict=True)
            for f in forms
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    done.actors = count
    return rows


def _make_articles(rng, first: int, size: int, start: dt.date, days: int) -> list[Article]:
    rows = []
    for index in range(first, first + size):
        day = start + dt.timedelta(days=rng.randrange(days))
        title = f"{rng.choice(TOPICS).capitalize()}: talks {rng.choice(VERBS)} ({index})"
        rows.append(
            Article(
                title=title,
                published_on=day,
                body="",
                source_name=f"generated-{index}.txt",
                sha256=hashlib.sha256(f"generated {index}".encode()).hexdigest(),
            )
        )
    return Article.objects.bulk_create(rows, batch_size=2000)


def _fill(rng, articles: list[Article], wanted: list[int], people, weights) -> tuple[int, int]:
    claims, bodies, events = [], {}, []
    for article, count in zip(articles, wanted, strict=True):
        paragraphs, offset = [], 0
        for _ in range(count):
            speaker = rng.choices(people, weights)[0]
            kind = rng.choices(["quote", "reported", "figure"], [30, 40, 30])[0]
            topic = rng.choice(TOPICS)
            figure = {}
            if kind == "figure":
                subject = rng.choice(SUBJECTS)
                value = float(rng.randrange(10, 40000))
                qualifier = rng.choice(QUALIFIERS)
                text = f"{speaker.name} said {qualifier} {int(value):,} {subject} over {topic}."
                figure = {
                    "figure_value": value,
                    "figure_qualifier": qualifier,
                    "figure_subject": subject,
                    "figure_subject_key": subject_key(subject),
                }
                quote = ""
                if rng.random() < 0.3:
                    speaker = None  # the article states it itself
            elif kind == "quote":
                quote = f"On {topic}, we believe the talks {rng.choice(VERBS)}"
                text = f"“{quote},” {speaker.name} said."
            else:
                quote = ""
                text = f"{speaker.name} said {topic} {rng.choice(VERBS)}."
            start = offset
            paragraphs.append(text)
            offset += len(text) + 2
            status = rng.choices(["extracted", "verified", "disputed", "rejected"], [85, 10, 2, 3])[
                0
            ]
            claims.append(
                Claim(
                    article=article,
                    speaker=speaker,
                    kind=kind,
                    attribution="direct" if kind == "quote" else "reported",
                    text=text,
                    quote=quote,
                    start=start,
                    end=start + len(text),
                    stated_on=article.published_on - dt.timedelta(days=rng.choice([0, 0, 0, 1])),
                    article_published_on=article.published_on,
                    status=status,
                    **figure,
                )
            )
        if count and rng.random() < 0.4:
            noun = rng.choice(EVENT_NOUNS)
            title = f"The {rng.choice(TOPICS)} {noun}"
            events.append((article, title, rng.sample(people[:50], 2)))
            paragraphs.append(title + ".")
        bodies[article.pk] = "\n\n".join(paragraphs) or "No statements."
    for article in articles:
        article.body = bodies[article.pk]
    Article.objects.bulk_update(articles, ["body"], batch_size=2000)
    Claim.objects.bulk_create(claims, batch_size=5000)
    Claim.history.bulk_history_create(claims, batch_size=5000)
    Appearance.objects.bulk_create(
        [Appearance(claim=c, article=c.article, start=c.start, end=c.end) for c in claims],
        batch_size=5000,
    )
    made_events = Event.objects.bulk_create(
        [
            Event(
                title=title,
                occurred_on=article.published_on - dt.timedelta(days=rng.randrange(0, 30)),
                precision="day",
                article=article,
                start=max(len(article.body) - len(title) - 1, 0),
                end=len(article.body),
            )
            for article, title, _ in events
        ],
        batch_size=5000,
    )
    Event.actors.through.objects.bulk_create(
        [
            Event.actors.through(event_id=event.pk, actor_id=actor.pk)
            for event, (_, _, actors) in zip(made_events, events, strict=True)
            for actor in actors
        ],
        batch_size=5000,
    )
    Event.articles.through.objects.bulk_create(
        [Event.articles.through(event_id=e.pk, article_id=e.article_id) for e in made_events],
        batch_size=5000,
    )
    return len(claims), len(made_events)
