"""The study pages and the account pages on a 360 px phone: no sideways scrolling, large touch targets.

Uses the headless Chromium fixture of tests/browser (it fails, never skips, when Chromium is missing).
"""
import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from study.models import Bookmark
from tests.browser.test_mobile import BODY_FONT_PX, NO_HORIZONTAL_SCROLL, WIDTH, browser  # noqa: F401
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = ("Nghị quyết số 35-NQ/TW ngày 22 tháng 10 năm 2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng "
        "của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới ") * 3


def _login_browser(driver, live_server, user):
    client = Client()
    client.force_login(user)
    driver.get(live_server.url + "/robots.txt")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})


def _assert_fits(driver, url):
    driver.get(url)
    scroll_width, inner_width = driver.execute_script(NO_HORIZONTAL_SCROLL)
    assert inner_width == WIDTH
    assert scroll_width <= inner_width, f"{url} scrolls sideways at {WIDTH}px: {scroll_width}px wide"
    assert driver.execute_script(BODY_FONT_PX) >= 16


def test_study_pages_fit_a_phone(world, live_server, browser):  # noqa: F811
    meeting = MeetingFactory(cell=world.cell_a, title=LONG[:480], scheduled_at=timezone.now() + dt.timedelta(days=1))
    for i in range(3):
        item = LibraryItemFactory(title=LONG, symbol=f"{i + 1}/2026/NĐ-CP-SOHIEURATDAIKHONGCOKHOANGTRANG", summary=LONG)
        MeetingMaterialFactory(meeting=meeting, item=item, sort_order=i)
        Bookmark.objects.create(user=world.users["secretary_a"], item=item)
    _login_browser(browser, live_server, world.users["secretary_a"])
    for path in ("/hoc-tap/", "/hoc-tap/da-luu/", f"/hoc-tap/sinh-hoat/{meeting.pk}/doc-tai-lieu/",
                 world.items["restricted_a"].get_absolute_url()):
        _assert_fits(browser, live_server.url + path)
    # The checklist buttons are big enough to press with a thumb.
    browser.get(live_server.url + "/hoc-tap/")
    heights = browser.execute_script(
        "return Array.from(document.querySelectorAll('.check-actions .btn:not([hidden])'))"
        ".map(b => b.getBoundingClientRect().height);")
    assert heights and min(heights) >= 40


def test_account_pages_fit_a_phone(db, live_server, browser):  # noqa: F811
    for path in ("/tai-khoan/dang-nhap/", "/tai-khoan/quen-mat-khau/"):
        _assert_fits(browser, live_server.url + path)
