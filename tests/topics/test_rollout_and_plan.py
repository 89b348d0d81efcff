"""Roll-out of a topic or session pack to every cell below a đảng bộ; the cell's annual plan."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CellFactory, LibraryItemFactory, MeetingFactory, RelationFactory, TopicFactory
from tests.topics.conftest import local
from topics import selectors, services
from topics.models import Meeting, MeetingStatus, Rollout

S = MeetingStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(world):
    topic = TopicFactory(name="Học tập và làm theo Bác")
    guide = LibraryItemFactory(item_type="study_guide", kind="", symbol="", title="Tài liệu hướng dẫn học tập")
    pack = LibraryItemFactory(item_type="session_pack", kind="", symbol="", title="Gói chuyên đề năm 2031",
                              guide=guide, topics=[topic])
    doc1 = LibraryItemFactory(symbol="905-CT/TW", title="Chỉ thị 905")
    doc2 = LibraryItemFactory(kind="HD", symbol="901-HD/TU", title="Hướng dẫn 901")
    RelationFactory(source=pack, target=doc2, relation_type="includes", sort_order=1)
    RelationFactory(source=pack, target=doc1, relation_type="includes", sort_order=0)
    RelationFactory(source=pack, target=LibraryItemFactory(), relation_type="cites")
    pack.docs = [doc1, doc2, guide]
    return pack


def test_rollout_creates_one_planned_meeting_per_cell_below_with_the_pack_materials(world, pack):
    rollout, created = services.rollout_create(world.base1, pack, 2031, 3, dt.date(2031, 9, 15), world.staff_base1)
    assert sorted(m.cell.name for m in created) == ["Chi bộ A", "Chi bộ B"]  # not Chi bộ C (sibling)
    for m in created:
        assert m.status == S.PLANNED and m.pack == pack and m.rollout == rollout
        assert m.topic.name == "Học tập và làm theo Bác"
        assert timezone.localtime(m.scheduled_at).date() == dt.date(2031, 9, 15)
        assert [mm.item for mm in m.materials.order_by("sort_order")] == pack.docs
    assert rollout.created_by == world.staff_base1


def test_rollout_is_idempotent_and_covers_new_cells(world, pack):
    services.rollout_create(world.base1, pack, 2031, 3, None, world.staff_base1)
    rollout, again = services.rollout_create(world.base1, pack, 2031, 3, None, world.staff_base1)
    assert again == []
    assert Rollout.objects.count() == 1 and Meeting.objects.filter(rollout=rollout).count() == 2
    CellFactory(name="Chi bộ D", parent=world.base1)
    _, third = services.rollout_create(world.base1, pack, 2031, 3, None, world.staff_base1)
    assert [m.cell.name for m in third] == ["Chi bộ D"]
    assert Meeting.objects.filter(rollout=rollout).count() == 3


def test_rollout_links_a_meeting_the_cell_had_already_planned(world, pack):
    own = MeetingFactory(cell=world.cell_a, pack=pack, scheduled_at=local(2031, 8, 2, 8, 0))
    rollout, created = services.rollout_create(world.base1, pack, 2031, 3, None, None)
    assert [m.cell for m in created] == [world.cell_b]
    own.refresh_from_db()
    assert own.rollout == rollout


def test_rollout_of_a_topic(world):
    topic = TopicFactory(name="Phòng, chống tham nhũng")
    rollout, created = services.rollout_create(world.root, topic, 2031, 1, None, None)
    assert len(created) == 3 and rollout.title == "Phòng, chống tham nhũng"
    assert all(m.topic == topic and m.pack is None for m in created)
    # default date: the quarter's last day
    assert {timezone.localtime(m.scheduled_at).date() for m in created} == {dt.date(2031, 3, 31)}


@pytest.mark.parametrize("year, quarter, msg", [(2031, 5, "Quý phải từ 1 đến 4"), (1800, 1, "Năm không hợp lệ")])
def test_rollout_refuses_bad_quarter_or_year(world, year, quarter, msg):
    with pytest.raises(ValidationError, match=msg):
        services.rollout_create(world.base1, TopicFactory(), year, quarter)


def test_rollout_refuses_a_plain_document(world):
    with pytest.raises(ValidationError, match="gói chuyên đề"):
        services.rollout_create(world.base1, LibraryItemFactory(), 2031, 1)


def test_rollout_status_shows_scheduled_held_and_not_planned(world, pack):
    rollout, created = services.rollout_create(world.root, pack, 2031, 3, dt.date(2031, 9, 30), None)
    by_cell = {m.cell.name: m for m in created}
    status = services.rollout_status(rollout)
    assert {r["cell"].name: r["state"] for r in status["rows"]} == {
        "Chi bộ A": "not_planned", "Chi bộ B": "not_planned", "Chi bộ C": "not_planned"}
    # Chi bộ A fixes its date; Chi bộ B has held it.
    services.meeting_reschedule(by_cell["Chi bộ A"], timezone.now() + dt.timedelta(days=3))
    b = by_cell["Chi bộ B"]
    Meeting.objects.filter(pk=b.pk).update(status=S.HELD)
    status = services.rollout_status(rollout)
    states = {r["cell"].name: r["state"] for r in status["rows"]}
    assert states == {"Chi bộ A": "scheduled", "Chi bộ B": "held", "Chi bộ C": "not_planned"}
    assert status["counts"]["scheduled"] == 1 and status["counts"]["held"] == 1 and status["counts"]["not_planned"] == 1
    # A cell whose meeting was deleted is "not planned" again.
    by_cell["Chi bộ C"].delete()
    assert {r["cell"].name: r["state"] for r in services.rollout_status(rollout)["rows"]}["Chi bộ C"] == "not_planned"


def test_rollout_pages_are_staff_only(world, pack, client_for):
    url = f"/to-chuc/{world.base1.pk}/trien-khai/"
    assert client_for(world.member_a).get(url).status_code == 404
    assert client_for(world.staff_base2).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    staff = client_for(world.staff_base1)
    assert staff.get(url).status_code == 200
    r = staff.post(url, {"pack": pack.pk, "year": 2031, "quarter": 3, "due_on": "15/09/2031"})
    assert r.status_code == 302
    rollout = Rollout.objects.get()
    page = staff.get(r["Location"])
    assert page.status_code == 200 and "Chi bộ A" in page.content.decode() and "Chưa lên lịch" in page.content.decode()
    assert client_for(world.staff_base2).get(r["Location"]).status_code == 404
    staff.post(url, {"pack": pack.pk, "year": 2031, "quarter": 3})
    assert Meeting.objects.filter(rollout=rollout).count() == 2


def test_rollout_form_refuses_both_or_neither_subject(world, pack, client_for):
    staff = client_for(world.staff_base1)
    r = staff.post(f"/to-chuc/{world.base1.pk}/trien-khai/", {"year": 2031, "quarter": 3})
    assert r.status_code == 400 and "Chọn một chủ đề hoặc một gói chuyên đề" in r.content.decode()
    r = staff.post(f"/to-chuc/{world.base1.pk}/trien-khai/", {"pack": pack.pk, "year": 2031, "quarter": 9})
    assert r.status_code == 400 and "Quý phải từ 1 đến 4" in r.content.decode()


# -- annual plan ----------------------------------------------------------------------------------

def test_plan_warns_about_quarters_without_a_planned_meeting(world):
    topic = TopicFactory(name="Xây dựng Đảng")
    MeetingFactory(cell=world.cell_a, topic=topic, scheduled_at=local(2031, 2, 10, 14, 0))
    MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 5, 10, 14, 0), status=S.CANCELLED)
    MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 9, 30, 23, 30))  # still Q3 in Hà Nội
    plan = selectors.cell_plan(selectors.Viewer(world.member_a), world.cell_a, 2031, today=dt.date(2031, 1, 1))
    assert plan["missing_quarters"] == [2, 4]
    q1, q2 = plan["quarters"][0], plan["quarters"][1]
    assert q1["topics"] == ["Xây dựng Đảng"] and not q1["warnings"]
    assert "Quý 2 chưa có buổi sinh hoạt chuyên đề" in str(q2["warnings"][0])
    assert len(q2["meetings"]) == 1  # the cancelled one is listed, but does not count


def test_plan_page_shows_warnings_and_is_private(world, client_for):
    MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 2, 10, 14, 0))
    url = f"/to-chuc/{world.cell_a.pk}/ke-hoach/2031/"
    html = client_for(world.member_a).get(url).content.decode()
    for q in (2, 3, 4):
        assert f'data-quarter-warning="{q}"' in html
    assert 'data-quarter-warning="1"' not in html
    assert client_for(world.member_b).get(url).status_code == 404
    assert client_for(world.staff_base2).get(url).status_code == 404
    assert client_for(world.staff_base1).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 302


def test_plan_lists_rollouts_the_cell_has_not_scheduled(world):
    topic = TopicFactory(name="Chuyển đổi số")
    rollout, _ = services.rollout_create(world.root, topic, 2031, 2, None, None)
    plan = selectors.cell_plan(selectors.Viewer(world.member_a), world.cell_a, 2031)
    assert plan["quarters"][1]["pending_rollouts"] == [rollout]


def test_committee_plan_counts_cells_with_missing_quarters(world, client_for):
    for q in (1, 2, 3, 4):
        MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 3 * q - 1, 10, 14, 0))
    plan = selectors.committee_plan(selectors.Viewer(world.staff_root), world.root, 2031)
    rows = {r["cell"].name: r for r in plan["rows"]}
    assert rows["Chi bộ A"]["missing"] == [] and rows["Chi bộ B"]["missing"] == [1, 2, 3, 4]
    assert plan["cells_missing"] == 2
    assert client_for(world.staff_root).get(f"/to-chuc/{world.root.pk}/ke-hoach/2031/").status_code == 200
