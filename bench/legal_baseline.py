#!/usr/bin/env python
"""Plain-BM25 baseline on a local Vietnamese legal-retrieval set (statute articles + questions with gold).

Standalone (no Django): run from the repo root as

    .venv/bin/python bench/legal_baseline.py [--limit-articles N] [--limit-questions M] [--data DIR]

It reads ``articles.jsonl`` ({"id", "law", "title", "text"}) and ``questions.jsonl``
({"question", "relevant": [ids], optional "source"}) from ``--data`` (default ``$SOTAY_LEGAL_DATA`` or
``~/.cache/sotay/legal``). The data is never kept in the repository: it is a local stand-in for the
hidden "long legal questions over statute articles, recall@10 vs plain BM25" benchmark, assembled from
public ALQAC / Zalo files (see SOURCE.txt next to the data).

The baseline is textbook Okapi BM25: k1=1.2, b=0.75, idf = log(1 + (N - n + 0.5) / (n + 0.5)), over
lower-cased NFC syllables (regex ``\\w+``) of title + text; the question is tokenized the same way and every
distinct query term is OR-ed (each counted once). Prints recall@10 / hit@10 / MRR@10 overall and per
question source, and writes the per-question top-10 to ``--out`` (default /tmp/legal_plain_bm25.json),
so other rankers can be compared question by question.

``--limit-questions M`` keeps the first M questions; ``--limit-articles N`` keeps every gold article of the
kept questions and fills up to N with the other articles in file order.

Not a ``*_bench.py`` module on purpose: bench/legal_search_bench.py imports it and reports these figures
beside the product's in ``make bench``.
"""
from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

K1, B, TOP_K = 1.2, 0.75, 10
DEFAULT_DATA = Path(os.environ.get("SOTAY_LEGAL_DATA") or Path.home() / ".cache" / "sotay" / "legal")
DEFAULT_OUT = Path("/tmp/legal_plain_bm25.json")
TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(unicodedata.normalize("NFC", text or "").lower())


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load(data_dir: Path, limit_articles: int | None, limit_questions: int | None):
    articles = read_jsonl(data_dir / "articles.jsonl")
    questions = read_jsonl(data_dir / "questions.jsonl")
    if limit_questions:
        questions = questions[:limit_questions]
    if limit_articles and limit_articles < len(articles):
        gold = {rid for q in questions for rid in q["relevant"]}
        keep = [a for a in articles if a["id"] in gold]
        for a in articles:
            if len(keep) >= limit_articles:
                break
            if a["id"] not in gold:
                keep.append(a)
        articles = keep
    ids = {a["id"] for a in articles}
    questions = [q for q in questions if q["relevant"] and all(r in ids for r in q["relevant"])]
    return articles, questions


class PlainBM25:
    """Inverted index: term -> list of (doc index, tf); document length norms precomputed."""

    def __init__(self, docs: list[list[str]], k1: float = K1, b: float = B):
        self.n = len(docs)
        self.k1 = k1
        lengths = [len(d) for d in docs]
        avgdl = (sum(lengths) / self.n) if self.n else 0.0
        self.norm = [k1 * (1 - b + b * (dl / avgdl if avgdl else 0.0)) for dl in lengths]
        postings: dict[str, dict[int, int]] = defaultdict(dict)
        for i, doc in enumerate(docs):
            for term in doc:
                row = postings[term]
                row[i] = row.get(i, 0) + 1
        self.postings = {t: list(row.items()) for t, row in postings.items()}
        self.idf = {t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def search(self, query_terms: list[str], k: int = TOP_K) -> list[tuple[float, int]]:
        scores: dict[int, float] = defaultdict(float)
        k1p1, norm = self.k1 + 1, self.norm
        for term in dict.fromkeys(query_terms):  # distinct terms, query order
            plist = self.postings.get(term)
            if not plist:
                continue
            idf = self.idf[term]
            for doc, tf in plist:
                scores[doc] += idf * tf * k1p1 / (tf + norm[doc])
        # ties broken by corpus order (lower index first), deterministic
        return heapq.nsmallest(k, ((-s, d) for d, s in scores.items()))


def evaluate(articles: list[dict], questions: list[dict], out: Path | None = DEFAULT_OUT) -> dict:
    t0 = time.perf_counter()
    doc_tokens = [tokenize(f"{a.get('title', '')}\n{a.get('text', '')}") for a in articles]
    index = PlainBM25(doc_tokens)
    t_index = time.perf_counter() - t0
    ids = [a["id"] for a in articles]

    per_source: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    results, q_lens = [], []
    t1 = time.perf_counter()
    for q in questions:
        terms = tokenize(q["question"])
        q_lens.append(len(terms))
        hits = index.search(terms, TOP_K)
        top = [ids[d] for _, d in hits]
        gold = set(q["relevant"])
        found = [i for i, rid in enumerate(top) if rid in gold]
        recall = len(gold.intersection(top)) / len(gold)
        mrr = 1.0 / (found[0] + 1) if found else 0.0
        hit = 1.0 if found else 0.0
        for src in ("all", q.get("source") or "unknown"):
            per_source[src].append((recall, hit, mrr))
        results.append({"question": q["question"], "source": q.get("source"), "relevant": q["relevant"],
                        "top10": top, "scores": [round(-s, 4) for s, _ in hits],
                        "recall@10": round(recall, 4), "rr@10": round(mrr, 4)})
    t_search = time.perf_counter() - t1

    def mean(xs):
        return sum(xs) / len(xs) if xs else 0.0

    metrics = {src: {"n": len(rows), "recall@10": mean([r[0] for r in rows]), "hit@10": mean([r[1] for r in rows]),
                     "mrr@10": mean([r[2] for r in rows])} for src, rows in per_source.items()}
    summary = {
        "ranker": "plain BM25 (Okapi, k1=1.2, b=0.75, idf=log(1+(N-n+0.5)/(n+0.5)), NFC lower \\w+ syllables, OR)",
        "articles": len(articles), "questions": len(questions),
        "avg_question_syllables": mean(q_lens), "avg_article_syllables": mean([len(d) for d in doc_tokens]),
        "vocabulary": len(index.postings), "index_seconds": t_index, "search_seconds": t_search,
        "metrics": metrics,
    }
    if out is not None:
        out.write_text(json.dumps({**summary, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def print_summary(summary: dict, out: Path | None) -> None:
    print(f"{summary['ranker']}")
    print(f"articles {summary['articles']:,} (avg {summary['avg_article_syllables']:.0f} syllables, "
          f"vocab {summary['vocabulary']:,}) | questions {summary['questions']:,} "
          f"(avg {summary['avg_question_syllables']:.1f} syllables)")
    print(f"index {summary['index_seconds']:.2f}s, search {summary['search_seconds']:.2f}s")
    print(f"{'subset':<10} {'n':>6} {'recall@10':>10} {'hit@10':>8} {'MRR@10':>8}")
    order = ["all"] + sorted(k for k in summary["metrics"] if k != "all")
    for src in order:
        m = summary["metrics"][src]
        print(f"{src:<10} {m['n']:>6} {m['recall@10']:>10.4f} {m['hit@10']:>8.4f} {m['mrr@10']:>8.4f}")
    if out is not None:
        print(f"per-question top-10 -> {out}")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"dataset directory (default {DEFAULT_DATA})")
    p.add_argument("--limit-articles", type=int, default=None)
    p.add_argument("--limit-questions", type=int, default=None)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"per-question JSON (default {DEFAULT_OUT})")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (args.data / "articles.jsonl").exists() or not (args.data / "questions.jsonl").exists():
        print(f"no dataset in {args.data} (expected articles.jsonl and questions.jsonl)", file=sys.stderr)
        return 2
    articles, questions = load(args.data, args.limit_articles, args.limit_questions)
    summary = evaluate(articles, questions, args.out)
    print_summary(summary, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
