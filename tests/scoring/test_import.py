"""``import_library`` meeting lines with ``kind`` and ``criteria`` (checked against the cell's sheet)."""
import pytest

from tests.library.test_import import run
from topics.models import Level, Meeting
from topics.scoring.sheets import template_publish

pytestmark = pytest.mark.django_db


def line(cell="Chi bộ Một A", title="Sinh hoạt tháng 3", **extra):
    row = {"type": "meeting", "cell": cell, "title": title, "scheduled_at": "2025-03-10T08:00:00",
           "status": "concluded"}
    row.update(extra)
    return row


def test_kind_and_criteria_on_each_cells_sheet(two, tmp_path):
    rows = [
        line(kind="thuong_ky", criteria={"chuan_bi": 15, "du_hop": 20, "tien_hanh": 40, "ket_thuc": 10}),
        line(cell="Chi bộ Hai B", title="Chuyên đề quý I", criteria={"noi_dung": 50, "thao_luan": 36}, score=86),
        line(cell="Chi bộ Hai B", title="Sinh hoạt thường kỳ tháng 3", kind="Sinh hoạt thường kỳ",
             criteria={"nen_nep": 40, "nghi_quyet": 40}),
        line(cell="Chi bộ Hai C1", title="Không chấm"),
    ]
    code, _out, err = run(tmp_path, rows)
    assert code == 0, err
    a = Meeting.objects.get(cell=two.cell_a)
    assert (a.kind, a.score, a.level, a.scoring_version.template) == ("thuong_ky", 85, Level.KHA, two.sheet_one)
    assert a.criteria_scores == {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 40, "ket_thuc": 10}
    b = Meeting.objects.get(title="Chuyên đề quý I")
    assert (b.kind, b.score, b.level, b.scoring_version.template) == ("chuyen_de", 86, Level.TOT, two.sheet_two_cd)
    regular = Meeting.objects.get(title="Sinh hoạt thường kỳ tháng 3")
    assert (regular.kind, regular.scoring_version.template) == ("thuong_ky", two.sheet_two_tk)
    plain = Meeting.objects.get(title="Không chấm")
    assert (plain.kind, plain.score, plain.scoring_version, plain.criteria_scores) == ("chuyen_de", None, None, {})
    # The same file again changes nothing.
    code, out, err = run(tmp_path, rows)
    assert code == 0 and "meeting: created 0, updated 0, unchanged 4" in out, out + err


@pytest.mark.parametrize("extra, message", [
    ({"criteria": {"thoi_luong": 5}}, "Tiêu chí không có trong phiếu “Phiếu Khối Một”: thoi_luong"),
    ({"criteria": {"chuan_bi": 16}}, "từ 0 đến 15"),
    ({"criteria": {"chuan_bi": 15}, "score": 20}, "không khớp"),
    ({"criteria": [5, 5]}, "{mã tiêu chí: điểm}"),
    ({"kind": "hop_bat_thuong"}, "loại buổi sinh hoạt không hợp lệ"),
])
def test_bad_kind_or_criteria_fail_the_line(two, tmp_path, extra, message):
    ok = line(title="Dòng đúng", criteria={"chuan_bi": 10})
    code, _out, err = run(tmp_path, [ok, line(**extra)])
    failed = [e for e in err.splitlines() if e.startswith("line 2: ")]
    assert code != 0 and len(failed) == 1 and message in failed[0], err
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Dòng đúng"]


def test_reimport_after_a_sheet_change_keeps_the_version_it_was_scored_with(two, tmp_path):
    rows = [line(criteria={"chuan_bi": 15, "du_hop": 20, "tien_hanh": 38, "ket_thuc": 15})]
    assert run(tmp_path, rows)[0] == 0
    m = Meeting.objects.get()
    old = m.scoring_version
    two.sheet_one.tot_min = 85
    two.sheet_one.save()
    template_publish(two.sheet_one)
    code, out, _err = run(tmp_path, rows)
    assert code == 0 and "unchanged 1" in out
    m.refresh_from_db()
    assert m.scoring_version == old and m.level == Level.KHA
