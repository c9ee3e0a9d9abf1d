"""The actor picker's options, rendered once per change to the actors.

With thousands of actors, rendering an ``<option>`` for each on every page
would cost more than the rest of the page. The list is rendered once and
cached under a key that changes whenever any actor is created, renamed,
merged or deleted (the newest record of the actors' history); the chosen
actors are then marked on a copy.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Actor


def actor_options(selected: set[str] | frozenset[str] = frozenset()) -> SafeString:
    """``<option>`` elements for every actor, by name, the ``selected``
    slugs marked. One query on a primary key when cached; one more, over
    every actor's slug and name, when an actor has changed."""
    version = Actor.history.aggregate(last=Max("history_id"))["last"] or 0
    key = f"tracker:actor-options:{version}"
    options = cache.get(key)
    if options is None:
        options = "".join(
            f'<option value="{escape(slug)}">{escape(name)}</option>'
            for slug, name in Actor.objects.order_by("name", "id").values_list("slug", "name")
        )
        cache.set(key, options, timeout=None)
    for slug in selected:
        plain = f'<option value="{escape(slug)}">'
        options = options.replace(plain, plain[:-1] + " selected>", 1)
    return mark_safe(options)  # every value was escaped above
