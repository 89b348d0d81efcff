"""Validity on search entries, and the PostgreSQL postings index in place of the tsvector columns.

* ``validity`` / ``superseded``: filled here for the entries already indexed (the item's status, or
  "duoc_thay_the" when a live item replaces it), so results and the validity facet are right at once.
* PostgreSQL: the ``tsv_folded``/``tsv_orig`` columns and their GIN index give way to ``search_posting``
  and ``search_doclen`` (search/postings.py), built here from the stored texts. SQLite: nothing.
"""
from django.db import migrations, models


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    entry = "portal_search_searchentry"
    with conn.cursor() as cur:
        cur.execute(f"UPDATE {entry} SET validity = COALESCE((SELECT i.validity FROM library_libraryitem i "
                    f"WHERE i.id = {entry}.object_id), '') WHERE source = 'item'")
        cur.execute(f"UPDATE {entry} SET superseded = (validity = 'het_hieu_luc') WHERE source = 'item'")
        cur.execute(f"UPDATE {entry} SET validity = 'duoc_thay_the', superseded = %s WHERE source = 'item' AND "
                    f"EXISTS (SELECT 1 FROM library_relation r JOIN library_libraryitem s ON s.id = r.source_id "
                    f"WHERE r.target_id = {entry}.object_id AND r.relation_type = 'replaces' AND s.live = %s)",
                    [True, True])
    if conn.vendor == "postgresql":
        from search import fulltext, postings

        schema_editor.execute("DROP INDEX IF EXISTS search_text_tsv_folded")
        schema_editor.execute("ALTER TABLE portal_search_searchtext DROP COLUMN IF EXISTS tsv_folded, "
                              "DROP COLUMN IF EXISTS tsv_orig")
        postings.create_schema(schema_editor)
        fulltext.rebuild(conn)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search import postings

        postings.drop_schema(schema_editor)  # the tsvector index of 0003 is not restored: rebuild the index


class Migration(migrations.Migration):

    dependencies = [
        ('portal_search', '0003_fulltext'),
        ('library', '0003_citation_suggestions_and_fingerprints'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='superseded',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='searchentry',
            name='validity',
            field=models.CharField(blank=True, default='', max_length=30),
        ),
        migrations.RunPython(forwards, backwards),
    ]
