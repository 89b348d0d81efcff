"""A phone-sized browser on the real pages: no sideways scrolling, Vietnamese, bigger text that sticks.

Why a real browser: horizontal overflow, `localStorage` and the text-size button are things only a
rendering engine shows; the Django test client cannot see them. Debian's Chromium and ChromeDriver
are used (installed by `make test`); if they are missing the test fails, it never skips, because a
silently skipped browser test would hide a broken mobile layout.
"""
import datetime as dt

import pytest

from tests.browser.chrome import save_screenshot, start_chrome
from tests.factories import LibraryItemFactory, OrganizationFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 780

NO_HORIZONTAL_SCROLL = "return [document.documentElement.scrollWidth, window.innerWidth];"
BODY_FONT_PX = "return parseFloat(getComputedStyle(document.body).fontSize);"


@pytest.fixture
def browser(tmp_path, monkeypatch):
    """Headless Debian Chromium at 360 px, fresh profile, offline-safe flags, Vietnamese UI."""
    driver = start_chrome(tmp_path, WIDTH, HEIGHT, monkeypatch)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def library(db):
    """A small library with the long titles and numbers real documents have."""
    issuer = OrganizationFactory(name="Ban Thường vụ Tỉnh ủy")
    topic = TopicFactory(name="Xây dựng Đảng về đạo đức")
    long_title = ("Quy định về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, "
                  "Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương, trong việc thực hiện các nghị quyết, "
                  "chỉ thị, quy định, kết luận của Đảng về công tác xây dựng, chỉnh đốn Đảng và hệ thống chính "
                  "trị trong sạch, vững mạnh; kiên quyết ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị")
    body = ("<p>Văn bản hướng dẫn tổ chức sinh hoạt chuyên đề ở chi bộ, nêu rõ mục đích, yêu cầu và nội dung "
            "thảo luận. Xem thêm tại https://thuvien.example.vn/van-ban/quy-dinh-ve-trach-nhiem-neu-guong-"
            "cua-can-bo-dang-vien-2024-ban-day-du-khong-rut-gon.</p>" * 12)
    doc = LibraryItemFactory(kind="QĐi", symbol="1193-QĐ/TU", title=long_title, issuer=issuer,
                             issued_on=dt.date(2024, 3, 8), body=body, topics=[topic])
    for n in range(1, 13):
        LibraryItemFactory(kind="HD", symbol=f"{n:02d}-HD/BTGTU", issuer=issuer, issued_on=dt.date(2023, 1, n),
                           title=f"Hướng dẫn số {n} về sinh hoạt chuyên đề của chi bộ năm 2023", topics=[topic])
    return doc


def _open(browser, url):
    browser.get(url)
    assert browser.execute_script("return document.readyState") == "complete"


def _assert_fits(browser, what):
    scroll_width, inner_width = browser.execute_script(NO_HORIZONTAL_SCROLL)
    assert inner_width == WIDTH, f"the window is not phone-sized ({inner_width}px)"
    assert scroll_width <= inner_width, f"{what}: scrolls sideways at {WIDTH}px ({scroll_width} > {inner_width})"


def _save_screenshot(browser, tmp_path, name):
    return save_screenshot(browser, tmp_path, name)


def test_pages_fit_a_phone_and_speak_vietnamese(browser, live_server, library, tmp_path):
    pages = {
        "home": "/",
        "library-index": "/thu-vien/",
        "document": library.get_absolute_url(),
    }
    for name, path in pages.items():
        _open(browser, live_server.url + path)
        assert browser.find_element("tag name", "html").get_attribute("lang") == "vi", f"{name}: <html lang> is not vi"
        viewport = browser.find_element("css selector", 'meta[name="viewport"]').get_attribute("content")
        assert "width=device-width" in viewport, f"{name}: a phone would render it zoomed out"
        _assert_fits(browser, name)
        _save_screenshot(browser, tmp_path, f"mobile-{name}")
    # The document page really is the document (not an error page that happens to fit).
    assert "1193-QĐ/TU" in browser.page_source


READING_FONT_PX = "return parseFloat(getComputedStyle(document.querySelector('#toan-van p')).fontSize);"
HEADER_FONT_PX = "return parseFloat(getComputedStyle(document.querySelector('.brand')).fontSize);"


def test_text_size_button_enlarges_the_reading_column_and_survives_reload(browser, live_server, library, tmp_path):
    _open(browser, live_server.url + library.get_absolute_url())
    before, header = browser.execute_script(READING_FONT_PX), browser.execute_script(HEADER_FONT_PX)
    bigger = browser.find_element("css selector", '[data-text-size="up"]')
    assert bigger.is_displayed(), "the A+ button is hidden (site.js did not run?)"
    # The button's accessible name is exactly what it shows.
    assert bigger.accessible_name == bigger.text == "A+ Chữ to"
    bigger.click()
    after = browser.execute_script(READING_FONT_PX)
    assert after > before, f"A+ did not enlarge the text ({before}px -> {after}px)"
    # Only the reading column grows: the header and the buttons keep their size.
    assert browser.execute_script(HEADER_FONT_PX) == header
    assert browser.execute_script(BODY_FONT_PX) < after
    _assert_fits(browser, "document with larger text")

    browser.refresh()
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.execute_script(READING_FONT_PX) == after, "the chosen text size was forgotten after a reload"
    browser.find_element("css selector", '[data-text-size="down"]').click()
    assert browser.execute_script(READING_FONT_PX) == before
    _save_screenshot(browser, tmp_path, "mobile-large-text")
