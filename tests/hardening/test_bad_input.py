"""Issue 14, "500s on bad input": each finding as a user would meet it (the fuzz tests cover the rest)."""
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import MeetingFactory
from topics.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db
HUGE = "9999999999999999999999"


def _client():
    return Client(raise_request_exception=False)


def test_search_api_with_a_huge_topic_is_a_400_in_vietnamese(world):
    response = _client().get("/api/search/", {"topic": HUGE, "q": "chỉ thị"})
    assert response.status_code == 400
    assert response.json()["error"] == "Chủ đề không tồn tại."


def test_search_page_with_a_huge_topic_is_a_400_page(world):
    response = _client().get("/tim-kiem/", {"topic": HUGE, "q": "chỉ thị"})
    assert response.status_code == 400
    assert "Chủ đề không tồn tại." in response.content.decode()


@pytest.mark.parametrize("q", ["¹", "chỉ thị ²³", "٣-CT/TW"])
def test_search_with_unicode_digits_answers(world, q):
    """Superscript digits are "digits" to str.isdigit() but not to int() (found by schemathesis)."""
    assert _client().get("/api/search/", {"q": q}).status_code == 200


def test_report_for_an_organization_named_by_a_superscript_digit_is_a_404(world):
    client = _client()
    client.force_login(world.users["superuser"])
    assert client.get("/api/reports/thematic-meetings/", {"org": "¹"}).status_code == 404


@pytest.mark.parametrize("query, words", [
    ({"from": "0001-01-01"}, "from"), ({"to": "9999-12-31"}, "to"), ({"to": "31/12/9999"}, "to"),
    ({"page": HUGE}, "Số trang"), ({"page": "0"}, "Số trang"), ({"page_size": HUGE}, "page_size"),
])
def test_meetings_api_bounds_dates_and_pages(world, query, words):
    response = _client().get("/api/meetings/", query)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_meetings_api_still_reads_both_date_forms(world):
    response = _client().get("/api/meetings/", {"from": "01/01/2000", "to": "2100-12-31"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1  # the public meeting of the world


@pytest.mark.parametrize("query", [{"co_quan": HUGE}, {"nam": "0000"}, {"nam": "9999"}])
def test_library_filters_out_of_bounds_are_a_400_page(world, query):
    response = _client().get("/thu-vien/", query)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("path", [f"/thu-vien/{HUGE}/", f"/sinh-hoat/{HUGE}/", f"/to-chuc/{HUGE}/",
                                  f"/hoc-tap/tai-lieu/{HUGE}/mo/", f"/documents/{HUGE}/x.pdf"])
def test_huge_ids_in_paths_are_not_found(world, path):
    assert _client().get(path).status_code == 404


def test_reschedule_to_year_9999_is_a_form_error_and_saves_nothing(world):
    secretary = world.users["secretary_a"]
    meeting = MeetingFactory(cell=world.cell_a, status=MeetingStatus.PLANNED,
                             scheduled_at=timezone.now() + dt.timedelta(days=5))
    before = Meeting.objects.filter(pk=meeting.pk).values_list("scheduled_at", "status", "sequence").get()
    client = _client()
    client.force_login(secretary)
    response = client.post(f"/sinh-hoat/{meeting.pk}/thao-tac/",
                           {"action": "reschedule", "new_time": "31/12/9999 23:00"}, follow=True)
    assert response.status_code == 200
    assert "Năm 9999 nằm ngoài khoảng cho phép (1900–2100)." in response.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).values_list("scheduled_at", "status", "sequence").get() == before
    # The cell's pages keep working for everyone who may see the meeting.
    assert client.get(f"/sinh-hoat/{meeting.pk}/").status_code == 200
    assert client.get("/api/meetings/").status_code == 200


def test_rollout_due_date_in_year_9999_is_a_form_error(world):
    client = _client()
    client.force_login(world.users["staff_above_a"])
    response = client.post(f"/to-chuc/{world.dang_bo_x.pk}/trien-khai/",
                           {"topic": world.topic.pk, "year": 2026, "quarter": 2, "due_on": "31/12/9999"})
    assert response.status_code == 400
    assert "Năm 9999 nằm ngoài khoảng cho phép" in response.content.decode()


def test_admin_date_fields_refuse_year_9999(world):
    """Every Wagtail admin model form (they all take their fields from Wagtail's override registry)."""
    from wagtail.admin.forms.models import WagtailAdminModelForm

    class Form(WagtailAdminModelForm):
        class Meta(WagtailAdminModelForm.Meta):
            model = Meeting
            fields = ["scheduled_at"]

    form = Form(data={"scheduled_at": "9999-12-31 23:00"})
    assert not form.is_valid()
    assert "Năm 9999 nằm ngoài khoảng cho phép (1900–2100)." in form.errors["scheduled_at"][0]


@pytest.mark.parametrize("role", ["staff_above_a", "superuser"])
def test_admin_urls_with_a_superscript_digit_as_id_are_not_found(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    for path in ("/admin/snippets/library/libraryitem/edit/¹/", "/admin/snippets/topics/meeting/edit/²³/"):
        assert client.get(path).status_code == 404


def test_nul_characters_never_reach_the_database(world):
    """PostgreSQL refuses NUL in text: stripped from every query string and form (it was a 500 there)."""
    client = _client()
    assert client.get("/thu-vien/", {"chu_de": "\x00"}).status_code == 200
    assert client.get("/api/meetings/", {"cell": "Chi bộ\x00"}).status_code == 200
    assert client.get("/lich/cua-toi.ics", {"token": "\x00"}).status_code == 403
    member = world.client("member_a")
    item = world.items["public"]
    assert member.post(f"/hoc-tap/tai-lieu/{item.pk}/ghi-chu/", {"text": "ghi\x00 chú"}).status_code == 302
    assert item.notes.get().text == "ghi chú"


@pytest.mark.parametrize("path", ["/thu-vien/", "/tim-kiem/", "/api/search/", "/api/meetings/"])
def test_a_query_string_with_too_many_fields_is_a_vietnamese_400(world, path):
    """Over DATA_UPLOAD_MAX_NUMBER_FIELDS Django refuses the query string (a SuspiciousOperation); its own 400
    page cannot render the site's base template without the request, so this was a 500."""
    response = _client().get(path + "?" + "&".join(f"f{i}=1" for i in range(1200)))
    assert response.status_code == 400
    body = response.json()["error"] if path.startswith("/api/") else response.content.decode()
    assert "quá nhiều tham số" in body


def test_a_form_body_over_the_upload_limit_is_a_vietnamese_400(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(raise_request_exception=False)
    client.force_login(world.users["secretary_a"])
    response = client.post(f"/sinh-hoat/{world.meeting.pk}/y-kien/", data="text=" + "x" * 20_000,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "Yêu cầu quá lớn" in response.content.decode()
