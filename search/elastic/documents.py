"""The Elasticsearch document of a search entry (a library item or a meeting).

Built from :class:`search.models.SearchEntry` rather than from the models themselves: the entry table is
the single flattened source for both engines, so what the database backend and Elasticsearch index can
never drift apart. Text is stored folded beside the original; grants and visibility travel with the
document so the privacy filter runs inside the query. Bodies are indexed but left out of ``_source``
(snippets come from the database).
"""
from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Long, Text

from search.elastic.analyzers import vn_bigram, vn_text


def _text_with_bigrams():
    return Text(analyzer=vn_text, fields={"bi": Text(analyzer=vn_bigram, search_analyzer=vn_text)})


class EntryDocument(Document):
    source = Keyword()
    object_id = Long()
    item_type = Keyword()
    kind = Keyword()
    symbol = Keyword()
    number = Keyword()
    number_key = Keyword()
    title = Text(analyzer=vn_text)
    title_folded = _text_with_bigrams()
    meta = Text(analyzer=vn_text)
    meta_folded = Text(analyzer=vn_text)
    body = Text(analyzer=vn_text)
    body_folded = _text_with_bigrams()
    issuer_id = Long()
    issuer_name = Keyword(index=False)
    cell_id = Long()
    issued_on = Date()
    year = Integer()
    topics = Long(multi=True)
    visibility = Keyword()
    grants = Keyword(multi=True)
    validity = Keyword()
    superseded = Boolean()

    class Index:
        name = "sotay-entries"  # replaced by search.elastic.alias_name() at run time
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}

    SOURCE_EXCLUDES = ("body", "body_folded", "meta", "meta_folded", "title_folded")

    @classmethod
    def index_body(cls) -> dict:
        """Settings + mappings for a new physical index (``_source`` without the long texts)."""
        body = cls._index.to_dict()
        body.setdefault("mappings", {})["_source"] = {"excludes": list(cls.SOURCE_EXCLUDES)}
        return body

    @classmethod
    def prepare(cls, entry, grants=None, topics=None, text=None) -> dict:
        """The document body for ``entry`` (its texts, grants and topic ids passed in, or read from relations)."""
        text = text if text is not None else entry.text
        if grants is None:
            grants = [g.key for g in entry.grants.all()]
        if topics is None:
            topics = [t.topic_id for t in entry.topics.all()]
        return {
            "source": entry.source,
            "object_id": entry.object_id,
            "item_type": entry.item_type,
            "kind": entry.kind,
            "symbol": entry.symbol,
            "number": entry.number,
            "number_key": entry.number_key,
            "title": entry.title,
            "title_folded": text.title_folded,
            "meta": text.meta,
            "meta_folded": text.meta_folded,
            "body": text.body,
            "body_folded": text.body_folded,
            "issuer_id": entry.issuer_id,
            "issuer_name": entry.issuer_name,
            "cell_id": entry.cell_id,
            "issued_on": entry.issued_on.isoformat() if entry.issued_on else None,
            "year": entry.year,
            "topics": sorted(topics),
            "visibility": entry.visibility,
            "grants": sorted(grants),
            "validity": entry.validity,
            "superseded": entry.superseded,
        }

    @staticmethod
    def doc_id(source: str, object_id) -> str:
        return f"{source}-{object_id}"
