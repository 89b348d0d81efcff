"""The extractor against the hand-written set (tests/citations/cases.py): precision, recall, dates."""
import unicodedata

import pytest

from tests.citations.cases import CASES
from vntext.citations import extract
from vntext.numbers import number_key
from vntext.text import fold


def _score(texts_and_expected):
    tp = predicted = expected_n = dates_ok = issuers_ok = 0
    misses, extras = [], []
    for text, expected in texts_and_expected:
        refs = extract(text)
        for r in refs:
            assert text[r.start:r.end] == r.raw, (text, r)
        predicted += len(refs)
        expected_n += len(expected)
        pool = list(refs)
        for kind, number, symbol, issuer, issued_on in expected:
            hit = next((r for r in pool if r.kind == kind and r.number == number
                        and number_key(r.symbol or "") == number_key(symbol or "")), None)
            if hit is None:
                misses.append((text, kind, number, symbol))
                continue
            pool.remove(hit)
            tp += 1
            dates_ok += (hit.issued_on.isoformat() if hit.issued_on else None) == issued_on
            issuers_ok += fold(hit.issuer or "") == fold(issuer or "")
        extras += [(text, r.raw, r.kind, r.number) for r in pool]
    return {
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / expected_n if expected_n else 1.0,
        "date_accuracy": dates_ok / tp if tp else 1.0,
        "issuer_accuracy": issuers_ok / tp if tp else 1.0,
        "misses": misses, "extras": extras, "n": len(texts_and_expected), "expected": expected_n,
    }


def test_the_set_has_enough_cases():
    assert len(CASES) >= 80
    assert sum(1 for _t, exp in CASES if not exp) >= 20  # traps


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_precision_recall_and_dates(form, capsys):
    cases = [(unicodedata.normalize(form, t), exp) for t, exp in CASES]
    s = _score(cases)
    with capsys.disabled():
        print(f"\n[{form}] {s['n']} cases, {s['expected']} expected citations: precision={s['precision']:.3f} "
              f"recall={s['recall']:.3f} date_accuracy={s['date_accuracy']:.3f} "
              f"issuer_accuracy={s['issuer_accuracy']:.3f}")
    assert s["precision"] >= 0.95, s["extras"]
    assert s["recall"] >= 0.95, s["misses"]
    assert s["date_accuracy"] >= 0.95
    assert s["issuer_accuracy"] >= 0.9


def test_offsets_point_into_decomposed_text():
    text = unicodedata.normalize("NFD", "Học tập Chỉ thị số 05-CT/TW của Bộ Chính trị.")
    (ref,) = extract(text)
    assert text[ref.start:ref.end] == ref.raw
    assert unicodedata.normalize("NFC", ref.raw) == "Chỉ thị số 05-CT/TW"
    assert ref.issuer == "TW"


def test_list_shares_the_issuer_named_after_it():
    refs = extract("Nghị quyết 01 và 11 của Đảng bộ Khối")
    assert [(r.number, r.issuer) for r in refs] == [("1", "Đảng bộ Khối"), ("11", "Đảng bộ Khối")]
    assert [r.raw for r in refs] == ["Nghị quyết 01", "11"]


def test_suggested_relations_from_wording():
    def rel(text):
        return [r.suggested_relation for r in extract(text)]

    assert rel("Quy định này thay thế Quy định số 29-QĐ/TW.") == ["replaces"]
    assert rel("Sửa đổi, bổ sung Quy định số 24-QĐ/TW.") == ["amends"]
    assert rel("Hướng dẫn thực hiện Quy định số 08-QĐi/TW.") == ["guides"]
    assert rel("Căn cứ Điều lệ Đảng; căn cứ Quy định số 24-QĐ/TW,") == ["based_on"]
    assert rel("Bãi bỏ Hướng dẫn số 03-HD/ĐUK.") == ["repeals"]
    assert rel("Chi bộ triển khai Nghị quyết 01 và 11 của Đảng bộ Khối.") == ["implements", "implements"]
    assert rel("Hướng dẫn này đã được thay thế bởi Hướng dẫn 42-HD/BTCTW.") == [""]
    assert rel("Theo Chỉ thị 05-CT/TW.") == [""]
