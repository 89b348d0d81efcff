"""The index document and the entry built from an item, checked without any server."""
import datetime as dt
from types import SimpleNamespace

from search.elastic.documents import EntryDocument
from search.models import SearchEntry, SearchText
from search.sources import build_item_entry, number_tokens


def _row(**over):
    row = {
        "id": 7, "live": True, "item_type": "document", "kind": "CT", "symbol": "05-CT/TW", "number": "5",
        "number_key": "5-ct-tw", "title": "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh",
        "issuer_id": 3, "issuer__name": "Bộ Chính trị", "issued_on": dt.date(2016, 5, 15),
        "summary": "Tóm tắt", "body": "<p>Điều 1. Quý cơ quan &amp; đơn vị</p>", "sections": None, "purpose": "",
        "discussion_questions": "", "conclusion_template": "", "field": "Xây dựng Đảng", "signer": "",
        "visibility": "public",
    }
    row.update(over)
    return row


def test_item_entry_folds_text_and_adds_number_tokens():
    data = build_item_entry(_row(), topics=[(4, "Học tập và làm theo Bác")], allowed_orgs=[])
    v = data.values
    assert (data.source, data.object_id, data.grants, data.topic_ids) == ("item", 7, [], [4])
    assert v["visibility"] == "public" and v["year"] == 2016 and v["kind"] == "CT"
    assert v["title_folded"] == "chi thi ve day manh hoc tap va lam theo tu tuong ho chi minh"
    assert v["body"] == "Tóm tắt\nĐiều 1. Quý cơ quan & đơn vị"
    assert v["body_folded"] == "tom tat dieu 1. quy co quan & don vi"
    assert v["body_bigrams"] == "tom_tat tat_dieu dieu_1 1_quy quy_co co_quan quan_don don_vi"  # distinct
    assert "Bộ Chính trị" in v["meta"] and "Chỉ thị" in v["meta"] and "Học tập và làm theo Bác" in v["meta"]
    assert v["meta_folded"].endswith("nk_5_ct_tw kn_ct_5")


def test_restricted_item_gets_grant_keys_of_allowed_orgs_and_staff_above():
    org = SimpleNamespace(pk=12, path="/1/5/12/")
    data = build_item_entry(_row(visibility="restricted"), topics=[], allowed_orgs=[org])
    assert data.values["visibility"] == "grants"
    assert data.grants == ["m:12", "s:1", "s:12", "s:5"]


def test_restricted_item_without_orgs_is_visible_to_nobody_but_superusers():
    data = build_item_entry(_row(visibility="restricted"), topics=[], allowed_orgs=[])
    assert data.values["visibility"] == "grants" and data.grants == []


def test_number_tokens():
    assert number_tokens("QĐi", "8", "8-qdi-tw") == ["nk_8_qdi_tw", "kn_qdi_8"]
    assert number_tokens("", "", "") == []


def test_prepare_document_from_entry():
    entry = SearchEntry(
        source="item", object_id=7, item_type="document", kind="CT", symbol="05-CT/TW", number="5",
        number_key="5-ct-tw", title="Chỉ thị 05", issuer_id=3, issuer_name="Bộ Chính trị", cell_id=None,
        issued_on=dt.date(2016, 5, 15), year=2016, visibility="grants", validity="duoc_thay_the", superseded=True)
    text = SearchText(title="Chỉ thị 05", title_folded="chi thi 5", meta="05-CT/TW", meta_folded="5 ct tw",
                      body="Nội dung", body_folded="noi dung")
    doc = EntryDocument.prepare(entry, grants=["s:1", "m:12"], topics=[9, 4], text=text)
    assert doc == {
        "source": "item", "object_id": 7, "item_type": "document", "kind": "CT", "symbol": "05-CT/TW",
        "number": "5", "number_key": "5-ct-tw", "title": "Chỉ thị 05", "title_folded": "chi thi 5",
        "meta": "05-CT/TW", "meta_folded": "5 ct tw", "body": "Nội dung", "body_folded": "noi dung",
        "issuer_id": 3, "issuer_name": "Bộ Chính trị", "cell_id": None, "issued_on": "2016-05-15", "year": 2016,
        "topics": [4, 9], "visibility": "grants", "grants": ["m:12", "s:1"], "validity": "duoc_thay_the",
        "superseded": True,
    }
    assert EntryDocument.doc_id("item", 7) == "item-7"


def test_index_mapping_uses_only_what_the_test_node_has():
    body = EntryDocument.index_body()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["vn_bigram"]["tokenizer"] == "standard"
    used_filters = {f for a in analysis["analyzer"].values() for f in a["filter"]}
    assert used_filters <= {"lowercase", "vn_shingle"}
    assert analysis["filter"]["vn_shingle"]["type"] == "shingle"
    props = body["mappings"]["properties"]
    assert props["body_folded"]["fields"]["bi"]["analyzer"] == "vn_bigram"
    assert props["grants"]["type"] == "keyword" and props["visibility"]["type"] == "keyword"
    assert "body" in body["mappings"]["_source"]["excludes"]
