"""Ranking, numbers, facets, filters and paging: the same assertions on every engine (``engine`` fixture)."""
import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CellFactory, LibraryItemFactory, MeetingFactory, OrganizationFactory, TopicFactory

FILLER = [
    "Quy chế làm việc của Ban Chấp hành nhiệm kỳ mới",
    "Báo cáo tổng kết công tác tuyên giáo năm trước",
    "Kế hoạch tổ chức hội nghị học tập nghị quyết",
    "Thông báo lịch tiếp công dân của lãnh đạo",
    "Chương trình kiểm tra, giám sát năm nay",
    "Tờ trình về kiện toàn tổ chức bộ máy",
]


def _filler():
    """A few unrelated documents, so term statistics look like a real library."""
    for i, title in enumerate(FILLER):
        LibraryItemFactory(title=title, symbol=f"{900 + i}-TB/TW", kind="TB", body=f"<p>{title}. Nội dung khác.</p>")


def test_phrase_outranks_scattered_syllables(engine):
    _filler()
    phrase = LibraryItemFactory(title="Nâng cao chất lượng sinh hoạt chuyên đề của chi bộ", body="<p>Chi bộ họp.</p>")
    LibraryItemFactory(title="Sinh viên tham gia hoạt động chuyên môn và đề xuất sáng kiến",
                       body="<p>Sinh viên, hoạt động, chuyên môn, đề án.</p>")
    engine.sync()
    for q in ("sinh hoạt chuyên đề", "sinh hoat chuyen de", "SINH HOẠT CHUYÊN ĐỀ"):
        assert engine.titles(q=q)[0] == phrase.title, q


def test_exact_diacritics_rank_first(engine):
    _filler()
    quy_item = LibraryItemFactory(title="Quy trình xét duyệt hồ sơ theo quy định", body="<p>Quy trình.</p>")
    quys_item = LibraryItemFactory(title="Báo cáo công tác quý ba", body="<p>Báo cáo quý.</p>")
    engine.sync()
    assert engine.titles(q="quý")[0] == quys_item.title
    assert engine.titles(q="quy trình")[0] == quy_item.title
    assert set(engine.titles(q="quy")) >= {quy_item.title, quys_item.title}  # folded query finds both


def test_document_number_typed_sloppily_finds_exact_documents_newest_first(engine):
    _filler()
    issuer = OrganizationFactory(name="Ban Tổ chức Trung ương")
    old = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ",
                             issuer=issuer, issued_on=dt.date(2018, 7, 6))
    new = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn nâng cao chất lượng sinh hoạt chi bộ (thay thế)",
                             issuer=issuer, issued_on=dt.date(2022, 10, 18))
    LibraryItemFactory(kind="KH", symbol="77-KH/TU", title="Kế hoạch thực hiện Hướng dẫn số 12-HD/BTCTW về sinh hoạt chi bộ",
                       issued_on=dt.date(2023, 1, 1))
    engine.sync()
    for typed in ("12-HD/BTCTW", "12 - HD/BTCTW", "12 hd btctw", "12-hd/btctw", "12/HD-BTCTW", "012 HD BTCTW"):
        data = engine.api(q=typed)
        top = data["results"][:2]
        assert [r["title"] for r in top] == [new.title, old.title], typed
        assert [r["issued_on"] for r in top] == ["2022-10-18", "2018-07-06"]  # dates tell them apart
        assert [r["symbol"] for r in top] == ["12-HD/BTCTW", "12-HD/BTCTW"]
        assert data["count"] >= 3


@pytest.mark.parametrize("typed, expected", [
    ("Chỉ thị 05", "05-CT/TW"), ("chi thi 5", "05-CT/TW"), ("nghi quyet 35", "35-NQ/TW"),
    ("Nghị quyết số 35", "35-NQ/TW"), ("KL 18", "18-KL/TW"), ("quy dinh 08", "08-QĐi/TW"),
])
def test_short_forms_put_kind_and_number_first(engine, typed, expected):
    _filler()
    for kind, symbol, title in [
        ("CT", "05-CT/TW", "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
        ("NQ", "05-NQ/TW", "Nghị quyết về đổi mới phương thức lãnh đạo"),
        ("KL", "05-KL/TW", "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW"),
        ("NQ", "35-NQ/TW", "Nghị quyết về bảo vệ nền tảng tư tưởng của Đảng"),
        ("KL", "18-KL/TW", "Kết luận về công tác cán bộ"),
        ("CT", "18-CT/TW", "Chỉ thị về công tác tiếp dân"),
        ("QĐi", "08-QĐi/TW", "Quy định về trách nhiệm nêu gương"),
        ("QĐ", "08-QĐ/TU", "Quyết định thành lập tổ công tác"),
    ]:
        LibraryItemFactory(kind=kind, symbol=symbol, title=title)
    engine.sync()
    data = engine.api(q=typed)
    assert data["results"][0]["symbol"] == expected
    assert data["results"][0]["exact"] is True


def test_short_form_with_issuer_prefers_that_issuer(engine):
    central = OrganizationFactory(name="Ban Tổ chức Trung ương")
    province = OrganizationFactory(name="Đảng ủy Khối các cơ quan tỉnh")
    LibraryItemFactory(kind="HD", symbol="12-HD/ĐUK", title="Hướng dẫn của Đảng ủy Khối", issuer=province,
                       issued_on=dt.date(2024, 1, 1))
    central_doc = LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", title="Hướng dẫn về sinh hoạt chi bộ",
                                     issuer=central, issued_on=dt.date(2018, 7, 6))
    engine.sync()
    assert engine.titles(q="Hướng dẫn 12 của Trung ương")[0] == central_doc.title
    assert engine.titles(q="Hướng dẫn 12")[0] == "Hướng dẫn của Đảng ủy Khối"  # no hint: newest first


def test_whole_question_finds_the_right_document(engine):
    _filler()
    LibraryItemFactory(title="Quy định về trách nhiệm nêu gương của cán bộ, đảng viên",
                       body="<p>Cán bộ, đảng viên phải gương mẫu trong công tác và sinh hoạt.</p>")
    answer = LibraryItemFactory(title="Quy định về những điều đảng viên không được làm",
                                body="<p>Đảng viên không được tổ chức hoặc tham gia kinh doanh trái quy định; "
                                     "đảng viên là cán bộ không được kinh doanh khi pháp luật cấm.</p>")
    LibraryItemFactory(title="Hướng dẫn chi bộ doanh nghiệp sinh hoạt chuyên đề",
                       body="<p>Chi bộ doanh nghiệp gắn chuyên đề với sản xuất.</p>")
    engine.sync()
    for q in ("Đảng viên có được kinh doanh không?", "dang vien co duoc kinh doanh khong",
              "Xin hỏi đảng viên thì có được phép tham gia kinh doanh hay không ạ?"):
        assert engine.titles(q=q)[0] == answer.title, q


def test_meetings_are_found_with_their_date_and_conclusion(engine):
    cell = CellFactory(name="Chi bộ Sở Tư pháp")
    when = timezone.make_aware(dt.datetime(2026, 5, 14, 14, 0))
    meeting = MeetingFactory(cell=cell, title="Sinh hoạt chuyên đề quý II: chuyển đổi số", scheduled_at=when,
                             is_public=True, conclusion="Chi bộ thống nhất số hóa toàn bộ hồ sơ đảng viên.")
    engine.sync()
    data = engine.api(q="số hóa hồ sơ")
    assert data["count"] == 1
    result = data["results"][0]
    assert result["kind"] == "meeting" and result["title"] == meeting.title
    assert result["url"] == f"/sinh-hoat/{meeting.pk}/" and result["issued_on"] == "2026-05-14"
    assert "<mark>" in result["snippet"]
    assert engine.api(q="chuyen doi so", cell=cell.pk)["count"] == 1


def test_facets_and_filters(engine):
    issuer_a = OrganizationFactory(name="Tỉnh ủy A")
    issuer_b = OrganizationFactory(name="Tỉnh ủy B")
    topic = TopicFactory(name="Chuyển đổi số")
    LibraryItemFactory(kind="NQ", symbol="16-NQ/TU", title="Nghị quyết về chuyển đổi số tỉnh", issuer=issuer_a,
                       issued_on=dt.date(2021, 8, 10), topics=[topic])
    LibraryItemFactory(kind="KH", symbol="20-KH/TU", title="Kế hoạch chuyển đổi số năm 2024", issuer=issuer_a,
                       issued_on=dt.date(2024, 2, 1))
    LibraryItemFactory(kind="KH", symbol="21-KH/TU", title="Kế hoạch chuyển đổi số năm 2025", issuer=issuer_b,
                       issued_on=dt.date(2025, 2, 1), topics=[topic])
    engine.sync()
    data = engine.api(q="chuyển đổi số")
    assert data["count"] == 3
    facets = data["facets"]
    assert set(facets) == {"kind", "issuer", "year", "topic", "validity"}
    assert {(f["value"], f["count"]) for f in facets["kind"]} == {("NQ", 1), ("KH", 2)}
    assert {(f["label"], f["count"]) for f in facets["issuer"]} == {("Tỉnh ủy A", 2), ("Tỉnh ủy B", 1)}
    assert {(f["value"], f["count"]) for f in facets["year"]} == {(2021, 1), (2024, 1), (2025, 1)}
    assert [(f["label"], f["count"]) for f in facets["topic"]] == [("Chuyển đổi số", 2)]
    assert {f["label"] for f in facets["kind"]} == {"Nghị quyết", "Kế hoạch"}
    assert engine.api(q="chuyển đổi số", kind="KH")["count"] == 2
    assert engine.api(q="chuyển đổi số", kind="kh", year=2025)["count"] == 1
    assert engine.api(q="chuyển đổi số", issuer=issuer_a.pk)["count"] == 2
    assert engine.api(q="chuyển đổi số", topic=topic.slug)["count"] == 2
    assert engine.api(q="chuyển đổi số", topic=topic.pk, kind="NQ")["count"] == 1
    assert engine.api(q="", kind="KH")["count"] == 2  # filters alone browse, newest first
    assert engine.titles(q="", kind="KH")[0] == "Kế hoạch chuyển đổi số năm 2025"


def test_pagination(engine):
    for i in range(25):
        LibraryItemFactory(title=f"Văn bản về công tác dân vận số {i}", symbol=f"{100 + i}-CV/TU", kind="CV")
    engine.sync()
    first = engine.api(q="công tác dân vận")
    second = engine.api(q="công tác dân vận", page=2)
    assert first["count"] == second["count"] == 25
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
    assert engine.api(q="công tác dân vận", page=40)["results"] == []


def test_did_you_mean_restores_diacritics_and_fixes_typos(engine):
    _filler()
    LibraryItemFactory(title="Nghị quyết về chuyển đổi số tỉnh Hà Tĩnh", body="<p>Chuyển đổi số toàn diện.</p>")
    engine.sync()
    assert engine.api(q="chuyen doi so")["suggestion"] == "chuyển đổi số"
    typo = engine.api(q="chuyeen doi so")
    assert typo["suggestion"] in ("chuyển đổi số", "chuyen doi so")
    assert "suggestion" not in engine.api(q="chuyển đổi số")


def test_snippets_are_highlighted_and_escaped(engine):
    _filler()
    LibraryItemFactory(title="Nghị quyết <b>đặc biệt</b> về an ninh mạng",
                       body="<p>Mở đầu dài dòng. " + "Câu đệm không liên quan. " * 30 +
                            "Bảo đảm an ninh mạng &lt;script&gt;alert(1)&lt;/script&gt; trong cơ quan.</p>")
    engine.sync()
    result = engine.api(q="an ninh mang")["results"][0]
    snippet = result["snippet"]
    assert "<mark>an</mark> <mark>ninh</mark> <mark>mạng</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert snippet.startswith("… ")  # the window moved to where the words are


def test_words_that_decide_a_rule_count_in_a_question(engine):
    """"phải", "không được", "bị" are what a member asks about: they are searched, not dropped as stop words."""
    _filler()
    must = LibraryItemFactory(title="Những việc đảng viên phải làm khi chuyển sinh hoạt đảng",
                              body="<p>Đảng viên phải làm thủ tục và nộp hồ sơ khi chuyển sinh hoạt đảng.</p>")
    LibraryItemFactory(title="Chuyển sinh hoạt đảng cho đảng viên",
                       body="<p>Chuyển sinh hoạt đảng chính thức và tạm thời cho đảng viên.</p>")
    banned = LibraryItemFactory(title="Những điều đảng viên không được làm",
                                body="<p>Đảng viên không được kinh doanh khi pháp luật cấm.</p>")
    LibraryItemFactory(title="Đảng viên làm kinh tế tư nhân", body="<p>Đảng viên kinh doanh hợp pháp.</p>")
    engine.sync()
    assert engine.titles(q="Đảng viên phải làm gì khi chuyển sinh hoạt?")[0] == must.title
    assert engine.titles(q="Đảng viên có được kinh doanh không?")[0] == banned.title


def test_a_generic_heading_does_not_outrank_the_article_that_answers(engine):
    """Ranking scores title and text as one document: a title that only repeats a word of the question loses
    to the article whose text answers it."""
    _filler()
    answer = LibraryItemFactory(
        title="Điều 7. Giải thích từ ngữ",
        body="<p>Sinh hoạt chuyên đề là buổi sinh hoạt chi bộ dành riêng để thảo luận sâu một chủ đề, "
             "do cấp ủy chọn theo nhiệm vụ chính trị của chi bộ.</p>")
    LibraryItemFactory(title="Điều 9. Chuyên đề", body="<p>Ban tuyên giáo biên soạn tài liệu hằng năm.</p>")
    LibraryItemFactory(title="Điều 12. Chủ đề và chuyên đề", body="<p>Danh mục tài liệu tham khảo.</p>")
    engine.sync()
    assert engine.titles(q="Sinh hoạt chuyên đề là gì?")[0] == answer.title
