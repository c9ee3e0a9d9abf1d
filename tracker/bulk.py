"""Bulk inserts for seeding: what ``QuerySet.bulk_create`` and
simple_history's ``bulk_create_with_history`` write, built with less work.

``bulk_create`` compiles every value on its own (is it an expression? which
placeholder?), and the history helper builds a model instance per record
first: for a seeded article's claims, their history and their appearances
that cost about as much as all our extraction rules. Seeding only ever
inserts plain values into new rows, so here each value is prepared by its
field and the statement is built once per batch: the same rows, the same
ids back (read with RETURNING on SQLite, as ``bulk_create`` does; drawn
from the table's sequence on PostgreSQL, where the rows go by COPY).

Not for objects with expressions as values or for models whose fields the
database fills in (``db_default``, generated fields): use ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.utils import timezone


def refresh_statistics(*, thorough: bool = False) -> None:
    """Tell the query planner what bulk inserts added.

    ``thorough``: ANALYZE every table now, as after generating data at
    scale (2-12 s for a million claims on SQLite, 3 s on PostgreSQL).
    Otherwise, on SQLite, the ``PRAGMA optimize`` its authors ask
    applications to run before closing a connection: it analyzes only the
    tables whose statistics this connection's queries found missing or
    stale. Without statistics SQLite learns whether a search's match is
    public from the claim's row rather than the ``claim_status_by_id``
    index: 16.0 ms rather than 9.2 ms to count 10,001 matches. PostgreSQL's
    autovacuum analyzes tables as they grow, so only a thorough refresh
    runs anything there."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        statement = "ANALYZE" if thorough else "PRAGMA optimize"
    elif thorough:
        statement = "ANALYZE"
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(statement)


def insert(model: type[Model], objects: list[Model]) -> None:
    """INSERT new, unsaved ``objects`` and give each its primary key."""
    if not objects:
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    for obj in objects:
        # as bulk_create does: a related object saved since it was assigned
        # (a claim of this batch, for its appearance) lends its new key
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    rows = [[field.pre_save(obj, True) for field in fields] for obj in objects]
    for obj, pk in zip(objects, _insert_rows(model, fields, rows), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS


def insert_history(model: type[Model], objects: list[Model]) -> None:
    """Each inserted object's first history record ("+"), as simple_history
    writes it: the tracked fields' values, now, and the user of the request
    in progress (an editor pasting an article), if any."""
    if not objects or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    user = history.get_default_history_user(objects[0])
    extra = {
        "history_date": timezone.now(),
        "history_type": "+",
        "history_change_reason": None,
        "history_user_id": user.pk if user is not None else None,
    }
    fields = [field for field in history._meta.concrete_fields if field is not history._meta.pk]
    tracked = {field.attname for field in history.tracked_fields}
    rows = [
        [
            getattr(obj, field.attname) if field.attname in tracked else extra[field.attname]
            for field in fields
        ]
        for obj in objects
    ]
    _insert_rows(history, fields, rows)


# Fields whose database value is the Python value itself when it has this
# exact type (None too): Django's preparation would only check and return
# it (on PostgreSQL, wrap each int for psycopg, which COPY's text makes
# needless), and seeding prepares hundreds of thousands of values. A column
# with any other value (a date, a bool, a lazy string, an int given to a
# text field) is prepared by its field as usual. A foreign key goes by the
# field it points to.
_PASSED_AS_IS = {
    "CharField": str,
    "TextField": str,
    "SlugField": str,
    "IntegerField": int,
    "BigIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveSmallIntegerField": int,
    "SmallIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
}


# Types whose equal values are prepared alike; other values are prepared once
# only when the same object comes again (two equal aware datetimes may carry
# different time zones).
_PREPARED_ONCE = {dt.date, bool, type(None)}


def _passed_as_is(field) -> type | None:
    """The type whose values ``field`` stores as they are, if any."""
    if field.is_relation:
        field = field.target_field
    return _PASSED_AS_IS.get(field.get_internal_type())


def _prepared(field, values: tuple, connection) -> list:
    """One column's values for the database. A column is never half
    prepared: one value of another type and the field prepares them all, so
    that the column's values all take one road to the database."""
    kind = _passed_as_is(field)
    if kind is not None and all(value is None or type(value) is kind for value in values):
        return list(values)
    # Most such columns repeat a few values (a batch's dates, the one
    # timestamp of its history records): each is prepared once.
    prepared: dict[tuple[type, object], object] = {}
    column: list = []
    previous = object()
    for value in values:
        if value is previous:
            column.append(column[-1])
        elif type(value) in _PREPARED_ONCE:
            key = (type(value), value)
            if key not in prepared:
                prepared[key] = field.get_db_prep_save(value, connection)
            column.append(prepared[key])
        else:
            column.append(field.get_db_prep_save(value, connection))
        previous = value
    return column


def _insert_rows(model: type[Model], fields: list, rows: list[list]) -> list:
    """INSERT rows of Python values; the new primary keys, in order."""
    if not rows:
        return []
    # The connection itself, not django.db.connection: every value's
    # preparation asks it something, and the proxy costs a lookup each time.
    connection = connections[DEFAULT_DB_ALIAS]
    operations = connection.ops
    table = operations.quote_name(model._meta.db_table)
    columns = ", ".join(operations.quote_name(field.column) for field in fields)
    pk = operations.quote_name(model._meta.pk.column)
    values_by_column = [
        _prepared(field, values, connection)
        for field, values in zip(fields, zip(*rows, strict=True), strict=True)
    ]
    prepared = [list(row) for row in zip(*values_by_column, strict=True)]
    if connection.vendor == "postgresql":
        return _copy_rows(connection, table, model._meta.pk.column, columns, prepared)
    ids = []
    with connection.cursor() as cursor:
        for sql, params in _values_statements(connection, table, columns, fields, prepared):
            cursor.execute(f"{sql} RETURNING {pk}", params)
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def _values_statements(connection, table, columns, fields, rows):
    """``VALUES (...), (...)`` in statements of as many rows as the database
    takes parameters."""
    one_row = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, connection.ops.bulk_batch_size(fields, rows))
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        values = ", ".join([one_row] * len(batch))
        yield f"INSERT INTO {table} ({columns}) VALUES {values}", [v for row in batch for v in row]


def _copy_rows(connection, table: str, pk_column: str, columns: str, rows: list[list]) -> list:
    """PostgreSQL: the rows' keys drawn from the table's sequence first (one
    query), then the rows sent with COPY, the fastest way in: psycopg writes
    them in C, and the server parses no statement. Storing 600 Reuters
    stories' findings spent 0.43 s in here against 0.71 s with one array
    per column (``INSERT … SELECT * FROM UNNEST(…)``, as Django's own
    ``bulk_create`` sends rows there), whose arrays psycopg builds in
    Python. A sequence gives each number once, whatever other writers do."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, len(rows)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        # Django's cursor wrapper has no COPY: psycopg's own cursor does it.
        pk = connection.ops.quote_name(pk_column)
        with cursor.cursor.copy(f"COPY {table} ({pk}, {columns}) FROM STDIN") as copy:
            for key, row in zip(ids, rows, strict=True):
                copy.write_row([key, *row])
    return ids
