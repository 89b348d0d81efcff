"""Staff see which cited documents are missing from the library, most cited first, and download CSV."""
import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.factories import LibraryItemFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
URL = "/admin/thu-vien/van-ban-con-thieu/"


@pytest.fixture
def citing_items():
    cell = OrganizationFactory(name="Chi bộ Văn phòng")
    a = LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch học tập quý I",
                           body="<p>Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 và Hướng dẫn 12 của Ban Tổ chức Trung ương.</p>")
    b = LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch học tập quý II",
                           body="<p>Tiếp tục triển khai Kết luận 21-KL/TW; Hướng dẫn số 12-HD/BTCTW.</p>")
    c = LibraryItemFactory(kind="BC", symbol="", title="Báo cáo mật của chi bộ", visibility="restricted",
                           allowed=[cell], body="<p>Căn cứ Quy định số 99-QĐ/TW.</p>")
    return a, b, c


def test_report_lists_most_cited_missing_documents(client, citing_items):
    a, b, c = citing_items
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.org", "Mat-khau-thu-2026")
    client.force_login(admin)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("21-KL/TW") < html.index("99-QĐ/TW")  # cited by two items before one
    assert "12-HD/BTCTW" in html and a.title in html and b.title in html
    assert "Triển khai thực hiện" in html  # suggested relation shown
    assert "Quy định 99-QĐ/TW" in html and "Quyết định 99-QĐ/TW" not in html  # the citing words name the kind
    # the short form "Hướng dẫn 12 của Ban Tổ chức Trung ương" joins its full symbol's group
    docs = page.context["documents"]
    hd = next(d for d in docs if d.group_key == "12-hd-btctw")
    assert hd.items_count == 2

    response = client.get(URL + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Văn bản được trích dẫn"
    kl = next(r for r in rows[1:] if r[3] == "21-KL/TW")
    assert kl[6] == "2" and "25/10/2021" in kl[5] and kl[1] == "Kết luận"
    rule = next(r for r in rows[1:] if r[3] == "99-QĐ/TW")
    assert rule[0] == "Quy định 99-QĐ/TW" and rule[1] == "Quy định"


def test_staff_see_only_citing_items_they_may_see(client, citing_items):
    editor = get_user_model().objects.create_user("bientap", "bt@example.org", "Mat-khau-thu-2026")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                Permission.objects.get(codename="change_libraryitem"))
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "21-KL/TW" in html
    assert "99-QĐ/TW" not in html and "Báo cáo mật" not in html


def test_members_cannot_open_the_report(client, citing_items):
    assert client.get(URL).status_code == 302  # to the login page
    user = get_user_model().objects.create_user("dangvien", "dv@example.org", "Mat-khau-thu-2026")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    refused = client.get(URL)  # Wagtail turns the refusal into a redirect to the dashboard with a message
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"


def test_ambiguous_tab_lists_references_matching_several_documents(client):
    btc = OrganizationFactory(name="Ban Tổ chức Trung ương", code="BTCTW", kind="co_quan")
    import datetime as dt

    LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2018, 7, 6))
    LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2022, 3, 1))
    LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch quý III", body="<p>Thực hiện Hướng dẫn 12-HD/BTCTW.</p>",
                       issued_on=dt.date(2024, 7, 1))  # both guides existed by then: ambiguous
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.org", "Mat-khau-thu-2026")
    client.force_login(admin)
    html = client.get(URL + "?trang_thai=ambiguous").content.decode()
    assert "Kế hoạch quý III" in html and "12-HD/BTCTW" in html
    assert "Không có văn bản nào còn thiếu" in client.get(URL).content.decode()
