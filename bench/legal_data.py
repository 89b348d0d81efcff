#!/usr/bin/env python
"""Rebuild the local legal-question data (``~/.cache/sotay/legal/``) from public GitHub repositories.

The legal benchmark (bench/legal_search_bench.py, bench/legal_baseline.py) needs ``articles.jsonl``
({"id", "law", "title", "text"}) and ``questions.jsonl`` ({"question", "relevant": [ids], "source"}). The
data is never committed: this script re-assembles it from public ALQAC 2022–2025 and Zalo AI 2021 files
found in a few public repositories, so anyone can rebuild the same files:

    # bring the repositories (any git clone or mirror works; a bare one is enough)
    git clone --bare https://github.com/DucLong06/ALQAC2023 /tmp/src/DucLong06+ALQAC2023
    git clone --bare https://github.com/pynterest83/ALQAC2024 /tmp/src/pynterest83+ALQAC2024
    git clone --bare https://github.com/lightanddark0/alqac25 /tmp/src/lightanddark0+alqac25
    .venv/bin/python bench/legal_data.py --sources /tmp/src [--out ~/.cache/sotay/legal]

Every input is a git **blob id** (content-addressed: the same bytes whichever commit or clone they come
from; some were deleted from the repositories' later commits, so their history is needed).

What it does:

* **Laws are de-duplicated.** The files name one law in several ways ("91/2015/QH13", "Bộ luật dân sự",
  "Bộ Luật Dân sự 2015"; Zalo writes "91/2015/qh13"): each alias maps to one canonical law, articles are
  keyed by (law, article number) and kept once (the first text met), and every question's gold articles are
  mapped through the same aliases. Duplicated articles would make both rankers lose for nothing.
* **Questions** come from ALQAC 2022 (``alqac22``), ALQAC 2023–2025 train/test files (``alqac``: statements
  to judge true/false, multiple-choice and essay questions) and Zalo AI 2021 (``zalo``: everyday questions;
  only those whose gold articles are in the laws above). A question text asked twice is kept once.
* Article ids are ``<law>#<number>`` (bench/legal_search_bench.py splits the number off).

Writes ``articles.jsonl``, ``questions.jsonl`` and ``SOURCE.txt`` (what came from where) to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

DEFAULT_OUT = Path.home() / ".cache" / "sotay" / "legal"
DEFAULT_SOURCES = Path("/work/.mirror")

# (repository, blob, role, description)
BLOBS = [
    ("DucLong06/ALQAC2023", "5eef10b5345ccf357a16320c575ef52df61930ac", "laws",
     "ALQAC 2022 law.json (4 codes and laws)"),
    ("DucLong06/ALQAC2023", "5061617372ec4f81d24ab5ec4c286eaeab36b750", "laws", "ALQAC 2023 law.json (17 laws)"),
    ("DucLong06/ALQAC2023", "0b9c84268cffcd03e9e55d341a7148b57701b3be", "laws",
     "ALQAC 2023 legal_passages.json (18 laws, 4 not in law.json)"),
    ("DucLong06/ALQAC2023", "2b5882e92a1aad1a7379878c26d0be436e85a932", "alqac22", "ALQAC 2022 question.json"),
    ("DucLong06/ALQAC2023", "606d97c3145898e0574d0520260d52282614babc", "alqac", "ALQAC 2023 train.json"),
    ("DucLong06/ALQAC2023", "2df6677b4edca3fe21b100f85d9a04ccc7fbafd2", "alqac", "ALQAC 2023 private_test.json"),
    ("DucLong06/ALQAC2023", "5bc7ebcf6914100585e748beaded93be63965cef", "alqac", "ALQAC 2023 train.json (Oct. 2023)"),
    ("pynterest83/ALQAC2024", "d0b496d585d2ee6788c403eb6486594eebb6b3f0", "alqac", "ALQAC 2024 train.json"),
    ("pynterest83/ALQAC2024", "69df294b6a64b22cb796f3e2986408fa1206b192", "alqac", "ALQAC 2024 verified dev"),
    ("pynterest83/ALQAC2024", "5f4bf6537ef6e06727a348298a7cde800a3d390f", "alqac", "ALQAC 2024 verified test"),
    ("lightanddark0/alqac25", "0943d3863c1775a60cba359eb632cc830c35d04b", "alqac", "ALQAC 2025 train.json"),
    ("lightanddark0/alqac25", "2728c315242f4a8ba3c53f5ed415aaea04630b2f", "zalo",
     "Zalo AI 2021 legal retrieval questions (as shipped with ALQAC)"),
]

# Law numbers used as names by some files → the name the others use.
NUMBER_ALIASES = {
    "91/2015/qh13": "bộ luật dân sự",
    "24/2018/qh14": "luật an ninh mạng",
    "45/2019/qh14": "bộ luật lao động",
    "01/vbhn-vpqh": "bộ luật hình sự",
}
DISPLAY = {  # canonical key → a readable name (some files only number the law)
    "bộ luật dân sự": "Bộ luật Dân sự",
    "luật an ninh mạng": "Luật An ninh mạng",
    "bộ luật lao động": "Bộ luật Lao động",
    "bộ luật hình sự": "Bộ luật Hình sự",
}


def law_key(name: str) -> str:
    """"Bộ Luật Dân sự 2015" / "Bộ luật dân sự" / "91/2015/QH13" → "bộ luật dân sự"."""
    key = unicodedata.normalize("NFC", name or "").strip().lower()
    key = NUMBER_ALIASES.get(key, key)
    return re.sub(r"\s+\d{4}$", "", key)


def read_blob(sources: Path, repo: str, blob: str):
    git_dir = next((p for p in (sources / repo.replace("/", "+") / "repo", sources / repo.replace("/", "+"),
                                sources / repo.split("/")[1]) if p.exists()), None)
    if git_dir is None:
        raise SystemExit(f"missing clone of {repo} under {sources} (see the module docstring)")
    data = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "-p", blob], check=True,
                          capture_output=True).stdout
    return json.loads(data.decode("utf-8"))


def build(sources: Path):
    laws: dict[str, dict] = {}    # key → {"name", "articles": {number: text}}
    questions, seen_q, skipped = [], set(), {}
    provenance = []
    for repo, blob, role, what in BLOBS:
        data = read_blob(sources, repo, blob)
        provenance.append(f"{repo} blob {blob}: {what}")
        if role == "laws":
            for law in data:
                key = law_key(law["id"])
                entry = laws.setdefault(key, {"name": DISPLAY.get(key) or re.sub(r"\s+\d{4}$", "", law["id"]),
                                              "articles": {}})
                for i, art in enumerate(law["articles"]):
                    number = str(art.get("id") or i + 1).strip()
                    entry["articles"].setdefault(number, (art.get("text") or "").strip())
            continue
        for q in data:
            text = unicodedata.normalize("NFC", (q.get("text") or q.get("statement") or q.get("question") or "")).strip()
            gold_refs = q.get("relevant_articles") or q.get("legal_passages") or []
            gold = []
            for ref in gold_refs:
                key, number = law_key(ref["law_id"]), str(ref["article_id"]).strip()
                if key in laws and number in laws[key]["articles"]:
                    gold.append(f"{laws[key]['name']}#{number}")
                else:
                    gold = []
                    break
            if not text or not gold:
                skipped[role] = skipped.get(role, 0) + 1
                continue
            if text in seen_q:
                continue
            seen_q.add(text)
            questions.append({"question": text, "relevant": sorted(set(gold)), "source": role})
    articles = [{"id": f"{law['name']}#{number}", "law": law["name"], "title": "", "text": text}
                for law in laws.values() for number, text in law["articles"].items() if text]
    ids = {a["id"] for a in articles}
    questions = [q for q in questions if all(g in ids for g in q["relevant"])]
    return articles, questions, provenance, skipped, laws


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                   help="directory holding the clones (<owner>+<name>[/repo] or <name>)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = p.parse_args(argv)
    articles, questions, provenance, skipped, laws = build(args.sources)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    with (args.out / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    by_source: dict[str, int] = {}
    for q in questions:
        by_source[q["source"]] = by_source.get(q["source"], 0) + 1
    summary = (f"{len(articles):,} articles of {len(laws)} laws; {len(questions):,} questions "
               f"({', '.join(f'{k} {v}' for k, v in sorted(by_source.items()))}); questions without gold in "
               f"these laws skipped: {skipped}")
    (args.out / "SOURCE.txt").write_text("Built by bench/legal_data.py from:\n" + "\n".join(provenance) + "\n\n"
                                         + summary + "\n", encoding="utf-8")
    print(summary)
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
