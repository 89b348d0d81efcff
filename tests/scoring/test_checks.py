"""Automatic checks from the meeting record, under each sheet's settings, shown beside the criteria they inform."""
import re

import pytest

from tests.scoring.conftest import local, logged_in, meeting
from topics.models import Absentee, MinutesSpeech
from topics.scoring.checks import meeting_checks
from topics.scoring.sheets import ensure_default_template

pytestmark = pytest.mark.django_db


def checks_of(m, version):
    return meeting_checks(m, version, list(m.absentees.all()), m.speeches.count())


def test_attendance_is_judged_against_each_sheets_threshold(two):
    m = meeting(two.cell_a, attendance_present=17, attendance_total=20)
    one = two.sheet_one.current_version            # attendance ≥ 80 %
    default = ensure_default_template().current_version  # attendance ≥ 90 %
    assert checks_of(m, one)["attendance"].ok is True
    check = checks_of(m, default)["attendance"]
    assert check.ok is False and "17/20" in check.detail and "85 %" in check.detail and "90 %" in check.detail
    assert checks_of(meeting(two.cell_a, "2025-04-01 08:00"), one)["attendance"].ok is None  # not recorded


def test_unexcused_absences_count_missing_reasons_and_unnamed_absentees(two):
    version = two.sheet_one.current_version  # no unexcused absence allowed
    m = meeting(two.cell_a, attendance_present=7, attendance_total=10)
    Absentee.objects.create(meeting=m, name="Đ/c Có lý do", reason="Ốm")
    Absentee.objects.create(meeting=m, name="Đ/c Không lý do", reason=" ")
    check = checks_of(m, version)["absences"]
    assert check.ok is False and check.detail.startswith("2 đảng viên vắng không lý do")  # 1 blank + 1 unnamed
    assert "1 người vắng không có tên" in check.detail
    m.attendance_present = 8
    m.save()
    Absentee.objects.filter(meeting=m, reason=" ").update(reason="Đi công tác")
    assert checks_of(m, version)["absences"].ok is True


def test_duration_materials_and_minutes(two):
    version = two.sheet_one.current_version  # 90 minutes, materials 1 day ahead
    m = meeting(two.cell_a, "2025-05-10 08:00")
    m.duration_minutes = 60
    m.announced_at = local("2025-05-09 09:00")  # 23 hours ahead
    checks = checks_of(m, version)
    assert checks["duration"].ok is False and "60 phút" in checks["duration"].detail
    assert checks["materials"].ok is False
    m.duration_minutes, m.announced_at = 90, local("2025-05-09 08:00")
    checks = checks_of(m, version)
    assert checks["duration"].ok is True and checks["materials"].ok is True
    m.announced_at = None
    assert checks_of(m, version)["materials"].ok is None
    minutes = checks["minutes"]
    assert minutes.ok is False and "chủ trì" in minutes.detail and "kết luận" in minutes.detail
    m.chair, m.minutes_secretary, m.conclusion = "Đ/c A", "Đ/c B", "Kết luận."
    m.attendance_present, m.attendance_total = 9, 10
    m.save()
    assert checks_of(m, version)["minutes"].ok is False  # no proceedings nor speeches yet
    MinutesSpeech.objects.create(meeting=m, speaker="Đ/c C", gist="Ý kiến")
    assert checks_of(m, version)["minutes"].ok is True


def test_meeting_page_shows_each_check_beside_its_criterion(two):
    m = meeting(two.cell_a, attendance_present=10, attendance_total=20, announced_at=local("2025-03-01 08:00"))
    html = logged_in(two.member_a).get(m.get_absolute_url()).content.decode()
    rows = dict(re.findall(r'<tr data-criterion="(\w+)">(.*?)</tr>', html, re.S))
    assert 'data-check="attendance" data-state="fail"' in rows["du_hop"] and "10/20" in rows["du_hop"]
    assert 'data-check="materials" data-state="ok"' in rows["chuan_bi"]
    assert 'data-check="minutes" data-state="fail"' in rows["ket_thuc"]
    assert "data-check" not in rows["tien_hanh"]
    # Checks no criterion of this sheet names are listed under the table.
    tail = html.split('class="checks"')[1].split("</ul>")[0]
    assert 'data-check="duration"' in tail and 'data-check="absences"' in tail
