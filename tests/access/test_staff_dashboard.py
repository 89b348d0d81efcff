"""The staff dashboard on the admin home: the week's work, each list within the editor's scope."""
from datetime import timedelta

from django.utils import timezone

from tests.access.admin_world import admin_world, marker  # noqa: F401 - the fixture
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory
from topics.models import MeetingStatus


def _dashboard(world, role) -> str:
    response = world.client(role).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="viec-can-lam-section"')
    return html[start:html.index("</section>", start)]


def test_drafts_waiting_for_approval_are_listed_for_their_own_dang_bo_only(admin_world):
    mine = _dashboard(admin_world, "staff_a")
    assert "Bản nháp chờ duyệt (1)" in mine and marker("dang_bo", "title") in mine
    other = _dashboard(admin_world, "staff_b")
    assert "Bản nháp chờ duyệt (0)" in other and marker("dang_bo", "title") not in other
    assert "Không có văn bản nào đang chờ duyệt." in other


def test_meetings_this_week_without_materials_until_one_is_added(admin_world):
    cell = admin_world.objects["meeting"]["item"].cell
    soon = MeetingFactory(cell=cell, title="Sinh hoạt tuần này chưa có tài liệu", status=MeetingStatus.ANNOUNCED,
                          scheduled_at=timezone.now() + timedelta(days=2))
    MeetingFactory(cell=cell, title="Sinh hoạt tháng sau", scheduled_at=timezone.now() + timedelta(days=30))
    for role in ("staff_a", "secretary_a1"):
        html = _dashboard(admin_world, role)
        assert "Sinh hoạt trong 7 ngày tới chưa có tài liệu (1)" in html
        assert "Sinh hoạt tuần này chưa có tài liệu" in html and "Sinh hoạt tháng sau" not in html
        assert f"/admin/snippets/topics/meeting/edit/{soon.pk}/" in html
    assert "Sinh hoạt tuần này chưa có tài liệu" not in _dashboard(admin_world, "staff_b")
    MeetingMaterialFactory(meeting=soon, item=admin_world.objects["public"]["item"])
    assert "Mọi buổi sinh hoạt trong tuần đã có tài liệu." in _dashboard(admin_world, "secretary_a1")


def test_cited_documents_missing_from_the_library_are_counted_with_a_link(admin_world):
    LibraryItemFactory(issuer=admin_world.objects["public"]["item"].issuer,
                       body="<p>Thực hiện Chỉ thị số 77-CT/TW của Bộ Chính trị về công tác dân vận.</p>")
    html = _dashboard(admin_world, "staff_a")
    assert "Văn bản được trích dẫn nhưng chưa có (1)" in html
    assert "77-CT/TW" in html and "/admin/thu-vien/van-ban-con-thieu/" in html
    # A secretary does not edit the library: no such list for them.
    assert "Văn bản được trích dẫn nhưng chưa có" not in _dashboard(admin_world, "secretary_a1")


def test_the_dashboard_query_count_does_not_grow_with_the_lists(admin_world, django_assert_max_num_queries):
    client = admin_world.client("staff_a")
    client.get("/admin/")
    for day in range(8):
        MeetingFactory(cell=admin_world.objects["meeting"]["item"].cell, status=MeetingStatus.PLANNED,
                       scheduled_at=timezone.now() + timedelta(days=1, hours=day))
    with django_assert_max_num_queries(60):
        assert "Sinh hoạt trong 7 ngày tới chưa có tài liệu (8)" in client.get("/admin/").content.decode()
