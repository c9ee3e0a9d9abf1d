"""Public pages served from the cache until the data changes, and checked
by their own queries after a change elsewhere.

A rendered page is stored under its full address with the data revision
(tracker/revision.py) it is current at; any change to what readers see
moves the revision on, so a reader never gets a page older than the data.
Pages are the same for every reader (no one is signed in on the public
site), so one copy serves all. A request with a session cookie (an editor
signed in) always gets a fresh page. The cache is a middleware placed
before the middleware a kept page does not need (sessions, sign-ins, CSRF,
messages), so a reader's request for a kept page costs the revision query
and one cache read.

A change anywhere moves the revision on, but most changes (an edit to one
claim, an import of last night's articles) leave most pages as they were.
So each page is also kept with its *recipe*: every query it ran, with the
rows each returned. After a change, the recipe's queries run again, bare,
in order; if every one returns the rows it returned before, the page would
be made from the same rows, so the kept page is served (and marked current
at the new revision). The first query whose rows differ stops the check
and the page is made again. This holds because a page is made from its
queries' rows alone, given its address: anything else it shows is kept by
content (tracker/fragments.py) or under a key that one of its queries
reads (the actor picker's version). The one part that also follows the
clock, the picker's list of who is quoted lately (made again hourly), is
why a page checked again keeps its age: every page is made anew at least
every PAGE_CACHE_SECONDS, as it was before recipes.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import itertools
import pickle
import re
import secrets
import time
from collections.abc import Mapping
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from . import revision

# The statements a recipe can replay: reads. A page that writes is never
# kept with a recipe (none does; this is a guard).
READS = ("SELECT", "EXPLAIN", "WITH")
# A page that reads more rows than this gets no recipe: checking it would
# cost about what making it does, and its rows would crowd the cache (the
# TimelineJS export reads over 2,000; the benchmark's timeline pages 24-503).
MAX_RECIPE_ROWS = 1_000


class Kept(NamedTuple):
    """A page as served (pickled), the revision it was last known current
    at, the token of the recipe it was made with, and when it was made. The
    page is kept pickled because a page checked after a change is stored
    again with its new revision: pickling its 26-74 kB response anew took
    60 µs of the rare actor's 570 µs check, storing the bytes 35 µs."""

    revision: int
    token: str
    pickled: bytes
    made_at: float

    @property
    def response(self):
        return pickle.loads(self.pickled)


class Recipe(NamedTuple):
    """What a page was made from: each query (SQL and parameters, named,
    see ``_named``) and the rows it returned, as the driver returned them.
    Kept apart from the page, so that serving a cached page does not unpack
    it; the token pairs it with the page it made (two processes making the
    same page at once through a shared cache cannot cross their recipes)."""

    steps: list[tuple[str, object]]
    rows: list[list]
    token: str


def cached_page(view):
    """Mark ``view`` as a public page that ``PageCacheMiddleware`` keeps:
    served from the cache while the revision is unchanged, checked by its
    own queries after a change elsewhere, made again after a change to what
    it shows."""
    view.tracker_cached_page = True
    return view


class PageCacheMiddleware:
    """Serves the pages marked with ``cached_page``, before the middleware
    that a kept page does not need (sessions, sign-ins, CSRF, messages,
    history, lockouts) and before URL resolution: a cached page costs one
    query (the revision) and one cache read. A response is kept as those
    middleware finished it, headers included, so serving it is the same
    as making it. Only anonymous requests are served from the cache: a
    request with a session cookie (an editor signed in) always gets a
    fresh page, and a page that sets a cookie is never kept. One cache
    entry per address for the page, one for its recipe: a change leaves no
    stale copies behind. Streaming responses are never kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = page_key(address)
        kept = cache.get(key)
        if kept is None and not _is_cached_page(request):
            return self.get_response(request)
        number = revision.current()
        if number is None:
            return self.get_response(request)
        if kept is not None:
            if kept.revision == number:
                return kept.response
            # A page checked again keeps the age it was made with: it is made
            # anew every PAGE_CACHE_SECONDS, as before recipes, so what it
            # keeps for an hour (the actor picker's list) ages no further.
            left = kept.made_at + settings.PAGE_CACHE_SECONDS - time.time()
            if left > 1 and still_current(address, kept.token):
                cache.set(key, kept._replace(revision=number), left)
                return kept.response
        recorder = Recorder()
        with recorder.recording():
            response = self.get_response(request)
        if response.streaming or response.status_code >= 500 or response.cookies:
            return response
        # The page differs for a reader with a session cookie (made fresh).
        patch_vary_headers(response, ("Cookie",))
        token = secrets.token_hex(8)
        _keep_recipe(address, recorder, token)
        kept = Kept(number, token, pickle.dumps(response, pickle.HIGHEST_PROTOCOL), time.time())
        cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
        return response


def _is_cached_page(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "tracker_cached_page", False)


def page_key(address: str) -> str:
    return f"tracker:page:{_address_digest(address)}"


def recipe_key(address: str) -> str:
    return f"tracker:recipe:{_address_digest(address)}"


def recipes():
    """The cache of recipes (settings.CACHES["recipes"]): kept as objects,
    never changed once kept."""
    return caches["recipes"]


def _address_digest(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def still_current(address: str, token: str) -> bool:
    """Whether the recipe of the page made with ``token`` for ``address``
    is kept and its queries still return the rows the page was made from.
    Runs the recipe's queries up to the first that returns other rows."""
    recipe = recipes().get(recipe_key(address))
    if recipe is None or recipe.token != token:
        return False
    with connection.cursor() as cursor:
        for (sql, params), rows in zip(recipe.steps, recipe.rows, strict=True):
            # Through Django's cursor, so that the queries show where queries
            # show (tests, instrumentation); the rows straight from the
            # driver's cursor, which Django's wraps again at every fetch.
            cursor.execute(sql, params)
            # Compared with ==, cheaper than any digest: the driver gives each
            # column's values as one type (a date, text, a whole number), so
            # equal rows are the same rows.
            if _rows(cursor.cursor) != rows:
                return False
    return True


def _keep_recipe(address: str, recorder: Recorder, token: str) -> None:
    if recorder.replayable:
        # Kept as an object (tracker/object_cache.py): nothing to pickle, so
        # any parameter the driver took can be kept.
        recipe = Recipe(recorder.steps, recorder.rows, token)
        recipes().set(recipe_key(address), recipe, settings.PAGE_CACHE_SECONDS)
    else:
        # Without a recipe the page is made again after the next change.
        recipes().delete(recipe_key(address))


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
        self.row_count = 0

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
        if self.paused or not self.replayable:
            return result
        if many or not sql.lstrip()[:7].upper().startswith(READS):
            self._give_up()
            return result
        rows = _rows(cursor.cursor)
        if rows is None:
            self._give_up()
            return result
        cursor.cursor = _ReadAhead(cursor.cursor, rows)
        step = _named(sql, params)
        if step is None:
            self._give_up()
            return result
        self.steps.append(step)
        self.rows.append(rows)
        self.row_count += len(rows)
        if self.row_count > MAX_RECIPE_ROWS:
            self._give_up()
        return result

    def _give_up(self):
        """No recipe for this page; what was recorded is let go."""
        self.replayable = False
        self.steps, self.rows = [], []


_PLACEHOLDER_OR_PERCENT = re.compile(r"%([%s])")


def _named(sql: str, params) -> tuple[str, object] | None:
    """The query with its parameters named (``%(p0)s`` and a dict), or None
    if its placeholders do not match its parameters.

    Why: Django's SQLite backend turns each ``%s`` into the driver's ``?``
    with a regular expression that walks the whole statement at every
    execution: 60-70 µs for the rare actor's eight statements (3,000
    characters), a fifth of what SQLite takes to answer them. Named
    parameters go through one ``%`` formatting instead. Done when the page
    is made, each statement's naming kept; PostgreSQL's driver takes either
    form.
    """
    if params is None or isinstance(params, Mapping):
        return sql, params
    named, placeholders = _with_named_placeholders(sql)
    if placeholders != len(params):
        return None
    return named, {f"p{number}": value for number, value in enumerate(params)}


@functools.lru_cache(maxsize=1024)
def _with_named_placeholders(sql: str) -> tuple[str, int]:
    """``sql`` with its n ``%s`` named ``%(p0)s`` … ``%(pn-1)s``, and n.
    Kept by statement: a view's statements are compiled once and recorded
    again each time its page is made."""
    names = itertools.count()
    named = _PLACEHOLDER_OR_PERCENT.sub(
        lambda m: "%%" if m[1] == "%" else f"%(p{next(names)})s", sql
    )
    return named, next(names)


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


def _rows(cursor) -> list | None:
    """Every row of the statement the driver's ``cursor`` just ran, or None
    when it returns none (a write, even one that starts as a read does:
    ``WITH … UPDATE``). Asked of ``fetchall()`` first: ``cursor.description``
    is built anew by psycopg, an object a column, at every call (30 µs for
    a query of 36 columns), so it is read only when no row came back."""
    try:
        rows = cursor.fetchall()
    except connection.Database.ProgrammingError:  # psycopg: nothing to fetch
        return None
    if not rows and cursor.description is None:  # SQLite: a write's no rows
        return None
    return rows
