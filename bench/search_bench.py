"""Benchmark: search latency through ``/api/search/``, search-index update speed, and the peers' latency.

Targets: p95 ≤ 50 ms on SQLite at 20,000 documents; on Elasticsearch ≤ 25 ms at 20,000 and
≤ 50 ms at 100,000 (only when ``ELASTICSEARCH_URL`` is set); the database index keeps up with imports at
≥ 1,000 items/s. Requests go through Django's test client (the whole stack: URL routing, validation,
privacy filter, engine, one query for the page's rows, snippets), for anonymous visitors and a logged-in
member, over a mixed query set: keywords with and without diacritics, phrases, numbers typed sloppily, short
forms, long questions, filters.

Runs twice (bench/run.py): on a throwaway SQLite database, then on a throwaway PostgreSQL database (our
database backend on PostgreSQL at 20,000 documents). The SQLite run also measures the peers over the same
20,000 documents and the same text queries (bench/peers.py): stock Wagtail's database search (each query
stopped after 10 s) and plain BM25 in memory; then Elasticsearch at 20,000 and at 100,000 documents.
``--small`` (or the harness's ``--quick``) uses 2,000 / 5,000 documents for a fast smoke run.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

DATABASES = ("sqlite", "postgresql")
SQLITE_DOCS, ES_DOCS = 20_000, 100_000
SMALL_SQLITE_DOCS, SMALL_ES_DOCS = 2_000, 5_000
TARGET_SQLITE_P95_MS, TARGET_ES_P95_MS, TARGET_ES_SMALL_P95_MS, TARGET_INDEX_RATE = 50.0, 50.0, 25.0, 1000.0

WORDS = """tăng cường nâng cao chất lượng hiệu quả công tác lãnh đạo chỉ đạo cấp ủy tổ chức đảng thực hiện nhiệm vụ
chính trị địa phương đơn vị đổi mới nội dung phương thức sinh hoạt chi bộ trách nhiệm nêu gương cán bộ đảng viên
người đứng đầu kiểm tra giám sát kỷ luật xây dựng hệ thống trong sạch vững mạnh phát huy dân chủ cơ sở củng cố niềm
tin nhân dân triển khai quán triệt sơ kết tổng kết đánh giá kết quả giải pháp khắc phục hạn chế yếu kém chuyển đổi
số kinh tế tư nhân doanh nghiệp nhà nước tiết kiệm chống lãng phí tham nhũng tiêu cực bảo vệ nền tảng tư tưởng đấu
tranh phản bác quan điểm sai trái thù địch học tập làm theo đạo đức phong cách Hồ Chí Minh quốc phòng an ninh giáo
dục đào tạo văn hóa con người nông nghiệp nông thôn môi trường y tế đối ngoại dân vận mặt trận đoàn thể thanh niên
phụ nữ cựu chiến binh công đoàn khoa học công nghệ đổi mới sáng tạo hội nhập quốc tế cải cách hành chính thủ tục
tinh giản biên chế sắp xếp bộ máy tinh gọn hoạt động hiệu lực quy hoạch luân chuyển bồi dưỡng lý luận chuyên môn
nghiệp vụ quy chế làm việc thông báo kế hoạch chương trình hành động phân công phối hợp báo cáo định kỳ hằng năm
quý tháng tuần thời hạn hồ sơ biên bản nghị quyết kết luận hướng dẫn quy định chỉ thị""".split()
KINDS = [("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("KL", "Kết luận"), ("QĐi", "Quy định"), ("QĐ", "Quyết định"),
         ("HD", "Hướng dẫn"), ("TB", "Thông báo"), ("KH", "Kế hoạch"), ("CTr", "Chương trình")]
SUFFIXES = ["TW", "BTCTW", "TU", "ĐUK", "HU", "BTGTW"]
QUERIES = [
    "sinh hoạt chi bộ", "sinh hoat chi bo", "chuyển đổi số", "chuyen doi so", "trách nhiệm nêu gương",
    "kiểm tra giám sát kỷ luật", "tiết kiệm chống lãng phí", "bảo vệ nền tảng tư tưởng", "kinh tế tư nhân",
    "nâng cao chất lượng sinh hoạt chi bộ", "cải cách hành chính", "tinh gon bo may", "thanh niên", "quý",
    "10-CT/TW", "10 ct tw", "12 - HD/BTCTW", "1193-QD/TU", "35 nq tw", "Chỉ thị 05", "nghi quyet 35", "KL 18",
    "Hướng dẫn 12 của Trung ương", "quy định 8",
    "Đảng viên có được kinh doanh không?",
    "Chi bộ cần làm gì để nâng cao chất lượng sinh hoạt chuyên đề trong tình hình mới?",
    "Trách nhiệm của người đứng đầu cấp ủy trong công tác kiểm tra giám sát được quy định như thế nào?",
    "Doanh nghiệp nhà nước thực hành tiết kiệm chống lãng phí ra sao", "xyzzy không có từ này",
]
FILTERED = [{"q": "sinh hoạt chi bộ", "kind": "HD"}, {"q": "chuyển đổi số", "year": "2024"},
            {"q": "kiểm tra giám sát", "page": "3"}]


ONSETS = "b c ch d đ g gh gi h k kh l m n ng nh p ph qu r s t th tr v x".split()
RHYMES = "a ai am an ang anh ao au ay e em en eng i ia im in inh iu o oa oai oan oc oi om on ong u ua uan ui um un ung uy ơ ơi ư ưa ưng ươi ương".split()
TONES = {"a": "aàáảãạ", "e": "eèéẻẽẹ", "i": "iìíỉĩị", "o": "oòóỏõọ", "u": "uùúủũụ", "ơ": "ơờớởỡợ", "ư": "ưừứửữự",
         "y": "yỳýỷỹỵ"}


def _syllables(rng, n):
    """Vietnamese-looking syllables (onset + rhyme + tone), so the corpus has a realistic vocabulary size."""
    out = set()
    while len(out) < n:
        rhyme = rng.choice(RHYMES)
        pos = next((i for i, ch in enumerate(rhyme) if ch in TONES), 0)
        rhyme = rhyme[:pos] + TONES.get(rhyme[pos], rhyme[pos])[rng.randrange(6)] + rhyme[pos + 1:]
        out.add(rng.choice(ONSETS) + rhyme)
    return sorted(out)


class Vocabulary:
    """Domain words, drawn per document from a topic subset, mixed with a Zipf-distributed long tail."""

    def __init__(self, rng):
        import itertools

        self.rng = rng
        self.tail = _syllables(rng, 3000)
        weights = [1 / (r + 1) for r in range(len(self.tail))]
        self.cum = list(itertools.accumulate(weights))

    def topic(self):
        return self.rng.sample(WORDS, 40)

    def words(self, n, topic):
        import bisect

        rng, out = self.rng, []
        for _ in range(n):
            if rng.random() < 0.55:
                out.append(rng.choice(topic))
            else:
                out.append(self.tail[bisect.bisect(self.cum, rng.random() * self.cum[-1])])
        return " ".join(out)


def build_items(n, start, rng, issuers, cells, topics):
    """LibraryItem rows written in bulk (like the importer: no per-row signals)."""
    from library.models import LibraryItem, TaggedItem

    vocab = Vocabulary(rng)
    objs = []
    base = dt.date(2005, 1, 1)
    for i in range(start, start + n):
        kind, word = KINDS[i % len(KINDS)]
        number = i % 400 + 1
        suffix = SUFFIXES[i % len(SUFFIXES)]
        symbol = f"{number:02d}-{kind}/{suffix}"
        topic = vocab.topic()
        title = f"{word} về {vocab.words(rng.randint(6, 18), topic)}"
        body = "".join(f"<p>{vocab.words(rng.randint(30, 70), topic).capitalize()}.</p>"
                       for _ in range(rng.randint(3, 7)))
        vis = "public" if i % 10 < 7 else ("internal" if i % 10 < 9 else "restricted")
        item = LibraryItem(
            item_type="document", kind=kind, symbol=symbol, title=title, issuer=issuers[i % len(issuers)],
            issued_on=base + dt.timedelta(days=(i * 7) % 7300), summary=vocab.words(25, topic), body=body,
            visibility=vis, live=True, has_unpublished_changes=False)
        item.compute_identity()
        item.identity = f"bench-{i}"
        objs.append(item)
    created = LibraryItem.objects.bulk_create(objs, batch_size=1000)
    through = LibraryItem.allowed_orgs.through
    through.objects.bulk_create([through(libraryitem_id=o.pk, organization_id=cells[o.pk % len(cells)].pk)
                                 for o in created if o.visibility == "restricted"], batch_size=1000)
    TaggedItem.objects.bulk_create([TaggedItem(content_object_id=o.pk, tag_id=topics[o.pk % len(topics)].pk)
                                    for o in created], batch_size=1000)
    return [o.pk for o in created]


def index_items(ids):
    from search.indexing import mark_items_changed

    started = time.perf_counter()
    for i in range(0, len(ids), 500):
        mark_items_changed(ids[i:i + 500])
    return len(ids) / (time.perf_counter() - started)


ES_WARM_ROUNDS = 3


def measure(client_by_user, rounds=3, warm_rounds=1):
    """Timings of every query for every client, ``rounds`` times, after ``warm_rounds`` unmeasured passes.

    Elasticsearch gets more warm passes: a node that has served little compiles its query paths during its
    first few hundred requests (measured at 20,000 documents: p95 25.5 ms on the first pass of a fresh node,
    14.4 ms once warm), and a production node is warm."""
    timings = []
    for _ in range(warm_rounds):
        for client in client_by_user:
            for params in [{"q": q} for q in QUERIES] + FILTERED:
                client.get("/api/search/", params)  # warm (compiles, caches)
    for _ in range(rounds):
        for client in client_by_user:
            for params in [{"q": q} for q in QUERIES] + FILTERED:
                started = time.perf_counter()
                resp = client.get("/api/search/", params)
                timings.append((time.perf_counter() - started) * 1000)
                assert resp.status_code == 200, resp.content[:200]
    timings.sort()
    return timings, resp.json()["backend"]


def _setup_world():
    from django.test import Client

    from tests.factories import CellFactory, MembershipFactory, OrganizationFactory, TopicFactory

    issuers = [OrganizationFactory(name=n) for n in ("Ban Chấp hành Trung ương", "Ban Tổ chức Trung ương",
                                                      "Tỉnh ủy Bình Sơn", "Đảng ủy Khối cơ quan")]
    cells = [CellFactory(name=f"Chi bộ thử {i}", parent=issuers[3]) for i in range(8)]
    topics = [TopicFactory(name=n) for n in ("Sinh hoạt chi bộ", "Chuyển đổi số", "Kiểm tra, giám sát")]
    member = MembershipFactory(organization=cells[0], role="member").user
    anon, logged = Client(), Client()
    logged.force_login(member)
    return issuers, cells, topics, [anon, logged]


def peers_latency(n_docs: int) -> list[dict]:
    """Stock Wagtail and plain BM25 over the documents just built, the text queries of QUERIES."""
    from bench import peers
    from library.models import LibraryItem
    from vntext.text import strip_html

    items = list(LibraryItem.objects.filter(live=True).order_by("pk").only("title", "summary", "body", "symbol",
                                                                        "issued_on"))
    rows = []
    started = time.perf_counter()
    bm25 = peers.PlainIndex([(i.title, strip_html(f"{i.summary}\n{i.body}")) for i in items])
    built = time.perf_counter() - started
    timings = []
    for _round in range(3):
        for q in QUERIES:
            started = time.perf_counter()
            bm25.search(q)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    rows.append({"name": f"search: plain BM25 in memory, index built in {built:.1f}s ({n_docs:,} docs)",
                 "value": round(built, 1), "unit": "s", "target": None})
    rows += _latency_rows(peers.BM25, "plain BM25 (Python)", n_docs, timings)
    started = time.perf_counter()
    peers.stock_index(items)
    rate = len(items) / (time.perf_counter() - started)
    rows.append({"name": f"search: stock Wagtail bulk index ({n_docs:,} docs)", "value": round(rate, 1),
                 "unit": "items/s", "target": None, "better": "higher"})
    timings, stopped = [], 0
    for q in QUERIES:
        _found, seconds, finished = peers.stock_search(q)
        timings.append(seconds * 1000)
        stopped += not finished
    timings.sort()
    rows += _latency_rows(peers.STOCK, "stock Wagtail", n_docs, timings)
    rows.append({"name": f"search: stock Wagtail queries stopped after {peers.STOCK_TIMEOUT_S:.0f} s "
                         f"(of {len(QUERIES)}; counted as {peers.STOCK_TIMEOUT_S:.0f} s)",
                 "value": stopped, "unit": "", "target": None})
    return rows


def _latency_rows(system: str, label: str, n_docs: int, timings: list[float], target=None) -> list[dict]:
    from bench.peers import tag

    p50 = statistics.median(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return [tag({"name": f"search: p50, {label}, {n_docs:,} docs", "value": round(p50, 1), "unit": "ms",
                 "target": None}, system, "p50_ms"),
            tag({"name": f"search: p95, {label}, {n_docs:,} docs", "value": round(p95, 1), "unit": "ms",
                 "target": target}, system, "p95_ms")]


def run(args):
    from django.conf import settings
    from django.db import connection

    from bench.peers import OURS
    from search import fulltext

    small = bool(getattr(args, "quick", False)) or "--small" in (getattr(args, "extra", None) or [])
    n_sqlite = SMALL_SQLITE_DOCS if small else SQLITE_DOCS
    n_es = SMALL_ES_DOCS if small else ES_DOCS
    rng = random.Random(6)
    rows = []
    vendor = connection.vendor
    label = {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL"}[vendor]
    es_url = os.environ.get("ELASTICSEARCH_URL", "").strip() if vendor == "sqlite" else ""
    settings.ELASTICSEARCH_URL = ""  # the database backend first
    issuers, cells, topics, clients = _setup_world()

    ids = build_items(n_sqlite, 0, rng, issuers, cells, topics)
    rate = index_items(ids)
    fulltext.optimize()  # what `search_index rebuild` and a large import end with
    rows.append({"name": f"search: database index update, {label} ({n_sqlite:,} items, batches of 500)",
                 "value": round(rate, 1), "unit": "items/s", "target": TARGET_INDEX_RATE, "better": "higher"})
    timings, backend = measure(clients)
    assert backend == "database"
    rows += _latency_rows(OURS[vendor], f"/api/search/ {label}", n_sqlite, timings,
                          TARGET_SQLITE_P95_MS if vendor == "sqlite" else None)
    if vendor != "sqlite":
        return rows
    rows += peers_latency(n_sqlite)

    if es_url:
        from search import elastic
        from search.elastic.sync import drop_indices, rebuild_index

        settings.ELASTICSEARCH_URL = es_url
        elastic.reset()
        try:
            rebuild_index()
            timings, backend = measure(clients, warm_rounds=ES_WARM_ROUNDS)
            assert backend == "elasticsearch", backend
            rows += _latency_rows(OURS["elasticsearch"], "/api/search/ Elasticsearch", n_sqlite, timings,
                                  TARGET_ES_SMALL_P95_MS)
            more = build_items(n_es - n_sqlite, n_sqlite, rng, issuers, cells, topics)
            settings.ELASTICSEARCH_URL = ""
            index_items(more)
            settings.ELASTICSEARCH_URL = es_url
            elastic.reset()
            started = time.perf_counter()
            rebuild_index()
            bulk_rate = n_es / (time.perf_counter() - started)
            rows.append({"name": f"search: Elasticsearch rebuild ({n_es:,} docs, bulk + alias swap)",
                         "value": round(bulk_rate, 1), "unit": "docs/s", "target": None, "better": "higher"})
            timings, backend = measure(clients, warm_rounds=ES_WARM_ROUNDS)
            assert backend == "elasticsearch", backend
            rows += [{k: v for k, v in row.items() if k != "compare"} for row in
                     _latency_rows(OURS["elasticsearch"], "/api/search/ Elasticsearch", n_es, timings,
                                   TARGET_ES_P95_MS)]
        finally:
            drop_indices()
    else:
        rows.append({"name": "search: Elasticsearch p95 (ELASTICSEARCH_URL not set: not measured)", "value": 0,
                     "unit": "ms", "target": None})
    return rows
