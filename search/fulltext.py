"""The database full-text index beside :class:`search.models.SearchEntry`, one implementation per vendor.

* **SQLite**: one FTS5 table (title, meta, body; each original and folded) with *external content* (the
  text table), so the text is stored once and FTS5 keeps only its inverted index. One table, because
  matching, counting and faceting then need a single index scan (three per-field tables cost a UNION of
  tens of thousands of ids per query at 20,000 documents). ``bm25()`` normalises by the whole row's length,
  so the database backend re-ranks its top candidates with a per-field title score (backends/database.py).
  Syllable bigrams are stored as single tokens (``sinh_hoat``) in their own columns, so a phrase signal
  costs one doclist lookup. (``detail=column`` would make the index smaller but ``bm25()`` then
  re-tokenizes every matching document to count terms: measured 5–8× slower.) The tokenizer keeps diacritics
  (``remove_diacritics 0``); folded columns are folded in Python beforehand, and ``_`` is a token character
  so number keys (``nk_10_ct_tw``) stay one token.
* **PostgreSQL**: a postings table (term, entry, weighted tf, length) that the engine sums BM25F over
  (search/postings.py), built in Python from the same syllables, so tokens are identical to the
  other engines whatever the server's locale.

Everything here is raw SQL behind a vendor check; the rest of the app speaks through these functions.
"""
from __future__ import annotations

from django.db import connection as default_connection

from search import postings
from search.models import SearchText

ENTRY_TABLE = "portal_search_searchentry"
TEXT_TABLE = "portal_search_searchtext"
FTS_TABLE = "search_fts"
FTS_VOCAB = "search_fts_vocab"
FTS_ROW_VOCAB = "search_fts_rowvocab"
FTS_COLUMNS = ("title", "title_folded", "meta", "meta_folded", "body", "body_folded", "title_bigrams", "body_bigrams")


def vendor(connection=None) -> str:
    return (connection or default_connection).vendor


# --- schema -------------------------------------------------------------------------------------------
def create_schema(schema_editor) -> None:
    conn = schema_editor.connection
    if conn.vendor == "sqlite":
        cols = ", ".join(FTS_COLUMNS)
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, content='{TEXT_TABLE}', "
            f"content_rowid='entry_id', tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
        # Merge segments less eagerly while items stream in (measured +17 % insert speed); rebuilds end
        # with an 'optimize' anyway.
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', 16)")
        schema_editor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_VOCAB} USING fts5vocab({FTS_TABLE}, 'col')")
        schema_editor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_ROW_VOCAB} USING fts5vocab({FTS_TABLE}, 'row')")
    elif conn.vendor == "postgresql":
        postings.create_schema(schema_editor)


def drop_schema(schema_editor) -> None:
    conn = schema_editor.connection
    if conn.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_ROW_VOCAB}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_VOCAB}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif conn.vendor == "postgresql":
        postings.drop_schema(schema_editor)


# --- maintenance --------------------------------------------------------------------------------------
def _chunks(ids, size=500):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def remove(entry_ids, connection=None) -> None:
    """Forget entries in the full-text index; call *before* their rows are deleted or changed."""
    conn = connection or default_connection
    if not entry_ids:
        return
    if conn.vendor == "postgresql":
        postings.remove(entry_ids, conn)
        return
    if conn.vendor != "sqlite":
        return
    cols = ", ".join(FTS_COLUMNS)
    with conn.cursor() as cur:
        for chunk in _chunks(entry_ids):
            marks = ",".join(["%s"] * len(chunk))
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) "
                        f"SELECT 'delete', entry_id, {cols} FROM {TEXT_TABLE} WHERE entry_id IN ({marks})", chunk)


def add(entries, connection=None) -> None:
    """Index entries already written to the entry table (objects with ``pk`` and the text attributes)."""
    conn = connection or default_connection
    if not entries:
        return
    if conn.vendor == "sqlite":
        cols = ", ".join(FTS_COLUMNS)
        with conn.cursor() as cur:
            for chunk in _chunks([e.pk for e in entries]):
                marks = ",".join(["%s"] * len(chunk))
                cur.execute(f"INSERT INTO {FTS_TABLE}(rowid, {cols}) SELECT entry_id, {cols} FROM {TEXT_TABLE} "
                            f"WHERE entry_id IN ({marks})", chunk)
    elif conn.vendor == "postgresql":
        postings.add(entries, conn)


def rebuild(connection=None) -> None:
    """Recompute the whole full-text index from the entry table (``search_index rebuild``)."""
    conn = connection or default_connection
    if conn.vendor == "sqlite":
        with conn.cursor() as cur:
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    elif conn.vendor == "postgresql":
        clear(conn)
        qs = SearchText.objects.all()
        batch = []
        for entry in qs.iterator(chunk_size=1000):
            batch.append(entry)
            if len(batch) >= 1000:
                add(batch, conn)
                batch = []
        add(batch, conn)


def clear(connection=None) -> None:
    """Empty the full-text index (even of rows whose entries were deleted behind its back)."""
    conn = connection or default_connection
    if conn.vendor == "sqlite":
        with conn.cursor() as cur:
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    elif conn.vendor == "postgresql":
        postings.clear(conn)


def optimize(connection=None) -> None:
    conn = connection or default_connection
    if conn.vendor == "sqlite":
        with conn.cursor() as cur:
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    elif conn.vendor == "postgresql":
        postings.optimize(conn)


def indexed_count(connection=None) -> int | None:
    """Rows the full-text index knows about (for ``search_index status``)."""
    conn = connection or default_connection
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            # The docsize shadow table has one row per indexed document.
            cur.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}_docsize")
        elif conn.vendor == "postgresql":
            cur.execute("SELECT COUNT(*) FROM search_doclen")
        else:
            return None
        return cur.fetchone()[0]
