"""Queries that differ only in a list of values, compiled once."""

from __future__ import annotations

from django.db import connections, router


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
        # (database alias, number of values) -> (sql, compiler, converters),
        # or None for a query that cannot be planned
        self._plans: dict[tuple[str, int], tuple | None] = {}

    def rows(self, values: list) -> list[tuple]:
        """The rows whose key is one of ``values`` (repeats read once)."""
        values = list(dict.fromkeys(values))
        if not values:
            return []
        alias = router.db_for_read(self.queryset.model)
        database = connections[alias]
        key = (alias, len(values))
        if key not in self._plans and len(values) < self.MAX_PLANNED_VALUES:
            self._plans[key] = self._plan(database, values)
        plan = self._plans.get(key)
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
