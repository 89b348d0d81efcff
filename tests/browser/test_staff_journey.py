"""Staff in a real browser: draft a directive in the admin, have it approved, roll a topic out to the cells.

The admin add form is checked with axe-core like every main page; it starts with the cautious scope
("Nội bộ"), shows a pack's tab only for a pack, and its organization tree filters without diacritics.
"""
from __future__ import annotations

import importlib
import time

import pytest
from django.apps import apps
from selenium.webdriver.support.ui import Select

from library.models import LibraryItem, Visibility
from vntext.text import fold
from tests.browser.chrome import assert_accessible, login, open_page, save_screenshot, wait_for
from tests.browser.test_journeys import PASSWORD, chrome, town, viewport  # noqa: F401 - fixtures
from tests.factories import MembershipFactory, UserFactory
from organizations.models import Role
from topics.models import Meeting, Rollout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _until(condition, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _visible(driver, selector: str) -> bool:
    return driver.find_element("css selector", selector).is_displayed()


def test_staff_draft_a_directive_get_it_approved_and_roll_a_topic_out(chrome, live_server, town, tmp_path):
    # A transactional test empties the tables between tests: put back the workflow migration 0006 assigns.
    importlib.import_module("library.migrations.0006_committee_workflow").assign(apps, None)
    reviewer = UserFactory(username="canbo.thu", first_name="Thu")
    MembershipFactory(user=reviewer, organization=town.root, role=Role.STAFF)
    base, vp = live_server.url, chrome.viewport

    login(chrome, base, "canbo.quang", PASSWORD, next_path="/admin/")
    assert "Việc cần làm tuần này" in chrome.find_element("tag name", "main").text
    open_page(chrome, base + "/admin/snippets/library/libraryitem/add/")
    assert_accessible(chrome, "the admin add form")
    assert Select(chrome.find_element("id", "id_visibility")).first_selected_option.get_attribute("value") == "internal"

    # A pack's tab appears only for a pack.
    item_type = Select(chrome.find_element("id", "id_item_type"))
    assert not _visible(chrome, "a.sotay-for-session_pack[role=tab]")
    item_type.select_by_value("session_pack")
    assert _visible(chrome, "a.sotay-for-session_pack[role=tab]")
    assert not _visible(chrome, "a.sotay-for-study_guide[role=tab]")
    item_type.select_by_value("document")

    Select(chrome.find_element("id", "id_kind")).select_by_value("CT")
    chrome.find_element("id", "id_symbol").send_keys("05-CT/ĐU")
    chrome.find_element("id", "id_title").send_keys("Chỉ thị về nâng cao chất lượng sinh hoạt chuyên đề năm 2027")
    issued = chrome.find_element("id", "id_issued_on")
    chrome.execute_script("arguments[0].value = '01/12/2026';", issued)
    # The issuer through Wagtail's chooser, in Vietnamese.
    chooser = chrome.find_element("css selector", "#id_issuer-chooser button.action-choose, "
                                                  "[data-chooser-action-choose]")
    assert "Chọn" in chooser.text
    _click(chrome, chooser)
    wait_for(chrome, "const a = document.querySelector('.modal a[data-chooser-modal-choice]');"
                     "return a !== null && a.getClientRects().length > 0;", what="the organization chooser")
    links = chrome.find_elements("css selector", ".modal a[data-chooser-modal-choice]")
    choice = [a for a in links if fold(town.root.name) in fold(a.get_attribute("textContent"))][:1]
    assert choice, [a.get_attribute("textContent") for a in links]
    choice = choice[0]
    _click(chrome, choice)
    wait_for(chrome, "return document.querySelector('#id_issuer').value !== ''", what="the chosen issuer")

    # The organization tree under "Phạm vi": typing without diacritics finds the cell.
    _click(chrome, chrome.find_element("css selector", "a[role=tab][href='#tab-pham_vi']"))
    tree = chrome.find_elements("css selector", "[data-org-tree]")[0]
    tree.find_element("css selector", "[data-org-filter]").send_keys("van phong 2")
    names = [li.text for li in tree.find_elements("css selector", "li") if li.is_displayed()]
    assert any("Chi bộ Văn phòng 2" in n for n in names) and not any(n == "Chi bộ Văn phòng 1" for n in names)
    save_screenshot(chrome, tmp_path, f"{vp}-staff-add-form")

    # Submit to the committee's review (the action menu's second choice).
    toggles = [t for t in chrome.find_elements("css selector", "footer [data-w-dropdown-target='toggle']")
               if t.is_displayed()]
    chrome.execute_script("arguments[0].click();", toggles[0])  # the sticky footer may sit under a toast
    submit = chrome.find_element("css selector", "button[name='action-submit']")
    wait_for(chrome, "return document.querySelector(\"button[name='action-submit']\").getClientRects().length > 0",
             what="the submit choice in the action menu")
    assert "Cấp ủy duyệt" in submit.text
    chrome.execute_script("arguments[0].click();", submit)
    item = _until(lambda: LibraryItem.objects.filter(symbol="05-CT/ĐU").first(), "the draft to be saved")
    assert not item.live and item.visibility == Visibility.INTERNAL
    assert item.workflow_in_progress

    # Another staff member of the đảng bộ approves it from the dashboard.
    chrome.delete_all_cookies()
    login(chrome, base, "canbo.thu", PASSWORD, next_path="/admin/")
    main = chrome.find_element("tag name", "main").text
    assert "Bản nháp chờ duyệt (1)" in main and "05-CT/ĐU" in main
    approve = [b for b in chrome.find_elements("css selector", f"button[data-workflow-action-url*='/{item.pk}/approve/']")
               if b.get_attribute("data-launch-modal") is None][0]
    assert approve.get_attribute("textContent").strip() == "Duyệt"
    chrome.execute_script("arguments[0].click();", approve)  # in the row's action dropdown
    _until(lambda: LibraryItem.objects.get(pk=item.pk).live, "the approval to publish the directive")

    # Members see it now; staff roll the topic out to every cell of the đảng bộ.
    open_page(chrome, base + f"/to-chuc/{town.root.pk}/trien-khai/")
    Select(chrome.find_element("id", "id_topic")).select_by_visible_text(town.topic.name)
    Select(chrome.find_element("id", "id_quarter")).select_by_value("1")
    year = chrome.find_element("id", "id_year")
    year.clear()
    year.send_keys("2027")
    _click(chrome, chrome.find_element("css selector", "main form button[type=submit]"))
    wait_for(chrome, "return document.body.innerText.includes('Đã triển khai tới các chi bộ')", what="the rollout")
    rollout = Rollout.objects.get(organization=town.root, year=2027, quarter=1)
    assert Meeting.objects.filter(rollout=rollout).count() == 2  # both cells of the đảng bộ
    assert_accessible(chrome, "the rollout page")
    save_screenshot(chrome, tmp_path, f"{vp}-staff-rollout")
