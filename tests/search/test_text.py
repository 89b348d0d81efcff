"""Folding, number keys and query parsing: the parts every engine shares (no database needed)."""
import unicodedata

import pytest

from search.queries import parse_query
from vntext.numbers import number_key, parse_number_query
from vntext.text import fast_syllables, fold, fold_tokens, index_fold, strip_html, syllables


@pytest.mark.parametrize("text, folded", [
    ("Nghị quyết Đảng", "nghi quyet dang"),
    ("ĐẢNG VIÊN", "dang vien"),
    ("Ầ ẫ ộ ợ ữ ự", "a a o o u u"),          # stacked marks, which FTS5's remove_diacritics misses
    ("quý quỹ quy", "quy quy quy"),
    ("đồng chí Đ.", "dong chi d."),
])
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_fast_index_folding_matches_the_reference_fold():
    text = "Chi bộ 05 — “Sinh hoạt chuyên đề” của Đảng bộ Khối; QĐ/TU, 30/2020/NĐ-CP. Ủy ban ĐẢNG ỦY."
    assert fast_syllables(text) == syllables(text)
    expected = [str(int(t)) if t.isdigit() else t for t in (fold(s) for s in syllables(text))]
    assert fold_tokens(text) == expected
    assert index_fold(text).startswith("chi bo 5 — “sinh hoat chuyen de” cua dang bo khoi; qd/tu, 30/2020/nd-cp.")
    decomposed = unicodedata.normalize("NFD", text)
    assert index_fold(decomposed) == index_fold(text)
    assert index_fold("Số 005, năm 2005, mã A05, 0") == "so 5, nam 2005, ma a05, 0"


def test_strip_html_keeps_text_and_decodes_entities():
    assert strip_html("<p>Điều 1.&nbsp;Phạm vi</p><p>a &amp; b</p>") == "Điều 1. Phạm vi\na & b"
    assert strip_html("") == ""


@pytest.mark.parametrize("typed", ["10-CT/TW", "10 ct tw", "10-ct/tw", "10 - CT / TW", "010-CT/TW", "10/CT-TW"])
def test_number_key_sloppy_forms(typed):
    assert number_key(typed) == "10-ct-tw"
    assert parse_number_query(typed).key == "10-ct-tw"


@pytest.mark.parametrize("typed, key", [
    ("1193-QĐ/TU", "1193-qd-tu"), ("1193-QD/TU", "1193-qd-tu"), ("1193 qd tu", "1193-qd-tu"),
    ("08-QĐi/TW", "8-qdi-tw"), ("8 qdi tw", "8-qdi-tw"),
    ("12 - HD/BTCTW", "12-hd-btctw"), ("12-hd-btctw", "12-hd-btctw"),
    ("30/2020/NĐ-CP", "30-2020-nd-cp"), ("30/2020/nd-cp", "30-2020-nd-cp"),
])
def test_number_keys_of_other_kinds(typed, key):
    assert number_key(typed) == key


@pytest.mark.parametrize("typed, kind, number, hint", [
    ("Chỉ thị 05", "CT", "5", ""),
    ("chi thi so 5", "CT", "5", ""),
    ("nghi quyet 35", "NQ", "35", ""),
    ("Nghị quyết số 35", "NQ", "35", ""),
    ("KL 18", "KL", "18", ""),
    ("Hướng dẫn 12 của Trung ương", "HD", "12", "trung uong"),
    ("quy dinh 08", "QĐi", "8", ""),
])
def test_short_forms(typed, kind, number, hint):
    parsed = parse_number_query(typed)
    assert (parsed.kind, parsed.number, parsed.issuer_hint) == (kind, number, hint)
    assert f"kn_{fold(kind)}_{number}" in parse_query(typed).number_tokens


def test_question_words_are_dropped_but_words_that_decide_a_rule_stay():
    q = parse_query("Cho tôi hỏi đảng viên có được kinh doanh không ạ?")
    # "tôi", "hỏi", "ạ" only frame the question; "có được … không" is what is asked (allowed or not).
    assert q.fold_terms == ["cho", "dang", "vien", "co", "duoc", "kinh", "doanh", "khong"]
    assert q.typed_terms == ["cho", "đảng", "viên", "có", "được", "kinh", "doanh", "không"]
    assert q.orig_terms == ["đảng", "viên", "có", "được", "không"]  # only where diacritics make a difference
    assert ("dang", "vien") in q.bigrams and ("kinh", "doanh") in q.bigrams
    assert ("toi", "hoi") not in q.bigrams  # both stop words
    assert ("cho", "toi") in q.bigrams  # one content word: the pair stays


def test_a_question_of_stop_words_only_still_searches():
    q = parse_query("là gì?")
    assert q.fold_terms == ["la", "gi"] and q.has_text  # a question phrase alone: searched rather than nothing
    assert parse_query("gì vậy ạ").fold_terms == ["gi", "vay", "a"]


def test_without_diacritics_content_words_survive():
    q = parse_query("sinh hoat chuyen de co so dang")
    assert q.fold_terms == ["sinh", "hoat", "chuyen", "de", "co", "so", "dang"]  # "de"/"co" are not dropped
    assert ("chuyen", "de") in q.bigrams


def test_operators_and_symbols_are_plain_text():
    q = parse_query('"OR * \\ AND NEAR( đảng')
    assert "đảng" in q.orig_terms and "dang" in q.fold_terms
    # No operator or symbol reaches the engine: every term is made of letters and digits only.
    assert q.orig_terms and all(term.isalnum() for term in q.orig_terms + q.fold_terms)
    assert not {'"', "*", "\\", "(", ")"} & set("".join(q.orig_terms + q.fold_terms))
    assert parse_query("").has_text is False
    assert parse_query("😀 ☭ ***").has_text is False
