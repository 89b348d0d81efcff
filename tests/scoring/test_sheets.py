"""Which sheet applies where, versions, validation, and the default sheet the migration made of the old one."""
import pytest
from django.core.exceptions import ValidationError

from tests.scoring.conftest import make_template, meeting
from topics import services
from topics.models import Level
from topics.scoring.models import ScoringTemplate
from topics.scoring.services import score_confirm, score_propose
from topics.scoring.sheets import (effective_templates, effective_version, ensure_default_template, template_publish,
                                   validate_criteria, validate_sheet)

pytestmark = pytest.mark.django_db


def test_the_old_fixed_sheet_is_the_default_template(db):
    default = ensure_default_template()
    version = default.current_version
    assert default.organization is None and version.number == 1
    assert [(c["code"], c["points"]) for c in version.criteria] == [
        ("thoi_luong", 5), ("du_hop", 5), ("chuan_bi", 10), ("tien_hanh", 30), ("chu_tri", 10), ("nguyen_tac", 5),
        ("ket_qua_ky_truoc", 30), ("ket_thuc", 5)]
    assert (version.tot_min, version.kha_min, version.trung_binh_min) == (90, 70, 50)
    assert ScoringTemplate.objects.filter(organization__isnull=True).count() == 1  # the migration's, not a copy


def test_each_cell_gets_the_sheet_of_the_closest_level_and_kind(two):
    assert effective_version(two.cell_a, "chuyen_de").template == two.sheet_one
    assert effective_version(two.cell_a, "thuong_ky").template == two.sheet_one  # one sheet for both kinds
    assert effective_version(two.cell_b, "chuyen_de").template == two.sheet_two_cd
    assert effective_version(two.cell_b, "thuong_ky").template == two.sheet_two_tk
    assert effective_version(two.cell_c1, "chuyen_de").template == two.sheet_c  # a lower level's own sheet wins
    assert effective_version(two.free, "chuyen_de").template.organization is None
    # A retired sheet: the cells below fall back to the level above.
    ScoringTemplate.objects.filter(pk=two.sheet_c.pk).update(active=False)
    assert effective_version(two.cell_c1, "chuyen_de").template == two.sheet_two_cd


def test_many_cells_resolve_in_one_query(two, django_assert_num_queries):
    cells = [two.cell_a, two.cell_b, two.cell_c1, two.free]
    with django_assert_num_queries(1):
        found = effective_templates(cells, "chuyen_de")
    assert [found[c.pk].name for c in cells] == ["Phiếu Khối Một", "Phiếu chuyên đề Khối Hai", "Phiếu cơ sở Hai C",
                                                 ensure_default_template().name]


def test_two_dang_bo_score_with_their_own_sheets_in_one_database(two):
    a = meeting(two.cell_a)
    b = meeting(two.cell_b)
    with pytest.raises(ValidationError, match="noi_dung"):
        score_propose(a, {"noi_dung": 50})  # the other đảng bộ's code
    pa = score_propose(a, {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 36, "ket_thuc": 15})
    pb = score_propose(b, {"noi_dung": 50, "thao_luan": 36})
    score_confirm(pa)
    score_confirm(pb)
    a.refresh_from_db()
    b.refresh_from_db()
    # Both 86 points: Khá on Khối Một's sheet (Tốt ≥ 90), Tốt on Khối Hai's thematic sheet (Tốt ≥ 85).
    assert (a.score, a.level, a.scoring_version.template) == (86, Level.KHA, two.sheet_one)
    assert (b.score, b.level, b.scoring_version.template) == (86, Level.TOT, two.sheet_two_cd)
    assert a.criteria_scores == {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 36, "ket_thuc": 15}
    # A regular meeting of the same cell goes on the regular sheet.
    regular = meeting(two.cell_b, "2025-03-20 08:00", kind="thuong_ky")
    assert score_propose(regular, {"nen_nep": 45, "nghi_quyet": 40}).version.template == two.sheet_two_tk


def test_a_meeting_scored_before_a_sheet_change_keeps_its_level(two):
    before = meeting(two.cell_a, "2025-03-10 08:00")
    score_confirm(score_propose(before, {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 38, "ket_thuc": 15}))
    before.refresh_from_db()
    assert (before.score, before.level) == (88, Level.KHA)
    old_version = before.scoring_version
    # The đảng bộ lowers its Tốt threshold to 85 and renames a criterion: a new version.
    two.sheet_one.tot_min = 85
    two.sheet_one.save()
    two.sheet_one.criteria.filter(code="tien_hanh").update(label="Tiến hành, thảo luận")
    new_version = template_publish(two.sheet_one)
    assert new_version.number == old_version.number + 1 and new_version.tot_min == 85
    before.refresh_from_db()
    assert before.scoring_version == old_version and before.level == Level.KHA  # unchanged
    after = meeting(two.cell_a, "2025-06-10 08:00")
    score_confirm(score_propose(after, {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 38, "ket_thuc": 15}))
    after.refresh_from_db()
    assert (after.score, after.level, after.scoring_version) == (88, Level.TOT, new_version)
    # Saving without a change writes no version.
    assert template_publish(two.sheet_one) == new_version


def test_outcome_service_scores_on_the_cells_sheet(two):
    m = meeting(two.cell_b, status="held")
    services.meeting_record_outcome(m, criteria={"noi_dung": 55, "thao_luan": 30})
    m.refresh_from_db()
    assert (m.score, m.level, m.scoring_version.template) == (85, Level.TOT, two.sheet_two_cd)
    with pytest.raises(ValidationError, match="từ 0 đến 40"):
        services.meeting_record_outcome(m, criteria={"thao_luan": 41})


@pytest.mark.parametrize("criteria, thresholds, message", [
    ([("a", 50), ("b", 40)], (90, 70, 50), "phải bằng 100 (hiện là 90)"),
    ([("a", 50), ("a", 50)], (90, 70, 50), "bị trùng: a"),
    ([("a", 100)], (70, 90, 50), "tăng dần"),
    ([("a", 100)], (90, 50, 50), "tăng dần"),
    ([], (90, 70, 50), "ít nhất một tiêu chí"),
])
def test_a_sheet_must_add_up_to_100_with_ordered_thresholds(criteria, thresholds, message):
    errors = validate_sheet([{"code": c, "points": p} for c, p in criteria], tot_min=thresholds[0],
                            kha_min=thresholds[1], trung_binh_min=thresholds[2])
    assert any(message in e for e in errors), errors


def test_points_are_checked_against_the_version(two):
    version = two.sheet_one.current_version
    assert validate_criteria(version, {"chuan_bi": "15", "du_hop": 20}) == (
        {"chuan_bi": 15, "du_hop": 20, "tien_hanh": 0, "ket_thuc": 0}, 35)
    for bad in ({"chuan_bi": 16}, {"chuan_bi": -1}, {"chuan_bi": 2.5}, {"chuan_bi": "mười"}, {"chuan_bi": True}):
        with pytest.raises(ValidationError, match="Chuẩn bị"):
            validate_criteria(version, bad)
    with pytest.raises(ValidationError, match="không có trong phiếu"):
        validate_criteria(version, {"thoi_luong": 5})


def test_a_second_template_of_the_same_organization(two):
    """Khối Một adds a regular-meeting sheet: it beats the both-kinds sheet for regular meetings only."""
    regular = make_template(two.one, "Phiếu thường kỳ Khối Một", [("x", "X", 100, "")], applies_to="thuong_ky")
    assert effective_version(two.cell_a, "thuong_ky").template == regular
    assert effective_version(two.cell_a, "chuyen_de").template == two.sheet_one
