"""Scoring in the Wagtail admin: templates edited by staff within their subtree (validated, versioned), and the
meeting's scoring screen (secretary proposes, members vote on the meeting page, staff above confirm)."""
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.scoring.conftest import SCORING_URL, logged_in, meeting
from topics.models import Level
from topics.scoring.models import ScoreProposal, ScoringTemplate, ScoringVersion

pytestmark = pytest.mark.django_db


def score_url(m):
    return reverse("wagtailsnippets_topics_meeting:score", args=[m.pk])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_proposal_vote_confirmation_through_the_admin(two, django_assert_max_num_queries):
    m = meeting(two.cell_a, attendance_present=9, attendance_total=10)
    secretary, staff = logged_in(two.secretary_a), logged_in(two.staff_one)

    # The meeting's edit form links to the scoring screen instead of taking a score.
    edit = secretary.get(reverse("wagtailsnippets_topics_meeting:edit", args=[m.pk])).content.decode()
    assert score_url(m) in edit and 'name="score"' not in edit and 'name="q_duration"' not in edit

    with django_assert_max_num_queries(25):
        html = secretary.get(score_url(m)).content.decode()
    assert "Phiếu Khối Một" in html and 'data-form="propose"' in html and 'data-form="confirm"' not in html
    r = secretary.post(score_url(m), {"action": "propose", "c_chuan_bi": 15, "c_du_hop": 20, "c_tien_hanh": 45,
                                      "c_ket_thuc": 20}, follow=True)
    assert "Đã gửi đề xuất 100 điểm" in messages_of(r)
    proposal = ScoreProposal.objects.get(meeting=m)

    # Members vote on the meeting page (they have no admin).
    for member in (two.member_a, two.member_a2):
        logged_in(member).post(SCORING_URL.format(pk=m.pk), {"action": "vote", "agree": "1"})
    assert proposal.votes.filter(agree=True).count() == 2

    with django_assert_max_num_queries(25):
        html = staff.get(score_url(m)).content.decode()
    assert "2 tán thành, 0 không tán thành" in html and 'data-form="confirm"' in html
    r = staff.post(score_url(m), {"action": "confirm", "c_chuan_bi": 15, "c_du_hop": 20, "c_tien_hanh": 30,
                                  "c_ket_thuc": 20})
    assert r.status_code == 200 and "Cần nêu lý do điều chỉnh điểm" in r.content.decode()  # form shown again
    r = staff.post(score_url(m), {"action": "confirm", "c_chuan_bi": 15, "c_du_hop": 20, "c_tien_hanh": 30,
                                  "c_ket_thuc": 20, "reason": "Chưa liên hệ thực tế"}, follow=True)
    assert "Đã điều chỉnh và xác nhận 85 điểm" in messages_of(r)
    m.refresh_from_db()
    assert (m.score, m.level) == (85, Level.KHA)
    html = secretary.get(score_url(m)).content.decode()
    assert "cấp trên điều chỉnh thành 85 điểm" in html and "Chưa liên hệ thực tế" in html
    assert 'data-form="confirm"' not in html  # the secretary still cannot confirm
    # The listing links every meeting to its scoring screen.
    assert score_url(m) in staff.get(reverse("wagtailsnippets_topics_meeting:list")).content.decode()


@pytest.mark.parametrize("who, status", [("staff_two", 404), ("secretary_b", 404), ("member_a", 302),
                                         ("superuser", 200)])
def test_scoring_screen_is_scoped(two, who, status):
    m = meeting(two.cell_a)
    client = logged_in(getattr(two, who))
    assert client.get(score_url(m)).status_code == status
    response = client.post(score_url(m), {"action": "propose", "c_chuan_bi": 15})
    assert response.status_code == (302 if status == 200 else status)
    assert ScoreProposal.objects.exists() == (status == 200)


# -- templates -------------------------------------------------------------------------------------------------
def template_form(org, *, name="Phiếu mới", criteria=(("a", "Tiêu chí A", 60), ("b", "Tiêu chí B", 40)),
                  thresholds=(90, 70, 50), applies_to="all", active=True, rules=()):
    return nested_form_data({
        "name": name, "organization": org.pk if org else "", "applies_to": applies_to, "active": active,
        "tot_min": thresholds[0], "kha_min": thresholds[1], "trung_binh_min": thresholds[2],
        "attendance_threshold": 85, "max_unexcused_absences": 0, "min_duration_minutes": 90,
        "materials_lead_days": 1, "description": "",
        "criteria": inline_formset([{"code": c, "label": label, "points": p, "auto_check": ""}
                                    for c, label, p in criteria]),
        "year_rules": inline_formset([{"level": lvl, "all_at_least": floor, "min_count": n, "count_level": cl}
                                      for lvl, floor, n, cl in rules]),
    })


ADD = "wagtailsnippets_topics_scoringtemplate:add"


def test_staff_create_a_template_for_their_subtree_and_it_applies(two):
    base = two.base_c
    ScoringTemplate.objects.filter(pk=two.sheet_c.pk).update(active=False)
    client = logged_in(two.staff_two)
    form = client.get(reverse(ADD)).content.decode()
    assert "Đảng bộ cơ sở Hai C" in form and "Đảng bộ Khối Một" not in form  # owner select: own subtree only
    r = client.post(reverse(ADD), template_form(base, name="Phiếu mới của Hai C", applies_to="chuyen_de",
                                                rules=[("tot", "kha", 2, "tot")]))
    assert r.status_code == 302, r.content.decode()[-3000:]
    template = ScoringTemplate.objects.get(name="Phiếu mới của Hai C")
    version = template.current_version
    assert version.number == 1 and [c["code"] for c in version.criteria] == ["a", "b"]
    assert version.year_rules == [{"level": "tot", "all_at_least": "kha", "min_count": 2, "count_level": "tot"}]
    from topics.scoring.sheets import effective_version
    assert effective_version(two.cell_c1, "chuyen_de") == version

    # Editing writes version 2; meetings scored on version 1 keep it.
    m = meeting(two.cell_c1)
    from topics.scoring.services import score_confirm, score_propose
    score_confirm(score_propose(m, {"a": 60, "b": 28}))
    edit = reverse("wagtailsnippets_topics_scoringtemplate:edit", args=[template.pk])
    r = client.post(edit, template_form(base, name="Phiếu mới của Hai C", applies_to="chuyen_de",
                                        thresholds=(85, 70, 50)))
    assert r.status_code == 302
    assert ScoringVersion.objects.filter(template=template).count() == 2
    m.refresh_from_db()
    assert m.scoring_version == version and m.level == Level.KHA  # 88 < 90 on version 1


@pytest.mark.parametrize("change, message", [
    ({"criteria": (("a", "A", 60), ("b", "B", 30))}, "phải bằng 100 (hiện là 90)"),
    ({"thresholds": (70, 90, 50)}, "tăng dần"),
    ({"criteria": (("a", "A", 50), ("a", "A lần nữa", 50))}, "bị trùng"),
    ({"criteria": (("Chuẩn bị", "A", 100),)}, "chữ thường không dấu"),
    ({"applies_to": "chuyen_de"}, "đã có phiếu"),  # Khối Hai's thematic sheet is active for the same kind
    ({"rules": [("tot", "kha", 1, "tot"), ("tot", "", 2, "tot")]}, "chỉ có một điều kiện"),
])
def test_template_validation(two, change, message):
    client = logged_in(two.staff_two)
    before = ScoringTemplate.objects.count()
    r = client.post(reverse(ADD), template_form(two.two, **change))
    assert r.status_code == 200 and message in r.content.decode()
    assert ScoringTemplate.objects.count() == before


def test_templates_are_scoped_by_the_privacy_layer(two):
    client = logged_in(two.staff_two)
    listing = client.get(reverse("wagtailsnippets_topics_scoringtemplate:list")).content.decode()
    assert "Phiếu chuyên đề Khối Hai" in listing and "Phiếu Khối Một" not in listing
    other = reverse("wagtailsnippets_topics_scoringtemplate:edit", args=[two.sheet_one.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, template_form(two.one, name="MKHACKED")).status_code == 404
    # An owner outside the subtree, or none (the portal default), is refused.
    for org in (two.one, None):
        r = client.post(reverse(ADD), template_form(org, name="Phiếu lấn sân"))
        assert r.status_code == 200
    assert not ScoringTemplate.objects.filter(name__in=["MKHACKED", "Phiếu lấn sân"]).exists()
    # Templates are retired, never deleted.
    delete = reverse("wagtailsnippets_topics_scoringtemplate:delete", args=[two.sheet_two_cd.pk])
    assert client.post(delete).status_code in (302, 403)
    assert ScoringTemplate.objects.filter(pk=two.sheet_two_cd.pk).exists()
    # Secretaries and members do not edit templates.
    assert logged_in(two.secretary_b).get(reverse(ADD)).status_code in (302, 403)


def test_template_screens_query_counts(two, django_assert_max_num_queries):
    from tests.scoring.conftest import make_template
    for n in range(10):
        make_template(two.base_c, f"Phiếu cũ {n}", [(f"m{i}", f"Mục {i}", 10, "") for i in range(10)], active=False)
    client = logged_in(two.staff_two)
    with django_assert_max_num_queries(14):
        listing = client.get(reverse("wagtailsnippets_topics_scoringtemplate:list")).content.decode()
    assert all(f"Phiếu cũ {n}" in listing for n in range(10))
    with django_assert_max_num_queries(26):
        edit = client.get(reverse("wagtailsnippets_topics_scoringtemplate:edit", args=[two.sheet_two_cd.pk]))
    assert edit.status_code == 200 and "noi_dung" in edit.content.decode()
