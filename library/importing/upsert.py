"""Insert or update, then diff: how a batch of rows with an identity is written (library items here, meetings
in ``topics.importing``).

A row whose identity is not stored yet is built and bulk-created (*created*); a stored one gets only the
fields whose value differs, in one ``bulk_update`` for the batch (*updated*), or nothing at all
(*unchanged*: a re-import writes nothing). Child rows (topics, relations, materials…) are compared by the
caller afterwards; :func:`settle` turns an unchanged row whose children changed into *updated* and counts
every row. Rows carry ``obj`` and ``status`` attributes, set here.
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Iterable

from django.db import connection, models

from importkit import CREATED, UNCHANGED, UPDATED


def set_changed(obj, values: dict, names: Iterable[str] | None = None,
                same: Callable[[str, object, object], bool] | None = None) -> list[str]:
    """Copy onto ``obj`` the values that differ from what it holds; return the names of those fields."""
    names = values if names is None else names
    if same is None:
        changed = [f for f in names if getattr(obj, f) != values[f]]
    else:
        changed = [f for f in names if not same(f, getattr(obj, f), values[f])]
    for f in changed:
        setattr(obj, f, values[f])
    return changed


def upsert(model, rows: list, existing: dict, *, key: Callable, build: Callable, update: Callable) -> None:
    """Write ``rows`` against ``existing`` (identity → stored object).

    ``build(row)`` returns a new unsaved object; ``update(row, obj)`` copies the row's changes onto ``obj``
    (see :func:`set_changed`, plus the stamps that go with a change) and returns the fields to write, empty
    when nothing changed.
    """
    to_create, to_update, write = [], [], set()
    for row in rows:
        obj = existing.get(key(row))
        if obj is None:
            row.obj, row.status = build(row), CREATED
            to_create.append(row.obj)
            continue
        fields = update(row, obj)
        row.obj, row.status = obj, UPDATED if fields else UNCHANGED
        if fields:
            to_update.append(obj)
            write.update(fields)
    if to_create:
        insert_returning(model, to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(write))


# Field classes whose database value *is* the Python value when it already has the type listed: the value is
# written as it is, without the field's pre_save / get_db_prep_save chain (about a microsecond each, per column
# and per row, most of the time Django's bulk_create spends on a 35-column meeting). Anything else — dates,
# JSON, a value of another type — goes through the field as in bulk_create.
_PLAIN = {models.CharField: str, models.TextField: str, models.BooleanField: bool, models.IntegerField: int,
          models.PositiveIntegerField: int, models.PositiveSmallIntegerField: int, models.SmallIntegerField: int,
          models.BigIntegerField: int}


def _column_readers(columns: list) -> list[Callable]:
    """One function per column returning the value to write for an object (see ``_PLAIN``)."""
    def through_field(f):
        return lambda obj: f.get_db_prep_save(f.pre_save(obj, True), connection)

    def plain(f, kind):
        name, full = f.attname, through_field(f)

        def read(obj):
            value = obj.__dict__.get(name)
            return value if value is None or type(value) is kind else full(obj)
        return read

    readers = []
    for f in columns:
        kind = _PLAIN.get(type(f))
        if kind is None and isinstance(f, models.ForeignKey) and isinstance(f.target_field, models.AutoField):
            kind = int
        readers.append(plain(f, kind) if kind is not None else through_field(f))
    return readers


def _insert_columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _values(columns: list, objs: list) -> list[tuple]:
    readers = _column_readers(columns)
    return [tuple(read(obj) for read in readers) for obj in objs]


def insert_rows(model, objs: list) -> None:
    """INSERT new rows of ``model`` with one ``executemany``: for rows nobody reads back (history, child rows).
    Values are prepared as in ``bulk_create`` (see ``_PLAIN`` for the plain ones); no signals are sent (as with
    ``bulk_create``) and the objects get no primary key."""
    if not objs:
        return
    columns = _insert_columns(model)
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cur:
        cur.executemany(sql, _values(columns, objs))


def _max_parameters() -> int:
    """How many ``%s`` one statement may carry: SQLite's own limit (Django assumes the old 999), PostgreSQL's
    65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def insert_returning(model, objs: list) -> None:
    """INSERT new rows of ``model`` in multi-row statements ``… RETURNING id`` and give each object its primary
    key, as ``bulk_create`` does on SQLite ≥ 3.35 and PostgreSQL (and relying, like it, on the rows coming back
    in the order they were listed), with values prepared once per column kind (``_PLAIN``). No signals."""
    columns = _insert_columns(model)
    quote = connection.ops.quote_name
    pk = model._meta.pk
    head = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) VALUES ")
    one = f"({', '.join(['%s'] * len(columns))})"
    per_statement = max(1, _max_parameters() // len(columns))
    values = _values(columns, objs)
    with connection.cursor() as cur:
        for start in range(0, len(objs), per_statement):
            batch = values[start:start + per_statement]
            cur.execute(f"{head}{', '.join([one] * len(batch))} RETURNING {quote(pk.column)}",
                        [v for row in batch for v in row])
            for obj, (key,) in zip(objs[start:start + per_statement], cur.fetchall()):
                setattr(obj, pk.attname, key)
                obj._state.adding, obj._state.db = False, connection.alias


def settle(rows: list, touched: set[int], counts: dict, kind: Callable) -> set[int]:
    """After the children: a row whose children changed (``touched`` object ids) is updated; every row is
    counted under ``kind(row)``. Returns the ids of the objects that changed."""
    changed = set()
    for row in rows:
        if row.status == UNCHANGED and row.obj.pk in touched:
            row.status = UPDATED
        counts[kind(row)].bump(row.status)
        if row.status != UNCHANGED:
            changed.add(row.obj.pk)
    return changed
