"""The data revision: a number that grows whenever anything readers see
changes, so that a rendered page can be served from the cache until then.

Saves and deletes of articles, actors, aliases, claims, appearances and
events bump it through signals (the admin, the editors' tools); writers that
bypass signals (bulk inserts in ingest and generate_data, ``update()``) call
``changed()`` themselves. The bump runs inside the writer's transaction, so
readers see the new number exactly when they can see the new data.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Actor, Alias, Appearance, Article, Claim, Event, Revision

WATCHED = (Article, Actor, Alias, Claim, Appearance, Event)


def current() -> int | None:
    """The revision number (one query on a primary key), or None if its row
    is missing, in which case nothing should be cached. Read through a bare
    cursor: every cached page pays for it, and building the ORM query took
    longer than running it."""
    table = connection.ops.quote_name(Revision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def changed() -> None:
    """Count a change (one query, two if the row has to be created)."""
    if not Revision.objects.filter(pk=1).update(number=F("number") + 1):
        Revision.objects.get_or_create(pk=1, defaults={"number": 1})


def _on_change(sender, action="post_", **kwargs):
    if action.startswith("post_"):  # not the pre_add, pre_remove... of m2m changes
        changed()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"revision-delete-{model.__name__}"
        )
    for through in (Event.actors.through, Event.articles.through):
        m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"revision-m2m-{through}")
