"""Search tables: one flat entry per searchable object, its grants and topics, and the outbox.

Why our own tables instead of Wagtail's search index:

* **Privacy inside the query.** Each entry carries its visibility and *grant keys*
  (``organizations.access.item_grant_keys`` / ``meeting_grant_keys``); the engine filters on them, so counts,
  facets and snippets never see a denied entry.
* **Speed at 100,000 rows.** Everything a result line or a facet needs (title, symbol, kind, issuer, year,
  url parts) is denormalised here, so a page of results is one query whichever engine ranked it.
* **Vietnamese folding done once.** ``*_folded`` columns hold Python-folded syllables beside the originals
  (see vntext/text.py); the database full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL, created
  by migration 0001 behind a vendor check) and Elasticsearch are both fed from these rows.
* **Nothing lost.** Every change also appends an :class:`OutboxEntry` in the same transaction;
  ``search_index sync`` pushes them to Elasticsearch and deletes them only once the node accepted them.
"""
from django.db import models


class Source(models.TextChoices):
    ITEM = "item", "Library item"
    MEETING = "meeting", "Meeting"


class EntryVisibility(models.TextChoices):
    PUBLIC = "public", "public"
    INTERNAL = "internal", "internal (logged-in users)"
    GRANTS = "grants", "only holders of a grant key"


MEETING_KIND = "meeting"
REPLACED = "duoc_thay_the"  # validity value of an entry that a live library item replaces


class SearchEntry(models.Model):
    """One searchable object (a live library item or a meeting), flattened for the engines."""
    source = models.CharField(max_length=8, choices=Source.choices)
    object_id = models.BigIntegerField()
    item_type = models.CharField(max_length=20)            # document / study_guide / session_pack / meeting
    kind = models.CharField(max_length=12, db_index=True)  # type code (CT, NQ, …) or "meeting"
    symbol = models.CharField(max_length=120, blank=True)
    number = models.CharField(max_length=20, blank=True)
    number_key = models.CharField(max_length=140, blank=True, db_index=True)
    issuer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    issuer_name = models.CharField(max_length=255, blank=True)
    cell_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    issued_on = models.DateField(null=True, blank=True)
    year = models.SmallIntegerField(null=True, blank=True, db_index=True)
    visibility = models.CharField(max_length=8, choices=EntryVisibility.choices, db_index=True)
    # Validity as search shows and filters it: the item's status code (library.models.Validity), or REPLACED
    # when a live item replaces it; "" for meetings. ``superseded`` (replaced or expired) ranks it lower.
    validity = models.CharField(max_length=30, blank=True, default="")
    superseded = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Last on purpose: rows stay narrow and the columns that filters and facets read come first.
    title = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="uniq_search_entry")]
        indexes = [models.Index(fields=["kind", "number"], name="search_kind_number")]

    def __str__(self):
        return f"{self.source}:{self.object_id} {self.title[:60]}"

    @property
    def doc_id(self) -> str:
        """Id of the Elasticsearch document: stable across rebuilds ("item-12", "meeting-3")."""
        return f"{self.source}-{self.object_id}"


class SearchText(models.Model):
    """The texts of an entry, original and folded, kept apart so the entry table stays narrow.

    Counting and faceting scan entries by the thousand; with 10 kB bodies in the same rows SQLite would
    walk overflow pages for every one. This table is also the external content of the FTS5 index.
    """

    entry = models.OneToOneField(SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="text")
    title = models.TextField()
    title_folded = models.TextField()
    meta = models.TextField(blank=True)          # symbol, kind name, issuer, topics, cell: short labels
    meta_folded = models.TextField(blank=True)   # + number keys as single tokens (nk_…, kn_…)
    body = models.TextField(blank=True)          # plain text (summary, full text, sections; conclusion)
    body_folded = models.TextField(blank=True)
    # Folded syllable bigrams as single tokens ("sinh_hoat hoat_chuyen …"): a phrase signal that costs one
    # doclist lookup, where an FTS5 phrase query would intersect position lists of two common syllables.
    title_bigrams = models.TextField(blank=True)
    body_bigrams = models.TextField(blank=True)


class SearchGrant(models.Model):
    """A grant key of an entry with visibility "grants" (indexed by key for the privacy filter)."""
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="grants", db_index=False)
    key = models.CharField(max_length=24)

    class Meta:
        indexes = [models.Index(fields=["entry", "key"], name="search_grant_entry_key")]


class SearchTopic(models.Model):
    """A topic of an entry (for the topic facet and filter)."""
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="topics", db_index=False)
    topic_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["entry", "topic_id"], name="search_topic_entry"),
            models.Index(fields=["topic_id", "entry"], name="search_topic_topic"),
        ]


class OutboxEntry(models.Model):
    """A change not yet pushed to Elasticsearch. The entry table says what to push (or delete)."""
    source = models.CharField(max_length=8, choices=Source.choices)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"outbox {self.source}:{self.object_id}"
