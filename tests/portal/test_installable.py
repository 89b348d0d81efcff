"""Installable and offline (portal.pwa), the page shell every page shares, and the admin's settings.

The browser side (the service worker really keeping and serving a member's materials offline, and
dropping them at logout) is exercised in tests/browser/test_journeys.py; here: what the server sends."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from portal.context_processors import offline_key
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SITE_CSS = Path(settings.BASE_DIR) / "static" / "portal" / "site.css"


def _static_exists(url: str) -> bool:
    return finders.find(url.removeprefix(settings.STATIC_URL)) is not None


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Sổ tay chuyên đề" and data["start_url"] == "/" and data["lang"] == "vi"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert all(_static_exists(icon["src"]) for icon in data["icons"])


@pytest.mark.parametrize("path", ["/", "/thu-vien/", "/tai-khoan/dang-nhap/", "/ngoai-tuyen/"])
def test_every_page_links_the_manifest_icon_and_service_worker(client, path):
    html = client.get(path).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-sw="/sw.js"' in html and "portal/site.js" in html
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert icons and all(_static_exists(u) for u in icons)


def test_favicon_is_never_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and _static_exists(response["Location"])


def test_service_worker_is_ours_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    assert not re.search(r"https?://", body.split("*/", 1)[1]), "no third-party code or host"
    assert "importScripts" not in body
    # Private copies: only the current key's cache, only pages that carry that key, cleared on a new key.
    assert "sotay-user-" in body and 'found[1] !== key' in body and '"/ngoai-tuyen/"' in body
    version = re.search(r'const VERSION = "(\w+)"', body).group(1)
    assert version != "__SOTAY_VERSION__"


def test_offline_key_is_per_account_and_empty_for_visitors():
    a, b = UserFactory(username="a"), UserFactory(username="b")
    assert offline_key(a) and offline_key(a) == offline_key(a) and offline_key(a) != offline_key(b)
    assert str(a.pk) != offline_key(a) and "a" != offline_key(a)
    anonymous = Client().get("/").content.decode()
    assert '<meta name="sotay-offline-key" content="">' in anonymous
    c = Client()
    c.force_login(a)
    assert f'<meta name="sotay-offline-key" content="{offline_key(a)}">' in c.get("/").content.decode()


def test_offline_page_is_the_same_for_everyone(client):
    user = UserFactory(username="dangvien.rieng", first_name="Riêng")
    MembershipFactory(user=user)
    c = Client()
    c.force_login(user)
    html = c.get("/ngoai-tuyen/").content.decode()
    assert "Đọc khi không có mạng" in html and "data-offline-list" in html
    assert '<meta name="sotay-offline-key" content="">' in html
    assert "Đăng xuất" not in html and "csrfmiddlewaretoken" not in html and "Chi bộ của tôi" not in html
    assert html == client.get("/ngoai-tuyen/").content.decode()


def test_study_page_asks_to_keep_each_material_with_its_checklist_link():
    membership = MembershipFactory()
    meeting = MeetingFactory(cell=membership.organization, scheduled_at=timezone.now() + dt.timedelta(days=2))
    item = LibraryItemFactory()
    MeetingMaterialFactory(meeting=meeting, item=item)
    c = Client()
    c.force_login(membership.user)
    html = c.get("/hoc-tap/").content.decode()
    assert "data-offline-keep" in html
    assert (f'data-offline-page="{item.get_absolute_url()}" data-offline-alias="/hoc-tap/tai-lieu/{item.pk}/mo/"'
            in html)
    # "Nghe" reads the material in place (site.js), or opens it with ?nghe=1 without JavaScript.
    assert f'href="/hoc-tap/tai-lieu/{item.pk}/mo/?nghe=1" data-listen="#toan-van" data-listen-url=' in html
    response = c.get(f"/hoc-tap/tai-lieu/{item.pk}/mo/?nghe=1")
    assert response["Location"] == item.get_absolute_url() + "?nghe=1#nghe"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_focus_ring_contrast_and_no_word_breaking_anywhere():
    css = SITE_CSS.read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere" not in css
    focus = re.search(r"--focus: (#[0-9a-f]{6})", css).group(1)
    accent = re.search(r"--accent: (#[0-9a-f]{6})", css).group(1)
    assert ":focus-visible { outline: 3px solid var(--focus)" in css
    assert _contrast(focus, "#ffffff") >= 3  # on the page
    assert ".site-header :focus-visible { outline-color: #fff" in css
    assert _contrast("#ffffff", accent) >= 3  # on the red header
    assert "time, .nowrap { white-space: nowrap; }" in css


def test_admin_uses_no_outside_avatar_service_and_speaks_vietnamese(client):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    item = LibraryItemFactory()
    c = Client(HTTP_ACCEPT_LANGUAGE="vi")
    c.force_login(admin)
    html = c.get(f"/admin/snippets/library/libraryitem/edit/{item.pk}/").content.decode()
    assert "Lưu nháp" in html and "Save draft" not in html
    assert "gravatar" not in html.lower()
    dashboard = c.get("/admin/").content.decode()
    assert "H\\u00ecnh \\u1ea3nh" in dashboard  # "Hình ảnh" in the sidebar's JSON, not "Images"
