"""The scoring flow through the meeting page: the secretary proposes, members present vote, the level above
confirms or adjusts with a reason; reports show the confirmed level; the history stays."""
import re

import pytest

from organizations.models import Role
from tests.scoring.conftest import SCORING_URL, logged_in, meeting, user
from topics.models import Absentee
from topics.scoring.models import ProposalStatus, ScoreDecision, ScoreProposal, ScoreVote

pytestmark = pytest.mark.django_db
API = "/api/reports/thematic-meetings/"


def post(client, m, **data):
    return client.post(SCORING_URL.format(pk=m.pk), data, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def points(**values):
    return {f"c_{code}": v for code, v in values.items()}


def test_proposal_vote_confirmation_through_the_meeting_page(two):
    m = meeting(two.cell_a, attendance_present=3, attendance_total=4)
    page = m.get_absolute_url()
    secretary, member, member2 = (logged_in(u) for u in (two.secretary_a, two.member_a, two.member_a2))
    staff = logged_in(two.staff_one)

    # Before anything: the sheet of Khối Một, with its codes, and no score yet.
    html = secretary.get(page).content.decode()
    assert "Phiếu: Phiếu Khối Một (phiên bản 1)" in html and 'data-criterion="tien_hanh"' in html
    assert 'data-form="propose"' in html and 'data-form="confirm"' not in html
    assert 'data-form="propose"' not in member.get(page).content.decode()

    # 1. The secretary proposes 15 + 20 + 40 + 15 = 90.
    r = post(secretary, m, action="propose", note="Chi ủy thống nhất", **points(chuan_bi=15, du_hop=20, tien_hanh=40,
                                                                               ket_thuc=15))
    assert "Đã gửi đề xuất 90 điểm" in messages_of(r)
    proposal = ScoreProposal.objects.get(meeting=m)
    assert proposal.total == 90 and proposal.proposed_by == two.secretary_a
    m.refresh_from_db()
    assert m.score is None  # not confirmed: nothing shown in reports yet

    # 2. Members present vote, once each.
    html = member.get(page).content.decode()
    assert 'data-form="vote"' in html and "Chi ủy đề xuất 90 điểm — biểu quyết: 0 tán thành" in html
    assert "Đã ghi nhận biểu quyết" in messages_of(post(member, m, action="vote", agree="1"))
    assert "mỗi đảng viên một phiếu" in messages_of(post(member, m, action="vote", agree="0"))
    post(member2, m, action="vote", agree="0")
    post(secretary, m, action="vote", agree="1")
    assert ScoreVote.objects.filter(proposal=proposal).count() == 3
    html = member.get(page).content.decode()
    assert "2 tán thành, 1 không tán thành" in html and "Đồng chí đã biểu quyết tán thành." in html
    # A fourth vote would exceed the 3 members present.
    extra = user("member_a3", two.cell_a, Role.MEMBER)
    assert "bằng số đảng viên có mặt (3)" in messages_of(post(logged_in(extra), m, action="vote", agree="1"))

    # 3. Staff of Khối Một adjust one criterion: a reason is required.
    html = staff.get(page).content.decode()
    assert 'data-form="confirm"' in html and 'value="40"' in html  # pre-filled with the proposal
    r = post(staff, m, action="confirm", **points(chuan_bi=15, du_hop=20, tien_hanh=35, ket_thuc=15))
    assert "Cần nêu lý do" in messages_of(r)
    m.refresh_from_db()
    assert m.score is None
    r = post(staff, m, action="confirm", reason="Tỷ lệ phát biểu thấp", **points(chuan_bi=15, du_hop=20,
                                                                                 tien_hanh=35, ket_thuc=15))
    assert "Đã điều chỉnh và xác nhận 85 điểm" in messages_of(r)
    m.refresh_from_db()
    assert (m.score, m.get_level_display(), m.criteria_scores["tien_hanh"]) == (85, "Khá", 35)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    decision = ScoreDecision.objects.get(proposal=proposal)
    assert decision.adjusted and decision.reason == "Tỷ lệ phát biểu thấp" and decision.decided_by == two.staff_one

    # The page shows the confirmed level and the whole history, names for the cell and its staff.
    html = member.get(page).content.decode()
    assert re.search(r'data-level[^>]*><strong>Khá</strong>', html)
    history = html.split("data-score-history")[1]
    assert "chi ủy đề xuất 90 điểm" in history and "2 tán thành, 1 không tán thành" in history
    assert "cấp trên điều chỉnh thành 85 điểm" in history and "Tỷ lệ phát biểu thấp" in history
    assert "Staff One" in history

    # The report counts the confirmed level.
    data = staff.get(API, {"org": "Đảng bộ Khối Một", "year": 2025}).json()
    assert data["ratings"] == {"tot": 0, "kha": 1, "trung_binh": 0, "kem": 0} and data["average_score"] == 85


def test_confirming_as_proposed_needs_no_reason_and_a_new_proposal_replaces_the_open_one(two):
    m = meeting(two.cell_b)
    secretary, staff = logged_in(two.secretary_b), logged_in(two.staff_two)
    post(secretary, m, action="propose", **points(noi_dung=50, thao_luan=30))
    post(logged_in(two.member_b), m, action="vote", agree="1")
    post(secretary, m, action="propose", **points(noi_dung=55, thao_luan=30))  # corrected before confirmation
    first, second = ScoreProposal.objects.filter(meeting=m).order_by("pk")
    assert (first.status, second.status) == (ProposalStatus.REPLACED, ProposalStatus.OPEN)
    assert first.votes.count() == 1 and second.votes.count() == 0  # votes stay with what they voted on
    r = post(staff, m, action="confirm", **points(noi_dung=55, thao_luan=30))
    assert "Đã xác nhận 85 điểm" in messages_of(r)
    m.refresh_from_db()
    assert (m.score, m.get_level_display()) == (85, "Tốt")  # Khối Hai's thematic sheet: Tốt ≥ 85
    html = logged_in(two.member_b).get(m.get_absolute_url()).content.decode()
    assert "đã thay bằng đề xuất mới" in html and "cấp trên xác nhận 85 điểm" in html


@pytest.mark.parametrize("who, action, expected", [
    ("member_a", "propose", "không có quyền"),      # members vote, the committee proposes
    ("secretary_a", "confirm", "không có quyền"),   # the cell does not confirm its own score
    ("staff_two", "propose", None),                 # another đảng bộ's staff: the meeting does not exist for them
    ("staff_two", "confirm", None),
    ("secretary_b", "vote", None),
])
def test_who_may_do_what(two, who, action, expected):
    m = meeting(two.cell_a)
    ScoreProposal.objects.create(meeting=m, version=two.sheet_one.current_version, criteria={"chuan_bi": 15},
                                 total=15)
    response = post(logged_in(getattr(two, who)), m, action=action, agree="1", reason="x",
                    **points(chuan_bi=15, du_hop=20, tien_hanh=45, ket_thuc=20))
    if expected is None:
        assert response.status_code == 404
    else:
        assert expected in messages_of(response)
    m.refresh_from_db()
    assert m.score is None and ScoreProposal.objects.filter(meeting=m).count() == 1
    assert not ScoreVote.objects.exists()


def test_anonymous_and_bad_input(two, client):
    m = meeting(two.cell_a)
    assert client.post(SCORING_URL.format(pk=m.pk), {"action": "propose"}).status_code == 404
    secretary = logged_in(two.secretary_a)
    assert "Thao tác không hợp lệ" in messages_of(post(secretary, m, action="drop"))
    r = post(secretary, m, action="propose", **points(chuan_bi=99, du_hop="hai mươi"))
    assert "Tối đa 15 điểm" in messages_of(r) and "Nhập một số nguyên" in messages_of(r)
    assert not ScoreProposal.objects.exists()
    assert secretary.get(SCORING_URL.format(pk=m.pk)).status_code == 405


def test_a_meeting_that_has_not_taken_place_is_not_scored(two):
    m = meeting(two.cell_a, "2099-01-01 08:00", status="announced")
    secretary = logged_in(two.secretary_a)
    assert 'data-form="propose"' not in secretary.get(m.get_absolute_url()).content.decode()
    r = post(secretary, m, action="propose", **points(chuan_bi=15))
    assert "đã tổ chức" in messages_of(r) and not ScoreProposal.objects.exists()


def test_meeting_page_query_count_with_a_scoring_history(two, django_assert_max_num_queries):
    m = meeting(two.cell_a, attendance_present=9, attendance_total=10, chair="Đ/c Chủ trì",
                minutes_secretary="Đ/c Thư ký", conclusion="Kết luận.", minutes="Diễn biến.")
    Absentee.objects.create(meeting=m, name="Vắng", reason="")
    version = two.sheet_one.current_version
    for n in range(6):
        p = ScoreProposal.objects.create(meeting=m, version=version, criteria={"chuan_bi": n}, total=n,
                                         status=ProposalStatus.REPLACED, proposed_by=two.secretary_a)
        for u in (two.member_a, two.member_a2):
            ScoreVote.objects.create(proposal=p, user=u, agree=bool(n % 2))
        ScoreDecision.objects.create(proposal=p, criteria={}, total=n, decided_by=two.staff_one)
    ScoreProposal.objects.create(meeting=m, version=version, criteria={"chuan_bi": 9}, total=9)
    for who in (two.member_a, two.secretary_a, two.staff_one):
        client = logged_in(who)
        with django_assert_max_num_queries(19):
            html = client.get(m.get_absolute_url()).content.decode()
        assert html.count("chi ủy đề xuất") >= 7
