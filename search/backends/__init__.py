"""The database search backends (SQLite FTS5, PostgreSQL BM25F postings); Elasticsearch's is search/elastic/."""
from django.db import connection

from search.backends.database import DatabaseBackend, SqliteBackend
from search.backends.postgres import PostgresBackend


def database_backend() -> DatabaseBackend:
    """The database backend for the connection's vendor."""
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
