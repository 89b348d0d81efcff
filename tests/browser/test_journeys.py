"""Journeys in a real browser (Debian Chromium), on a 360×740 phone and a 1280×800 desktop.

* a member logs in, opens "Học tập của tôi", marks a material read, listens to one, adds the meeting to a
  calendar, then — with the network cut by DevTools — still reads the materials kept on the device, and
  logging out deletes those copies;
* a secretary sees the to-do list, announces a meeting, records another one's outcome and reminds the
  members who have not read;
* anyone searches without diacritics and by a sloppily typed number;
* the committee dashboard renders and scrolls sideways inside its table, with the name column kept;
* on a phone a directive's full text starts within the first screen and a half; labels and dates don't break.
axe-core checks every main page for serious or critical problems (tests/browser/chrome.py).
Screenshots go to $SOTAY_SCREENSHOT_DIR when it is set.
"""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from library.models import ItemType, RelationType, Validity, Visibility
from search import elastic
from tests.browser.chrome import (DESKTOP, PHONE, assert_accessible, assert_fits, fake_speech, login, open_page,
                                  save_screenshot, set_offline, start_chrome, wait_for)
from tests.factories import (LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, MembershipFactory,
                             OrganizationFactory, RelationFactory, TopicFactory, UserFactory)
from organizations.models import OrganizationKind, Role
from topics.models import MeetingStatus, MeetingTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-thu-2026"  # tests/factories.UserFactory
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
PARAGRAPH = ("<p>Chi bộ tổ chức sinh hoạt chuyên đề ít nhất mỗi quý một lần; tài liệu được gửi tới đảng viên "
             "trước ít nhất một ngày để nghiên cứu, chuẩn bị ý kiến thảo luận.</p>")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def chrome(tmp_path, monkeypatch, viewport):
    width, height = VIEWPORTS[viewport]
    driver = start_chrome(tmp_path, width, height, monkeypatch)
    driver.viewport = viewport
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def town(db, settings):
    """One đảng bộ with a cell, its people, a library, and meetings in every state a journey needs."""
    settings.ELASTICSEARCH_URL = ""  # search journeys run on the database backend (Elasticsearch has its own tests)
    elastic.reset()
    now = timezone.now()
    root = OrganizationFactory(name="Đảng bộ Khối các cơ quan tỉnh", kind=OrganizationKind.COMMITTEE)
    cell = OrganizationFactory(name="Chi bộ Văn phòng 1", parent=root, kind=OrganizationKind.CELL)
    other = OrganizationFactory(name="Chi bộ Văn phòng 2 của Sở Lao động – Thương binh và Xã hội tỉnh",
                                parent=root, kind=OrganizationKind.CELL)
    tw = OrganizationFactory(name="Ban Chấp hành Trung ương", kind=OrganizationKind.BODY)
    topic = TopicFactory(name="Sinh hoạt chi bộ")

    def person(username, org, role, first_name):
        user = UserFactory(username=username, first_name=first_name, email=f"{username}@example.org")
        MembershipFactory(user=user, organization=org, role=role)
        return user

    people = SimpleNamespace(
        member=person("dangvien.lan", cell, Role.MEMBER, "Lan"),
        member2=person("dangvien.minh", cell, Role.MEMBER, "Minh"),
        secretary=person("bithu.hanh", cell, Role.SECRETARY, "Hạnh"),
        staff=person("canbo.quang", root, Role.STAFF, "Quang"),
    )
    directive = LibraryItemFactory(
        kind="CT", symbol="10-CT/TW", issuer=tw, issued_on=dt.date(2007, 3, 30), topics=[topic],
        title="Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ", signer="Trương Tấn Sang", field="Xây dựng Đảng",
        effective_from=dt.date(2007, 3, 30), validity=Validity.IN_FORCE,
        summary="Yêu cầu các cấp ủy nâng cao chất lượng sinh hoạt chi bộ, trong đó có sinh hoạt chuyên đề.",
        body="<p>TOÀN VĂN CHỈ THỊ: nâng cao chất lượng sinh hoạt chi bộ.</p>" + PARAGRAPH * 12)
    for n in range(1, 9):  # many relations and citations before the text used to push it 2,850 px down
        RelationFactory(source=LibraryItemFactory(kind="HD", symbol=f"{n:02d}-HD/BTCTW", issuer=tw,
                                                  issued_on=dt.date(2012 + n, 1, 7),
                                                  title=f"Hướng dẫn số {n} thực hiện Chỉ thị 10"),
                        target=directive, relation_type=RelationType.GUIDES)
    guide = LibraryItemFactory(
        item_type=ItemType.STUDY_GUIDE, kind="", symbol="", issuer=root, issued_on=dt.date(2026, 1, 5),
        visibility=Visibility.INTERNAL, title="Tài liệu học tập chuyên đề quý: nêu gương của đảng viên",
        summary="Tài liệu nội bộ cho buổi sinh hoạt.", body="<p>NỘI DUNG TÀI LIỆU NỘI BỘ về nêu gương.</p>" + PARAGRAPH * 3)
    pack = LibraryItemFactory(
        item_type=ItemType.SESSION_PACK, kind="", symbol="", issuer=root, issued_on=dt.date(2026, 2, 1),
        title="Gói chuyên đề: nêu gương của đảng viên", purpose="MỤC ĐÍCH: mỗi đảng viên tự liên hệ bản thân.",
        discussion_questions="Đảng viên nêu gương trong công việc thế nào?\nChi bộ cần làm gì?", body="")
    RelationFactory(source=pack, target=guide, relation_type=RelationType.INCLUDES)
    study = MeetingFactory(cell=cell, title="Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ",
                           scheduled_at=now + dt.timedelta(days=3), status=MeetingStatus.ANNOUNCED,
                           announced_at=now - dt.timedelta(days=1), place="Hội trường tầng 2", topic=topic)
    MeetingMaterialFactory(meeting=study, item=directive, required=True, sort_order=0)
    MeetingMaterialFactory(meeting=study, item=guide, required=True, sort_order=1)
    to_announce = MeetingFactory(cell=cell, title="Chuyên đề quý sau: học tập và làm theo Bác",
                                 scheduled_at=now + dt.timedelta(days=25), topic=topic)
    MeetingMaterialFactory(meeting=to_announce, item=pack)
    past = MeetingFactory(cell=cell, title="Chuyên đề tháng trước: phòng, chống lãng phí",
                          scheduled_at=now - dt.timedelta(days=2), status=MeetingStatus.ANNOUNCED,
                          announced_at=now - dt.timedelta(days=6), topic=topic)
    held = MeetingFactory(cell=cell, title="Chuyên đề quý trước", scheduled_at=now - dt.timedelta(days=60),
                          status=MeetingStatus.CONCLUDED, score=92, attendance_present=3, attendance_total=3,
                          outcome_posted_at=now - dt.timedelta(days=59), topic=topic)
    MeetingTask.objects.create(meeting=held, assignee="Đồng chí Minh", description="Báo cáo việc học tập",
                               due_on=timezone.localdate() - dt.timedelta(days=2))
    MeetingFactory(cell=other, title="Chuyên đề của chi bộ bạn", scheduled_at=now - dt.timedelta(days=40),
                   status=MeetingStatus.CONCLUDED, score=71, topic=topic)
    return SimpleNamespace(root=root, cell=cell, people=people, directive=directive, guide=guide, pack=pack,
                           study=study, to_announce=to_announce, past=past, held=held, topic=topic)


def _click(driver, selector: str):
    element = driver.find_element("css selector", selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()
    return element


def _text(driver) -> str:
    return driver.find_element("tag name", "body").text


def _user_caches(driver) -> list[str]:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.keys().then(k => done(k.filter(n => n.startsWith('sotay-user-')))).catch(() => done(['error']));")


def test_member_reads_listens_adds_to_calendar_and_reads_offline(chrome, live_server, town, tmp_path):
    base, vp = live_server.url, chrome.viewport
    fake_speech(chrome)
    login(chrome, base, "dangvien.lan", PASSWORD, next_path="/hoc-tap/")
    assert "Học tập của tôi" in _text(chrome) and town.study.title in _text(chrome)
    assert_fits(chrome, "Học tập của tôi")
    save_screenshot(chrome, tmp_path, f"{vp}-member-study")

    # Mark the directive read: the checklist says so after the round trip.
    _click(chrome, ".check-item:first-child .check-actions button.btn-primary")
    wait_for(chrome, "return document.querySelector('.check-item.is-read') !== null", what="the read mark")
    assert "Đã đọc 1/2 tài liệu" in _text(chrome)

    # "Nghe" on the study page reads the material itself, and becomes "Dừng"; pause and resume.
    listen = _click(chrome, ".check-item:nth-child(2) [data-listen]")
    wait_for(chrome, "return (window.__spoken || []).length > 0", what="speech to start")
    spoken = chrome.execute_script("return window.__spoken;")
    assert spoken[0]["text"] == town.guide.summary and spoken[0]["voice"] == "vi-VN"  # the material, not this page
    assert listen.text == "Dừng" and listen.accessible_name == "Dừng"
    pause = chrome.find_element("css selector", ".check-item:nth-child(2) [data-listen-pause]")
    assert pause.is_displayed() and pause.text == "Tạm dừng"
    pause.click()
    assert pause.text == "Tiếp tục" and chrome.execute_script("return speechSynthesis.paused;")
    pause.click()
    listen.click()
    assert listen.text == "Nghe" and not pause.is_displayed()

    # Add the meeting to a calendar: the link serves one VEVENT for this meeting.
    href = chrome.find_element("css selector", f'a[href="/sinh-hoat/{town.study.pk}/lich.ics"]').get_attribute("href")
    ics = chrome.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done([r.headers.get('content-type'), t])));", href)
    assert ics[0].startswith("text/calendar") and ics[1].count("BEGIN:VEVENT") == 1
    assert "Hội trường tầng 2" in ics[1]

    # The service worker keeps the page and both materials on the device…
    open_page(chrome, base + "/hoc-tap/")
    materials = chrome.execute_script("return document.querySelectorAll('[data-offline-page]').length;")
    assert materials == 3  # this meeting's two, and the pack of the next one
    wait_for(chrome, f"return document.documentElement.dataset.offlineKept === '{materials + 1}'", timeout=30,
             what="the service worker to keep the page and its materials")
    assert f"Đã lưu {materials} tài liệu trên máy này" in _text(chrome)
    # …so with the network cut they still open, from the checklist link as from their own address.
    assert set_offline(chrome, True) == 1, "no service worker to take offline"
    try:
        open_page(chrome, base + town.guide.get_absolute_url())
        assert "NỘI DUNG TÀI LIỆU NỘI BỘ" in _text(chrome)
        assert chrome.find_element("css selector", "[data-offline-banner]").is_displayed()
        save_screenshot(chrome, tmp_path, f"{vp}-member-offline-material")
        open_page(chrome, base + f"/hoc-tap/tai-lieu/{town.directive.pk}/mo/")
        assert "TOÀN VĂN CHỈ THỊ" in _text(chrome)
        open_page(chrome, base + "/hoc-tap/")
        assert town.study.title in _text(chrome)
        # A page that was never kept: the offline page lists what is available.
        open_page(chrome, base + "/chu-de/")
        assert chrome.find_element("tag name", "h1").text == "Đọc khi không có mạng"
        listed = wait_for(chrome, "return document.documentElement.dataset.offlineListed;", timeout=30,
                          what="the offline list")
        assert listed == str(materials + 1), f"the offline page lists {listed} pages"
        assert town.guide.title in _text(chrome)
        save_screenshot(chrome, tmp_path, f"{vp}-member-offline-page")
    finally:
        set_offline(chrome, False)

    # Logging out deletes the member's copies from the device.
    open_page(chrome, base + "/")
    _click(chrome, "form[data-logout] button")
    wait_for(chrome, "return document.readyState === 'complete' && !document.querySelector('form[data-logout]')",
             what="the logout")
    assert _user_caches(chrome) == []
    set_offline(chrome, True)
    try:
        open_page(chrome, base + town.guide.get_absolute_url())
        assert chrome.find_element("tag name", "h1").text == "Đọc khi không có mạng"
        assert "NỘI DUNG TÀI LIỆU NỘI BỘ" not in _text(chrome)
    finally:
        set_offline(chrome, False)


def test_listen_says_when_the_device_has_no_vietnamese_voice(chrome, live_server, town):
    fake_speech(chrome, voices="[{name: 'English', lang: 'en-US', default: true}]")
    open_page(chrome, live_server.url + town.directive.get_absolute_url())
    listen = _click(chrome, "#nghe [data-listen]")
    wait_for(chrome, "return document.querySelector('#nghe [data-listen-status]').textContent.length > 0",
             what="a message")
    assert "chưa có giọng đọc tiếng Việt" in chrome.find_element("css selector", "#nghe [data-listen-status]").text
    assert listen.text == "Nghe" and chrome.execute_script("return window.__spoken.length") == 0


def test_secretary_announces_records_outcome_and_reminds(chrome, live_server, town, tmp_path):
    base, vp = live_server.url, chrome.viewport
    login(chrome, base, "bithu.hanh", PASSWORD, next_path="/")
    todo = chrome.find_element("css selector", "[data-todo]")
    assert "Việc cần làm của bí thư" in todo.text and town.to_announce.title in todo.text
    assert town.past.title in todo.text and "Đồng chí Minh" in todo.text
    assert chrome.find_element("link text", "Chi bộ của tôi").is_displayed() or vp == "phone"
    assert_fits(chrome, "secretary home")
    save_screenshot(chrome, tmp_path, f"{vp}-secretary-home")

    # Announce the next meeting from the to-do list.
    _click(chrome, f'[data-todo="announce"] a[href="{town.to_announce.get_absolute_url()}"]')
    wait_for(chrome, "return document.querySelector('form[data-action=announce]') !== null", what="meeting page")
    cancel = chrome.find_element("css selector", "form[data-action=cancel] button")
    assert cancel.value_of_css_property("border-top-color") == "rgba(163, 22, 26, 1)"  # red: destructive
    picker = chrome.find_element("css selector", "form[data-action=reschedule] input[name=new_time]")
    assert picker.get_attribute("type") == "datetime-local"
    # Whatever the phone shows inside the picker, the chosen time is written out the Vietnamese way.
    chrome.execute_script("arguments[0].value = '2031-08-20T14:00'; arguments[0].dispatchEvent(new Event('input'));",
                          picker)
    assert chrome.find_element("css selector", "form[data-action=reschedule] .datetime-echo").text == "→ 14:00 20/08/2031"
    chrome.execute_script("document.querySelector('#quan-ly').scrollIntoView();")
    save_screenshot(chrome, tmp_path, f"{vp}-secretary-meeting-actions")
    mail.outbox.clear()
    _click(chrome, "form[data-action=announce] button")
    wait_for(chrome, "return document.body.innerText.includes('Đã thông báo buổi sinh hoạt')", what="announce")
    assert {m.to[0] for m in mail.outbox} >= {"dangvien.lan@example.org", "dangvien.minh@example.org"}

    # Record last month's outcome: held, then concluded with the chair's conclusion.
    open_page(chrome, base + "/")
    _click(chrome, f'[data-todo="outcomes"] a[href="{town.past.get_absolute_url()}"]')
    _click(chrome, "form[data-action=hold] button")
    wait_for(chrome, "return document.querySelector('form[data-action=conclude]') !== null", what="hold")
    chrome.find_element("css selector", "form[data-action=conclude] textarea").send_keys(
        "Chi bộ thống nhất tiếp tục thực hành tiết kiệm trong cơ quan.")
    _click(chrome, "form[data-action=conclude] button")
    wait_for(chrome, "return document.body.innerText.includes('Đã kết luận buổi sinh hoạt')", what="conclude")
    assert "Chi bộ thống nhất tiếp tục thực hành tiết kiệm" in _text(chrome)

    # Remind the members who have not read the materials of the announced meeting.
    open_page(chrome, base + town.study.get_absolute_url())
    assert "0/3 đảng viên đã đọc đủ tài liệu bắt buộc" in _text(chrome)
    _click(chrome, f'a[href="/hoc-tap/sinh-hoat/{town.study.pk}/doc-tai-lieu/"]')
    mail.outbox.clear()
    _click(chrome, ".reminder-form button")
    wait_for(chrome, "return document.body.innerText.includes('Đã gửi nhắc nhở tới 3 đảng viên')", what="reminder")
    assert len(mail.outbox) == 3
    save_screenshot(chrome, tmp_path, f"{vp}-secretary-read-report")


def test_anyone_searches_without_diacritics_and_by_a_sloppy_number(chrome, live_server, town, tmp_path):
    open_page(chrome, live_server.url + "/")
    assert len(chrome.find_elements("css selector", "input[type=search]")) == 1, "one search box per page"
    box = chrome.find_element("css selector", "input[name=q]")
    box.send_keys("chat luong sinh hoat chi bo")
    box.submit()
    wait_for(chrome, "return location.pathname === '/tim-kiem/' && document.readyState === 'complete'",
             what="the search page")
    assert "Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ" in _text(chrome)
    assert len(chrome.find_elements("css selector", "input[type=search]")) == 1
    box = chrome.find_element("css selector", "input[name=q]")
    box.clear()
    box.send_keys("10 ct tw")
    box.submit()
    wait_for(chrome, "return document.querySelector('.exact-match') !== null", what="the exact number match")
    assert "10-CT/TW" in chrome.find_element("css selector", ".exact-match").text
    assert_fits(chrome, "search")
    save_screenshot(chrome, tmp_path, f"{chrome.viewport}-search-number")


def test_dashboard_renders_on_phone_and_desktop(chrome, live_server, town, tmp_path):
    base = live_server.url
    login(chrome, base, "canbo.quang", PASSWORD, next_path="/bao-cao/")
    assert chrome.find_element("css selector", "svg.heatmap").is_displayed()
    assert_fits(chrome, "dashboard")
    # Long cell names wrap in the heatmap instead of being cut.
    assert "Chi bộ Văn phòng 2 của Sở Lao động – Thương binh và Xã hội tỉnh" in " ".join(
        chrome.execute_script("return Array.from(document.querySelectorAll('svg.heatmap a text'))"
                              ".map(t => Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' '));"))
    # The per-cell table scrolls inside its box, the name column stays in view.
    box = chrome.find_element("css selector", "#tung-chi-bo ~ .table-scroll")
    name_cell = box.find_element("css selector", "tbody td:first-child")
    left = name_cell.rect["x"]
    chrome.execute_script("arguments[0].scrollLeft = 400;", box)
    assert abs(name_cell.rect["x"] - left) < 2, "the name column scrolled away"
    save_screenshot(chrome, tmp_path, f"{chrome.viewport}-dashboard")


def test_directive_text_starts_within_a_screen_and_a_half(tmp_path, monkeypatch, live_server, town):
    driver = start_chrome(tmp_path, *PHONE, monkeypatch)
    try:
        open_page(driver, live_server.url + town.directive.get_absolute_url())
        top = driver.execute_script(
            "const h = Array.from(document.querySelectorAll('#toan-van h2')).find(e => e.textContent === 'Toàn văn');"
            "return h.getBoundingClientRect().top + window.scrollY;")
        assert top <= 1.5 * PHONE[1], f"the full text starts {top}px down"
        # Metadata labels stay on one line, and so does every date.
        one_line = ("return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.getClientRects().length > 1"
                    " || e.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(e).lineHeight))"
                    ".map(e => e.textContent);")
        assert driver.execute_script(one_line, ".meta-list dt") == []
        assert driver.execute_script(one_line, "time") == []
        # Relations are folded after the text, with their count.
        summary = driver.find_element("css selector", "#quan-he > summary")
        assert summary.text == "Văn bản liên quan (8)"
        assert driver.execute_script("return document.querySelector('#quan-he').open") is False
        save_screenshot(driver, tmp_path, "phone-directive")
    finally:
        driver.quit()


def test_main_pages_have_no_serious_accessibility_problems(chrome, live_server, town):
    base = live_server.url
    anonymous = ["/", "/thu-vien/", "/thu-vien/?sap_xep=so_hieu&tu_khoa=chi+b%E1%BB%99",
                 town.directive.get_absolute_url(), town.pack.get_absolute_url(), "/chu-de/",
                 town.topic.get_absolute_url(), "/tim-kiem/?q=sinh+hoat", "/tai-khoan/dang-nhap/", "/ngoai-tuyen/"]
    for path in anonymous:
        open_page(chrome, base + path)
        assert_accessible(chrome, path)
        assert_fits(chrome, path)
    login(chrome, base, "bithu.hanh", PASSWORD, next_path="/")
    for path in ["/", "/hoc-tap/", town.guide.get_absolute_url(), town.study.get_absolute_url(),
                 town.cell.get_absolute_url(), f"/hoc-tap/sinh-hoat/{town.study.pk}/doc-tai-lieu/",
                 f"/to-chuc/{town.cell.pk}/ke-hoach/{timezone.localdate().year}/", "/bao-cao/"]:
        open_page(chrome, base + path)
        assert_accessible(chrome, path)
        assert_fits(chrome, path)
