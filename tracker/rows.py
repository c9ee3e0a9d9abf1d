"""Queries that differ only in a list of values, compiled once."""

from __future__ import annotations

import weakref

from django.db import connections, router


class RowsByKey:
    """A values_list query over the rows whose ``key`` (a column: the
    primary key, a foreign key, a slug) is one of some values, compiled by
    the ORM once per database connection and number of values, then run
    through the cursor with each new list of values, its rows converted as
    the ORM converts them.

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
        # connection -> {number of values: (sql, compiler, converters) or None}
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, values: list) -> list[tuple]:
        """The rows whose key is one of ``values`` (repeats read once)."""
        values = list(dict.fromkeys(values))
        if not values:
            return []
        database = connections[router.db_for_read(self.queryset.model)]
        plans = self._plans.setdefault(database, {})
        if len(values) not in plans and len(values) < self.MAX_PLANNED_VALUES:
            plans[len(values)] = self._plan(database, values)
        plan = plans.get(len(values))
        if plan is None:
            return list(self._picked(values))
        sql, compiler, converters = plan
        with database.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(row) for row in rows]

    def _picked(self, values: list):
        return self.queryset.filter(**{f"{self.key}__in": values})

    def _plan(self, database, values: list) -> tuple | None:
        compiler = self._picked(values).query.get_compiler(connection=database)
        sql, params = compiler.as_sql()
        if list(params) != values:
            return None
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return sql, compiler, compiler.get_converters(fields)
