"""GET /api/meetings/: the contract's shape, filters, errors and a constant number of queries."""
import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, TopicFactory
from tests.topics.conftest import local
from topics.models import MeetingStatus

pytestmark = pytest.mark.django_db
KEYS = {"id", "title", "cell", "topic", "status", "scheduled_at", "duration_minutes", "url", "ics_url", "materials",
        "conclusion", "score", "level"}


def test_shape_and_values(world, client_for):
    topic = TopicFactory(name="Lý luận chính trị")
    m = MeetingFactory(cell=world.cell_a, title="Chuyên đề quý III", topic=topic, scheduled_at=local(2031, 8, 20, 9, 0),
                       duration_minutes=120, status=MeetingStatus.CONCLUDED, conclusion="Kết luận mẫu.", score=91)
    doc = LibraryItemFactory(symbol="999-CT/TW", title="Chỉ thị mẫu")
    MeetingMaterialFactory(meeting=m, item=doc, required=False)
    data = client_for(world.member_a).get("/api/meetings/", {"cell": "Chi bộ A", "from": "2031-01-01"}).json()
    assert data["count"] == 1
    (row,) = data["results"]
    assert KEYS <= set(row)
    assert row["id"] == m.pk and row["title"] == "Chuyên đề quý III" and row["cell"] == "Chi bộ A"
    assert row["topic"] == "Lý luận chính trị" and row["status"] == "concluded"
    assert row["scheduled_at"] == "2031-08-20T09:00:00+07:00"
    assert row["duration_minutes"] == 120 and row["conclusion"] == "Kết luận mẫu."
    assert row["score"] == 91 and row["level"] == "tot"
    assert row["url"] == f"http://testserver/sinh-hoat/{m.pk}/"
    assert row["materials"] == [{"title": "Chỉ thị mẫu", "symbol": "999-CT/TW", "required": False,
                                 "url": f"http://testserver/thu-vien/{doc.pk}/"}]
    ics = client_for(world.member_a).get(row["ics_url"])
    assert ics.status_code == 200 and "text/calendar" in ics["Content-Type"]
    assert ics.content.count(b"BEGIN:VEVENT") == 1


def test_filters(world, client_for):
    t1, t2 = TopicFactory(name="Xây dựng Đảng"), TopicFactory(name="Chống tham nhũng")
    MeetingFactory(cell=world.cell_a, topic=t1, scheduled_at=local(2031, 1, 5, 8, 0), status=MeetingStatus.HELD)
    MeetingFactory(cell=world.cell_b, topic=t2, scheduled_at=local(2031, 4, 5, 8, 0))
    MeetingFactory(cell=world.cell_c, topic=t1, scheduled_at=local(2031, 7, 5, 8, 0))
    c = client_for(world.staff_root)

    def ids(**params):
        return client_for(world.staff_root).get("/api/meetings/", params).json()["count"]

    assert ids(org="Đảng bộ cơ sở Một", **{"from": "2031-01-01"}) == 2
    assert ids(org="Đảng bộ Khối Thử", **{"from": "2031-01-01", "to": "2031-12-31"}) == 3
    assert ids(cell="Chi bộ A", **{"from": "2031-01-01"}) == 1
    assert ids(cell="chi bo a", **{"from": "2031-01-01"}) == 1  # without diacritics
    assert ids(topic="Xây dựng Đảng") == 2
    assert ids(status="held") == 1
    assert ids(status="held,planned", **{"from": "2031-01-01"}) == 3
    assert ids(**{"from": "2031-04-05", "to": "05/04/2031"}) == 1  # inclusive day, both date styles
    assert ids(cell="Chi bộ Không Có") == 0
    assert ids(org="Đảng bộ Không Có") == 0
    assert ids(topic="Chủ đề không có") == 0
    assert c.get("/api/meetings/").status_code == 200


@pytest.mark.parametrize("params, words", [
    ({"from": "2031-13-45"}, "không phải ngày hợp lệ"),
    ({"to": "hôm qua"}, "không phải ngày hợp lệ"),
    ({"from": "2031-05-01", "to": "2031-04-01"}, "phải trước"),
    ({"status": "done"}, "Trạng thái không hợp lệ"),
    ({"page": "x"}, "page"),
])
def test_bad_parameters_are_400_with_a_message(world, client_for, params, words):
    r = client_for(world.member_a).get("/api/meetings/", params)
    assert r.status_code == 400 and words in r.json()["error"]


def test_anonymous_sees_only_public_meetings(world, client_for):
    data = client_for(None).get("/api/meetings/").json()
    assert [x["id"] for x in data["results"]] == [world.public_b.pk]


def test_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    for i in range(30):
        m = MeetingFactory(cell=world.cell_a if i % 2 else world.cell_b, topic=TopicFactory(),
                           scheduled_at=timezone.now() + dt.timedelta(days=i))
        for _ in range(3):
            MeetingMaterialFactory(meeting=m)
    c = client_for(world.staff_base1)
    with django_assert_max_num_queries(10):
        data = c.get("/api/meetings/").json()
    assert data["count"] == 32 and all(len(x["materials"]) == 3 for x in data["results"] if x["id"] > world.public_b.pk)
