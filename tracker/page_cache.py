"""Public pages served from the cache until the data changes, and checked
by their own queries after a change elsewhere.

A rendered page is stored under the data revision (tracker/revision.py) and
its full address; any change to what readers see moves the revision on, so a
reader never gets a page older than the data. Pages are the same for every
reader (no one is signed in on the public site), so one copy serves all. An
editor signed in always gets a fresh page.

A change anywhere moves the revision on, but most changes (an edit to one
claim, an import of last night's articles) leave most pages as they were.
So each page is also kept with its *recipe*: every query it ran, with the
rows each returned. After a change, the recipe's queries run again, bare,
in order; if every one returns the rows it returned before, the
page would be made from the same rows, so the kept page is served (and
cached under the new revision). The first query whose rows differ stops the
check and the page is made again. This holds because a page is made from
its queries' rows alone, given its address: anything else it shows is kept
by content (tracker/fragments.py) or under a key that one of its queries
reads (the actor picker's version), and nothing on a page depends on the
clock.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import pickle
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from . import revision

# The statements a recipe can replay: reads. A page that writes is never
# kept with a recipe (none does; this is a guard).
READS = ("SELECT", "EXPLAIN", "WITH")


class Recipe(NamedTuple):
    """A page made once and what it was made from: each query (SQL and
    parameters, as sent to the database) and the rows it returned, as the
    database driver returned them."""

    steps: list[tuple[str, object]]
    rows: list[list]
    response: object


def cached_page(view):
    """Serve ``view`` from the cache while the revision is unchanged: one
    query (the revision) when cached; after a change, the page's own
    queries run again and the page is served as it was when they return the
    same rows. Streaming responses are never cached."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        number = revision.current()
        if number is None:
            return view(request, *args, **kwargs)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"tracker:page:{number}:{_address_digest(address)}"
        response = cache.get(key)
        if response is not None:
            return response
        response = still_current(address)
        if response is None:
            recorder = Recorder()
            with recorder.recording():
                response = view(request, *args, **kwargs)
            if response.streaming or response.status_code >= 500:
                return response
            _keep_recipe(address, recorder, response)
        cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper


def recipe_key(address: str) -> str:
    return f"tracker:recipe:{_address_digest(address)}"


def _address_digest(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def still_current(address: str):
    """The page kept for ``address`` if its queries still return the rows
    it was made from, else None. Runs the recipe's queries up to the first
    that returns other rows."""
    recipe = cache.get(recipe_key(address))
    if recipe is None:
        return None
    with connection.cursor() as cursor:
        for (sql, params), rows in zip(recipe.steps, recipe.rows, strict=True):
            cursor.execute(sql, params)
            # Compared with ==, cheaper than any digest: the driver gives each
            # column's values as one type (a date, text, a whole number), so
            # equal rows are the same rows.
            if _rows(cursor) != rows:
                return None
    return recipe.response


def _keep_recipe(address: str, recorder: Recorder, response) -> None:
    if not recorder.replayable:
        return
    recipe = Recipe(recorder.steps, recorder.rows, response)
    try:
        cache.set(recipe_key(address), recipe, settings.PAGE_CACHE_SECONDS)
    except (pickle.PicklingError, TypeError, AttributeError):
        # A parameter the cache cannot store: the page is simply made again
        # after the next change, as it would be without a recipe.
        return


_active: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar(
    "tracker_page_recorder", default=None
)


@contextlib.contextmanager
def unrecorded():
    """Run queries that are no part of the page's recipe: reads whose result
    is kept under a key that a recorded query reads (the actor picker's list,
    under the actors' version), so replaying them would only cost time."""
    recorder = _active.get()
    if recorder is None:
        yield
        return
    recorder.paused += 1
    try:
        yield
    finally:
        recorder.paused -= 1


class Recorder:
    """Records each query a view runs with its rows, through a database
    execute wrapper. The rows are read as soon as a query has run, so the
    record is exactly what the view was given; the view then reads them from
    a stand-in for the cursor (``_ReadAhead``)."""

    def __init__(self):
        self.steps: list[tuple[str, object]] = []
        self.rows: list[list] = []
        self.replayable = True
        self.paused = 0

    @contextlib.contextmanager
    def recording(self):
        token = _active.set(self)
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            _active.reset(token)

    def __call__(self, execute, sql, params, many, context):
        cursor = context["cursor"]
        if isinstance(cursor.cursor, _ReadAhead):  # a cursor used again
            cursor.cursor = cursor.cursor.real
        result = execute(sql, params, many, context)
        if self.paused:
            return result
        if many or not sql.lstrip().upper().startswith(READS):
            self.replayable = False
            return result
        rows = _rows(cursor.cursor)
        cursor.cursor = _ReadAhead(cursor.cursor, rows)
        self.steps.append((sql, params))
        self.rows.append(rows)
        return result


class _ReadAhead:
    """A database cursor whose rows were already fetched: hands them out as
    the cursor would, and passes everything else to it."""

    def __init__(self, real, rows: list):
        self.real = real
        self._rows = rows
        self._next = 0

    def fetchone(self):
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size=None):
        size = self.real.arraysize if size is None else size
        rows = self._rows[self._next : self._next + size]
        self._next += len(rows)
        return rows

    def fetchall(self):
        rows = self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    def __iter__(self):
        while (row := self.fetchone()) is not None:
            yield row

    def __getattr__(self, name):
        return getattr(self.real, name)


def _rows(cursor) -> list:
    return cursor.fetchall() if cursor.description is not None else []
