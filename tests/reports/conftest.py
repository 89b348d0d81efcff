"""A known history of thematic meetings in 2025, with every figure of the report worked out by hand.

Tree::

    Đảng bộ Khối Thử (dang_bo)                      staff_root
    ├── Đảng bộ Sở Thử (co_so)                      staff_sub
    │   ├── Chi bộ Văn phòng 1   all four quarters   member1
    │   └── Chi bộ Văn phòng 2   Q1 and Q3 only      secretary2
    └── Chi bộ Trực thuộc 3      no meeting at all
    Đảng bộ Khác (dang_bo)                          staff_sibling
    └── Chi bộ Khác 1            meetings that must never show

Expected figures for 2025 (see each meeting's comment):

* Văn phòng 1: 5 counted meetings (Q1 1, Q2 1, Q3 1, Q4 2); ratings tốt 1 (90), khá 2 (89, 70),
  trung bình 2 (69, 50), kém 0; average score 368/5 = 73.6; attendance 64/80 = 0.8; materials late
  once → 0.8; outcomes late twice → 0.6; topics 3; tasks open 2, overdue 1.
* Văn phòng 2: 2 counted (Q1, Q3), quarters missing [2, 4]; kém 1 (49) and 1 unscored; average 49.0;
  attendance 9/10 = 0.9; materials and outcomes 1.0; topics ["Xây dựng Đảng"].
* Trực thuộc 3: nothing; quarters missing [1, 2, 3, 4]; every rate null.
* Totals: 7 meetings, 3 cells, 7/3 per cell, 1 compliant cell; average score 417/6 = 69.5;
  attendance 73/90 = 0.811; materials 6/7 = 0.857; outcomes 5/7 = 0.714; tasks 2 open, 1 overdue.
"""
import datetime as dt

import pytest

from organizations.models import OrganizationKind, Role
from tests.world import TZ, local, org, person, superuser
from topics.models import Meeting, MeetingTask, Topic

__all__ = ["TZ", "local"]  # the report tests import them from here
API = "/api/reports/thematic-meetings/"


def meet(cell, when, status="concluded", score=None, att=None, topic=None, announced=None, outcome_after=None,
         duration=90, title=None):
    """One meeting; ``announced`` is a local datetime string; ``outcome_after`` a timedelta after its end."""
    start = local(when)
    m = Meeting.objects.create(
        cell=cell, title=title or f"Chuyên đề {cell.name} {when}", scheduled_at=start, duration_minutes=duration,
        status=status, score=score,
        attendance_present=att[0] if att else None, attendance_total=att[1] if att else None,
        topic=Topic.objects.get_or_create(name=topic)[0] if topic else None,
        announced_at=local(announced) if announced else None,
        outcome_posted_at=(start + dt.timedelta(minutes=duration) + outcome_after) if outcome_after is not None else None,
    )
    return m


def task(meeting, done=False, due=None):
    return MeetingTask.objects.create(meeting=meeting, assignee="Đồng chí A", description="Viết bài thu hoạch",
                                      done=done, due_on=due)


@pytest.fixture
def history(db):
    root = org("Đảng bộ Khối Thử", OrganizationKind.COMMITTEE)
    sub = org("Đảng bộ Sở Thử", OrganizationKind.BASE, root)
    vp1 = org("Chi bộ Văn phòng 1", OrganizationKind.CELL, sub)
    vp2 = org("Chi bộ Văn phòng 2", OrganizationKind.CELL, sub)
    tt3 = org("Chi bộ Trực thuộc 3", OrganizationKind.CELL, root)
    other = org("Đảng bộ Khác", OrganizationKind.COMMITTEE)
    other1 = org("Chi bộ Khác 1", OrganizationKind.CELL, other)
    day = dt.timedelta(days=1)

    # --- Văn phòng 1 -------------------------------------------------------------------------
    # 00:30 on 1 January local time is still 31 December in UTC: must be Q1 2025.
    m1 = meet(vp1, "2025-01-01 00:30", score=90, att=(18, 20), topic="Học tập và làm theo Bác",
              announced="2024-12-30 00:30", outcome_after=day)
    # Announced exactly 1 day before and outcome exactly 2 days after the end: both on time.
    m2 = meet(vp1, "2025-04-10 19:00", status="held", score=89, att=(20, 20), topic="Xây dựng Đảng",
              announced="2025-04-09 19:00", outcome_after=2 * day)
    # Announced one hour before (late) and outcome one minute past the deadline (late).
    m3 = meet(vp1, "2025-07-15 08:00", score=70, att=(15, 20), topic="Học tập và làm theo Bác",
              announced="2025-07-15 07:00", outcome_after=2 * day + dt.timedelta(minutes=1))
    # No announcement time and no outcome time: counted on time for both.
    meet(vp1, "2025-10-20 08:00", score=69, topic="Phòng, chống tham nhũng")
    # 23:30 on 31 December local is Q4 2025; outcome 3 days late.
    meet(vp1, "2025-12-31 23:30", score=50, att=(11, 20), outcome_after=3 * day)
    # Not counted: cancelled, planned, and the neighbouring years.
    cancelled = meet(vp1, "2025-05-05 08:00", status="cancelled", score=95, att=(1, 20), topic="Chủ đề bị hủy",
                     announced="2025-05-05 07:00")
    meet(vp1, "2025-11-30 08:00", status="planned", topic="Chủ đề dự kiến")
    meet(vp1, "2024-12-31 23:30", score=40, att=(1, 20))
    meet(vp1, "2026-01-01 00:30", score=40, att=(1, 20))
    task(m1, done=True, due=dt.date(2025, 2, 1))
    task(m2, due=dt.date(2025, 5, 1))        # open and overdue
    task(m3, due=dt.date(2099, 1, 1))        # open, not yet due
    task(cancelled, due=dt.date(2025, 6, 1))  # belongs to a cancelled meeting: not counted

    # --- Văn phòng 2 -------------------------------------------------------------------------
    meet(vp2, "2025-02-10 08:00", score=49, att=(9, 10), topic="Xây dựng Đảng", announced="2025-02-07 08:00")
    meet(vp2, "2025-08-10 08:00", status="held")  # unscored, no attendance, no topic
    meet(vp2, "2025-05-10 08:00", status="cancelled", score=100)
    meet(vp2, "2025-11-10 08:00", status="postponed", score=80)

    # --- another đảng bộ: must never leak into the reports above ------------------------------
    meet(other1, "2025-03-03 08:00", score=95, att=(5, 5), topic="Chủ đề đảng bộ khác")

    users = {
        "staff_root": person("staff_root", root, Role.STAFF),
        "staff_sub": person("staff_sub", sub, Role.STAFF),
        "staff_sibling": person("staff_sibling", other, Role.STAFF),
        "secretary2": person("secretary2", vp2, Role.SECRETARY),
        "member1": person("member1", vp1, Role.MEMBER),
        "superuser": superuser("admin"),
    }
    return {"root": root, "sub": sub, "vp1": vp1, "vp2": vp2, "tt3": tt3, "other": other, "users": users}


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login
