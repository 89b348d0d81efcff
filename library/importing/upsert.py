"""Insert or update, then diff: how a batch of rows with an identity is written (library items here, meetings
in ``topics.importing``).

A row whose identity is not stored yet is built and bulk-created (*created*); a stored one gets only the
fields whose value differs, in one ``bulk_update`` for the batch (*updated*), or nothing at all
(*unchanged*: a re-import writes nothing). Child rows (topics, relations, materials…) are compared by the
caller afterwards; :func:`settle` turns an unchanged row whose children changed into *updated* and counts
every row. Rows carry ``obj`` and ``status`` attributes, set here.
"""
from __future__ import annotations

from typing import Callable, Iterable

from django.db import connection

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
        model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(write))


def insert_rows(model, objs: list) -> None:
    """INSERT new rows of ``model`` with one ``executemany``: for rows nobody reads back (history, child rows),
    where Django's ``bulk_create`` spent more time preparing each field than the database spent writing.
    Values go through each field's ``pre_save`` / ``get_db_prep_save`` as in ``bulk_create``; no signals are
    sent (as with ``bulk_create``) and the objects get no primary key."""
    if not objs:
        return
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    rows = [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in columns) for obj in objs]
    with connection.cursor() as cur:
        cur.executemany(sql, rows)


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
