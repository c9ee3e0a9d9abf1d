"""Timeline entries rendered once per content, not once per page.

A page is cached whole with the data revision (tracker/page_cache.py) and
made again when a change reaches what it shows; most of that cost was
rendering fifty entries that had not changed. Each entry's HTML is
therefore kept under a digest of everything the partial shows: the values
of the claim or event as loaded, of its speaker, article and actors, and
the script prefix its links are built with. A changed entry has a new
digest, so nothing needs to be invalidated: a stale fragment is simply
never asked for again.

Whatever a page makes from a whole list of entries (the list under its
headings, its JSON-LD, the JSON's entries) is kept the same way under one
digest of everything they show, and the actor list's table under a digest
of its rows; templates keep the filter form, the density strip and the
site's header with Django's ``{% cache %}``, keyed by what they show.

Entries read for a page (tracker.timeline.load_entries) carry the rows they
were read from, and their model instances are built only to render them: a
page made again whose entries are all kept builds none.

Entries (and a view's small parts: its head's links, its exports) live in
the "fragments" cache and a page's larger parts in the "parts" cache, each
web process's own memory, so a deploy (new templates, new code) starts
with none.
"""

from __future__ import annotations

import hashlib
import pickle

from django.core.cache import caches
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

ENTRY_TEMPLATE = "tracker/_entry.html"
# Digests pickle with a fixed protocol: Python's default may change.
_PROTOCOL = 5


def _values(instance: Model | None) -> list:
    """The loaded field values of ``instance``, in field order (deferred
    fields are not loaded and not shown)."""
    if instance is None:
        return []
    return [value for name, value in vars(instance).items() if name[0] != "_"]


def shown(entry) -> tuple:
    """What an entry made from model instances shows: the loaded values of
    the claim, its speaker and article, or of the event, its article and
    actors. No query: they must already be loaded. (Entries read by
    load_entries() carry their rows instead.)"""
    if entry.is_claim:
        claim = entry.claim
        return _values(claim), _values(claim.speaker), _values(claim.article)
    event = entry.event
    return _values(event), _values(event.article), [_values(a) for a in entry.actors]


def fingerprint(content) -> str:
    """A digest of everything an entry's partial shows: its ``content`` (the
    values it was made from, see Entry.content) and
    the script prefix its links are built with."""
    return digest((get_script_prefix(), content))


def digest_of(entries) -> str:
    """One digest for ``entries`` in their order, from what each shows: the
    key of what is made from a whole page of them (its list of entries under
    their headings, its JSON-LD, its JSON). One digest of all their content
    rather than one of each entry's digests: each entry's own is needed only
    to render it."""
    return digest((get_script_prefix(), [entry.content for entry in entries]))


def digest_of_rows(rows, *shown_with) -> str:
    """One digest for rows as read (tuples of plain values, in order),
    anything else the list shows (``shown_with``) and the script prefix its
    links are built with: the key of a list made from them, such as the
    actor list's table."""
    return digest((get_script_prefix(), list(rows), shown_with))


def digest(content) -> str:
    """A short digest of ``content``: plain values (text, numbers, dates,
    None) in tuples, lists and dicts. Made from the pickle, which tells any
    two different contents apart and took half as long as their repr (80
    against 160 µs for a page of entries). Two equal contents can pickle
    differently when one shares a value where the other holds two equal
    ones; the cost is only a part made again."""
    return hashlib.blake2b(pickle.dumps(content, _PROTOCOL), digest_size=16).hexdigest()


def kept(name: str, content, make, using: str = "parts"):
    """``make()``, made once per ``content`` (plain values, see digest():
    everything the result depends on) and then taken from the cache
    ``using``: "parts" for a page's parts, "fragments" for single entries."""
    cache = caches[using]
    key = f"tracker:{name}:{digest(content)}"
    made = cache.get(key)
    if made is None:
        made = make()
        cache.set(key, made)
    return made


def entry_html(entry) -> SafeString:
    """The entry rendered by its partial, from the cache when its content
    was rendered before."""

    def render():
        return render_to_string(ENTRY_TEMPLATE, {"entry": entry})

    html = kept("entry", entry.fingerprint, render, using="fragments")
    return mark_safe(html)  # rendered by the template, which escapes every value
