"""Queries compiled once and run again through the cursor: queries that
differ only in a list of values (``RowsByKey``), and the statements of a
view of the timeline, kept by what they are made from (``Compiled``)."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

# Every plan and statement kept in this process, for forget_compiled().
_KEEPERS: weakref.WeakSet = weakref.WeakSet()


def forget_compiled() -> None:
    """Forget every query compiled in this process, as a new process starts
    (the benchmark's "nothing cached")."""
    for keeper in list(_KEEPERS):
        keeper.clear()


class Plan(NamedTuple):
    """A values_list query as the ORM compiles it for one database: its SQL
    and parameters, and how its rows are converted. A query the ORM knows to
    have no rows (none(), an empty IN list) has no SQL."""

    alias: str
    sql: str | None
    params: tuple
    compiler: object
    converters: dict

    @classmethod
    def of(cls, queryset, alias: str) -> Plan:
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return cls(alias, None, (), None, {})
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return cls(alias, sql, tuple(params), compiler, compiler.get_converters(fields))

    def rows(self, params=None) -> list[tuple]:
        """The query's rows, converted as the ORM converts them; run with
        other ``params`` in place of its own, if given."""
        if self.sql is None:
            return []
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.params if params is None else params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [tuple(row) for row in rows]


class RowsByKey:
    """A values_list query over the rows whose ``key`` (a column: the
    primary key, a foreign key, a slug) is one of some values, compiled by
    the ORM once per database and number of values, then run through the
    cursor with each new list of values, its rows converted as the ORM
    converts them. The statement is the same on every connection to a
    database (each thread has its own), so one plan serves them all.

    Why: such queries differ only in their values, yet compiling one took
    about 150 µs, longer than SQLite takes to answer it, and a page made
    again runs four (its entries' three, the chosen actors). A query whose
    parameters are not its values alone is compiled every time (a guard:
    none of these has others)."""

    # Lists this long or longer are not planned (a timeline stream reads
    # 500 entries at a time; nothing reads more).
    MAX_PLANNED_VALUES = 501

    def __init__(self, queryset, key: str = "pk"):
        self.queryset = queryset
        self.key = key
        # (database alias, number of values) -> plan, or None for a query
        # that cannot be planned
        self._plans: dict[tuple[str, int], Plan | None] = {}
        _KEEPERS.add(self)

    def clear(self) -> None:
        self._plans.clear()

    def rows(self, values: list) -> list[tuple]:
        """The rows whose key is one of ``values`` (repeats read once)."""
        values = list(dict.fromkeys(values))
        if not values:
            return []
        alias = router.db_for_read(self.queryset.model)
        key = (alias, len(values))
        if key not in self._plans and len(values) < self.MAX_PLANNED_VALUES:
            self._plans[key] = self._plan(alias, values)
        plan = self._plans.get(key)
        if plan is None:
            return list(self._picked(values))
        return plan.rows(values)

    def _picked(self, values: list):
        return self.queryset.filter(**{f"{self.key}__in": values})

    def _plan(self, alias: str, values: list) -> Plan | None:
        plan = Plan.of(self._picked(values), alias)
        return plan if list(plan.params) == values else None


_MISSING = object()


class Compiled:
    """Whatever compiling makes (a Plan, SQL with its parameters), kept by
    a key that says everything it is made from, the most recently used
    first, up to ``max_entries``. The caller answers for the key: it must
    hold every input of what ``make`` builds, down to the values read from
    the database while building it (an actor's id for its slug)."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()  # runserver and threaded servers share it
        _KEEPERS.add(self)

    def get(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            kept = self._kept.get(key, _MISSING)
            if kept is not _MISSING:
                self._kept.move_to_end(key)
                return kept
        made = make()
        with self._lock:
            self._kept[key] = made
            if len(self._kept) > self.max_entries:
                self._kept.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


class CompiledPages:
    """A values_list query as Django's Paginator reads it, its count and the
    slice of each page compiled by the ORM once per database, ``key`` and
    slice, then kept in ``kept`` and run through the cursor. ``queryset``
    makes the query and is called only to compile it; ``key`` must hold
    everything it is made from, as for ``Compiled``.

    Why: the actor list made again spent a quarter of its time building
    its queryset and compiling its two statements, about two thirds of
    what SQLite took to answer them."""

    def __init__(
        self, queryset: Callable[[], object], key: Hashable, kept: Compiled, alias: str
    ) -> None:
        self._queryset = queryset
        self._key = (alias, *key)
        self._kept = kept
        self._alias = alias

    def count(self) -> int:
        """How many rows the query has (one query)."""
        plan = self._kept.get((*self._key, "count"), self._count_plan)
        rows = plan.rows()
        return rows[0][0] if rows else 0

    def __getitem__(self, bounds: slice) -> list[tuple]:
        """The rows of one page (one query): only slices, as Paginator asks."""
        if not isinstance(bounds, slice) or bounds.step is not None:
            raise TypeError("CompiledPages are read a slice at a time")
        start, stop = bounds.start or 0, bounds.stop
        plan = self._kept.get(
            (*self._key, start, stop),
            lambda: Plan.of(self._queryset()[start:stop], self._alias),
        )
        return plan.rows()

    def _count_plan(self) -> Plan:
        listed = Plan.of(self._queryset().order_by().values_list("pk"), self._alias)
        if listed.sql is None:
            return listed
        sql = f"SELECT COUNT(*) FROM ({listed.sql}) AS counted"
        return Plan(self._alias, sql, listed.params, None, {})
