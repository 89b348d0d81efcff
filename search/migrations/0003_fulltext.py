"""The database full-text index (FTS5 table on SQLite, tsvector columns + GIN on PostgreSQL).

Vendor-specific DDL lives in search/fulltext.py; on other databases this migration does nothing.
"""
from django.db import migrations


def forwards(apps, schema_editor):
    from search.fulltext import create_schema

    create_schema(schema_editor)


def backwards(apps, schema_editor):
    from search.fulltext import drop_schema

    drop_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_searchtext")]

    operations = [migrations.RunPython(forwards, backwards)]
