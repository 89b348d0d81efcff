"""Questions and marks, on every engine: question words and particles never decide the ranking, and a word
typed with diacritics marks only that spelling."""
import pytest
from django.test import Client

from search.highlight import highlight_text, snippet
from search.queries import parse_query
from tests.factories import LibraryItemFactory

PHRASES = ["là gì", "như thế nào", "ra sao", "bao nhiêu", "có phải", "ở đâu", "khi nào"]


@pytest.fixture
def dues(engine):
    answer = LibraryItemFactory(kind="HD", title="Hướng dẫn về chế độ đảng phí",
                                body="<p>Đảng viên đóng đảng phí hằng tháng theo thu nhập.</p>")
    # Titles full of the question words, as content: counted as terms, they would outrank the answer.
    for title in ("Đảng viên ở đâu thì sinh hoạt ở đó, khi có thay đổi phải báo cáo ngay khi nào cũng được",
                  "Ra quân như thế nào là do đoàn thanh niên quyết định, làm ra sao là việc của đoàn",
                  "Bao nhiêu ý kiến, có phải tổng hợp hay không, là gì cũng phải ghi lại",
                  "Quy chế chi tiêu nội bộ của văn phòng"):
        LibraryItemFactory(kind="TB", title=title, body=f"<p>{title}.</p>")
    engine.sync()
    return answer


@pytest.mark.parametrize("phrase", PHRASES)
def test_question_words_never_decide_the_ranking(dues, engine, phrase):
    plain = engine.titles(q="chế độ đảng phí")
    for asked in (f"chế độ đảng phí {phrase}?", f"{phrase} chế độ đảng phí"):
        titles = engine.titles(q=asked)
        assert titles[0] == dues.title, asked
        assert titles == plain, asked


@pytest.mark.parametrize("typed", ["che do dang phi la gi", "che do dang phi nhu the nao", "co phai che do dang phi"])
def test_question_words_typed_without_diacritics_too(dues, engine, typed):
    assert engine.titles(q=typed) == engine.titles(q="che do dang phi")


def test_definition_question_on_the_demo_finds_the_guidance(engine):
    """The demo's "sinh hoạt chuyên đề là gì": the guidance on thematic meetings first, as without "là gì"."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("import_library", str(settings.BASE_DIR / "portal" / "demo" / "library.jsonl"),
                 stdout=open("/dev/null", "w"))
    engine.sync()
    asked = engine.api(q="sinh hoạt chuyên đề là gì")["results"]
    assert asked[0]["kind"] == "HD" and "sinh hoạt chuyên đề" in asked[0]["title"]
    assert [r["url"] for r in asked[:5]] == [r["url"] for r in engine.api(q="sinh hoạt chuyên đề")["results"][:5]]


# --- marks ---------------------------------------------------------------------------------------------------
TEXT = "Để chuyển đổi số, chi bộ chọn chuyên đề; Đề án CHUYÊN ĐỀ năm nay dễ làm, không để chậm."


def _marked(html: str) -> list[str]:
    import re

    return re.findall(r"<mark>(.*?)</mark>", str(html))


def test_words_typed_with_diacritics_mark_only_that_spelling():
    terms = parse_query("chuyên đề").highlight_terms()
    assert _marked(highlight_text(TEXT, terms)) == ["chuyên", "đề", "Đề", "CHUYÊN", "ĐỀ"]
    assert "<mark>Để</mark>" not in snippet(TEXT, terms) and "<mark>chuyển</mark>" not in snippet(TEXT, terms)


def test_words_typed_without_diacritics_mark_every_spelling():
    terms = parse_query("chuyen de").highlight_terms()
    assert _marked(highlight_text(TEXT, terms)) == ["Để", "chuyển", "chuyên", "đề", "Đề", "CHUYÊN", "ĐỀ", "dễ", "để"]


def test_mixed_query_marks_each_word_its_own_way():
    terms = parse_query("chuyên de").highlight_terms()
    assert _marked(highlight_text(TEXT, terms)) == ["Để", "chuyên", "đề", "Đề", "CHUYÊN", "ĐỀ", "dễ", "để"]


def test_api_and_page_snippets_respect_diacritics(engine):
    LibraryItemFactory(title="Sinh hoạt chuyên đề của chi bộ", body=f"<p>{TEXT}</p>")
    LibraryItemFactory(title="Chuyển đổi số để phát triển", body="<p>Để chuyển đổi số.</p>")
    engine.sync()
    result = engine.api(q="chuyên đề")["results"][0]
    assert "<mark>chuyên</mark> <mark>đề</mark>" in result["snippet"]
    assert "<mark>Để</mark>" not in result["snippet"] and "<mark>chuyển</mark>" not in result["snippet"]
    html = Client().get("/tim-kiem/", {"q": "chuyên đề"}).content.decode()
    assert "<mark>chuyên</mark> <mark>đề</mark>" in html
    assert "<mark>Để</mark>" not in html and "<mark>để</mark>" not in html and "<mark>Chuyển</mark>" not in html
