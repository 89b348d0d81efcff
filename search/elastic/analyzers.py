"""Elasticsearch analyzers, limited to what the test distribution has (docs/SEARCH-FACTS.md).

No asciifolding, ICU or language analyzers exist on the node, so folding happens in Python
(vntext/text.py) and the node only splits and lower-cases:

* ``vn_text``: standard tokenizer + lowercase, for original and folded fields;
* ``vn_bigram``: the same plus a 2–2 shingle without unigrams (tokens ``sinh_hoat``), the phrase signal.
  At query time the bigram field is searched with ``vn_text``: the query side sends ready-made bigrams
  ("sinh_hoat hoat_chuyen"), which the standard tokenizer keeps whole, so the bigrams that skip stop
  words are chosen in Python exactly as on the database backend.
"""
from elasticsearch_dsl import analyzer, token_filter

bigram_filter = token_filter("vn_shingle", "shingle", min_shingle_size=2, max_shingle_size=2,
                             output_unigrams=False, token_separator="_")

vn_text = analyzer("vn_text", tokenizer="standard", filter=["lowercase"])
vn_bigram = analyzer("vn_bigram", tokenizer="standard", filter=["lowercase", bigram_filter])
