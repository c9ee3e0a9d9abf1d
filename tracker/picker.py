"""The actor picker: a short list in the page, every actor one search away.

Listing every actor in every page stopped scaling: with 5,000 actors the
options were 300 kB of each timeline page's 340 kB, and copying them through
the templates, the response and the page cache cost more server time than
anything else on a page. The page now lists the actors quoted most in the
newest claims (kept until an actor changes, for an hour at most, so the list
follows the news), plus the chosen ones; the picker's search box asks
``names()`` (``/actors/names.json``) for the rest as the reader types.
Without JavaScript the short list still works, and every actor's page has
its own timeline.
"""

from __future__ import annotations

import functools

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import page_cache
from .extraction.gazetteer import fold
from .models import Actor, Alias, Claim

# Who speaks in the newest claims decides the short list.
NEWEST_CLAIMS = 2_000
LISTED = 60
LIST_SECONDS = 3600
MAX_MATCHES = 20


def actor_options(chosen=()) -> SafeString:
    """``<option>`` elements for the actors quoted most lately, by name, with
    the ``chosen`` actors (Actor instances, already loaded) marked and added
    when they are not among them. One query on a primary key when cached;
    one more, over the newest claims' speakers, when an actor has changed or
    the list is an hour old."""
    key = f"tracker:actor-options:{_actors_version()}"
    options = cache.get(key)
    if options is None:
        # Kept under the version, which every page's recipe reads: a page
        # checked against its recipe needs the version, not the list.
        with page_cache.unrecorded():
            listed = _quoted_lately()
        options = "".join(_option(slug, name) for slug, name in listed)
        cache.set(key, options, timeout=LIST_SECONDS)
    added = []
    for actor in sorted(chosen, key=lambda actor: actor.name):
        plain = _option(actor.slug, actor.name)
        if plain in options:
            options = options.replace(plain, plain.replace("<option ", "<option selected ", 1), 1)
        else:
            added.append(plain.replace("<option ", "<option selected ", 1))
    return mark_safe("".join(added) + options)  # every value is escaped by _option


def _actors_version() -> int:
    """The newest record of the actors' history, which any change to an
    actor adds to: one query on an index, through a bare cursor, like the
    data revision (tracker/revision.py). Every page with the picker runs it;
    building it with the ORM took twenty times as long as running it
    (420 µs against 19 µs on SQLite)."""
    table = connection.ops.quote_name(_actors_history_table())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(history_id) FROM {table}")
        (last,) = cursor.fetchone()
    return last or 0


@functools.cache
def _actors_history_table() -> str:
    """The actors' history table. Asked for its model, simple-history's
    manager descriptor makes a new manager class each time: 80 µs, six
    times what the query above takes on SQLite."""
    return Actor.history.model._meta.db_table


def _option(slug: str, name: str) -> str:
    return f'<option value="{escape(slug)}">{escape(name)}</option>'


def _quoted_lately() -> list[tuple[str, str]]:
    """(slug, name) of the LISTED actors who speak in most of the newest
    NEWEST_CLAIMS public claims, by name: one query, over an index."""
    newest = (
        Claim.objects.public()
        .exclude(speaker=None)
        .order_by("-stated_on", "-id")
        .values("id")[:NEWEST_CLAIMS]
    )
    ranked = (
        Claim.objects.filter(pk__in=newest)
        .values("speaker__slug", "speaker__name")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")[:LISTED]
    )
    return sorted(
        ((row["speaker__slug"], row["speaker__name"]) for row in ranked),
        key=lambda pair: (pair[1].casefold(), pair[0]),
    )


def names(words: str) -> list[dict]:
    """Up to MAX_MATCHES actors with a name (any of their aliases) containing
    ``words``, case and accents ignored, by name: one query."""
    folded = fold(words)
    if not folded:
        return []
    actors = (
        Actor.objects.filter(pk__in=Alias.objects.filter(key__contains=folded).values("actor"))
        .order_by("name", "id")
        .values("slug", "name", "description")[:MAX_MATCHES]
    )
    return list(actors)
