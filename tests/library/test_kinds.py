"""Kind names (issue 18): a QĐ numbered Quy định reads "Quy định" wherever a kind is named."""
import pytest

from library.kinds import DocumentKind, kind_label
from tests.factories import LibraryItemFactory
from vntext.kinds import kind_name, resolve_kind


@pytest.mark.parametrize("code, text, expected", [
    ("QĐ", "Quy định chuẩn mực đạo đức cách mạng của cán bộ, đảng viên giai đoạn mới", "Quy định"),
    ("QĐ", "Quy định số 47-QĐ/TW ngày 01/11/2011", "Quy định"),
    ("QĐ", "  “quy dinh về những điều đảng viên không được làm”", "Quy định"),
    ("QĐ", "Quyết định ban hành Quy định về công tác kiểm tra", "Quyết định"),  # only the leading word counts
    ("QĐ", "Về việc thành lập Ban Chỉ đạo", "Quyết định"),
    ("QĐ", "", "Quyết định"),
    ("QĐi", "Về trách nhiệm nêu gương", "Quy định"),
    ("CT", "Quy định ...", "Chỉ thị"),  # the text never changes another kind
    ("NĐ", "", "Nghị định"),
])
def test_kind_name(code, text, expected):
    assert kind_name(code, text) == expected


def test_resolve_kind_and_choices():
    assert resolve_kind("QĐ", "Quy định về phân cấp") == "QĐi"
    assert resolve_kind("QĐ", "Quyết định số 1193") == "QĐ"
    assert DocumentKind("QĐi").label == "Quy định"
    assert kind_label("QĐ", "Quy định 144") == "Quy định" and kind_label("QĐ") == "Quyết định"


@pytest.mark.django_db
def test_item_page_names_a_quy_dinh_numbered_qd(client):
    item = LibraryItemFactory(kind="QĐ", symbol="144-QĐ/TW", title="Quy định chuẩn mực đạo đức cách mạng")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<dd>Quy định</dd>" in html and "Quyết định" not in html
    assert item.kind_label == "Quy định"
