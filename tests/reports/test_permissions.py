"""Who may read the report: staff of the organization or above and superusers; a secretary their own row."""
import pytest

from tests.reports.conftest import API

pytestmark = pytest.mark.django_db
ROOT = "Đảng bộ Khối Thử"


def get(client, org=ROOT, **params):
    return client.get(API, {"org": org, "year": 2025, **params})


def test_anonymous_gets_403_json_and_login_page_for_the_dashboard(history, client):
    response = get(client)
    assert response.status_code == 403
    assert "đăng nhập" in response.json()["error"]
    for fmt in ("csv", "xlsx"):
        assert get(client, format=fmt).status_code == 403
    page = client.get("/bao-cao/", {"org": ROOT})
    assert page.status_code == 302 and page["Location"].startswith("/tai-khoan/dang-nhap/")


def test_member_is_refused(history, as_user):
    client = as_user(history["users"]["member1"])
    assert get(client).status_code == 403
    assert get(client, org="Chi bộ Văn phòng 1").status_code == 403
    assert get(client, org="Chi bộ Văn phòng 1", format="csv").status_code == 403
    assert client.get("/bao-cao/").status_code == 403


@pytest.mark.parametrize("who", ["staff_root", "superuser"])
def test_staff_of_the_organization_and_superuser_see_every_cell(history, as_user, who):
    response = get(as_user(history["users"][who]))
    assert response.status_code == 200
    assert len(response.json()["cells"]) == 3


def test_staff_above_sees_a_lower_organization(history, as_user):
    response = get(as_user(history["users"]["staff_root"]), org="Đảng bộ Sở Thử")
    assert response.status_code == 200 and len(response.json()["cells"]) == 2


def test_staff_of_a_sibling_or_lower_organization_is_refused(history, as_user):
    assert get(as_user(history["users"]["staff_sibling"])).status_code == 403
    sub = as_user(history["users"]["staff_sub"])
    assert get(sub).status_code == 403                     # staff of a đảng bộ cơ sở: not the khối above
    assert get(sub, org="Đảng bộ Sở Thử").status_code == 200
    assert get(sub, org="Chi bộ Trực thuộc 3").status_code == 403


def test_secretary_gets_only_their_own_cell(history, as_user):
    client = as_user(history["users"]["secretary2"])
    data = get(client).json()
    assert [c["cell"] for c in data["cells"]] == ["Chi bộ Văn phòng 2"]
    assert data["restricted"] is True
    # Totals are of what they may see: nothing of the other cells leaks through them.
    assert data["total_meetings"] == 2 and data["average_per_cell"] == 2 and data["ratings"]["kha"] == 0
    assert [c["cell"] for c in get(client, org="Chi bộ Văn phòng 2").json()["cells"]] == ["Chi bộ Văn phòng 2"]
    assert get(client, org="Chi bộ Văn phòng 1").status_code == 403
    assert get(client, org="Đảng bộ Khác").status_code == 403
    csv_text = get(client, format="csv").content.decode("utf-8-sig")
    assert "Chi bộ Văn phòng 2" in csv_text and "Chi bộ Văn phòng 1" not in csv_text


def test_unknown_organization_is_404_with_a_vietnamese_message(history, as_user):
    response = get(as_user(history["users"]["superuser"]), org="Đảng bộ Không Có")
    assert response.status_code == 404
    assert response.json()["error"] == "Không tìm thấy tổ chức đảng “Đảng bộ Không Có”."


@pytest.mark.parametrize("params, word", [
    ({"year": "20x6"}, "Năm"), ({"year": "99999"}, "Năm"), ({"year": "1800"}, "Năm"),
    ({"quarter": "5"}, "Quý"), ({"quarter": "q1"}, "Quý"), ({"format": "pdf"}, "Định dạng"),
    ({"org": ""}, "org"), ({"org": "x" * 300}, "quá dài"), ({"org": "Đảng\x00bộ"}, None),
])
def test_bad_parameters_are_400_never_500(history, as_user, params, word):
    response = get(as_user(history["users"]["superuser"]), **params)
    if word is None:  # a NUL byte is dropped: the name then matches nothing
        assert response.status_code == 404
        return
    assert response.status_code == 400
    assert word in response.json()["error"]


def test_organization_found_without_accents_or_by_id(history, as_user):
    client = as_user(history["users"]["staff_root"])
    assert get(client, org="dang bo so thu").json()["org"] == "Đảng bộ Sở Thử"
    assert get(client, org=str(history["sub"].pk)).json()["org"] == "Đảng bộ Sở Thử"


def test_year_defaults_to_the_current_one(history, as_user):
    from django.utils import timezone

    response = as_user(history["users"]["staff_root"]).get(API, {"org": ROOT})
    assert response.json()["year"] == timezone.localdate().year


def test_dashboard_permissions(history, as_user):
    assert as_user(history["users"]["staff_sibling"]).get("/bao-cao/", {"org": ROOT}).status_code == 403
    assert as_user(history["users"]["staff_root"]).get("/bao-cao/", {"org": "Không Có"}).status_code == 404
    assert as_user(history["users"]["staff_root"]).get("/bao-cao/", {"org": ROOT, "year": "abc"}).status_code == 400
    assert as_user(history["users"]["superuser"]).get("/bao-cao/", {"org": ROOT}).status_code == 200
