"""The fixed 8-criteria sheet becomes the portal-wide default template (version 1), and every meeting keeps its
score and level exactly: its points move from the ``q_*`` columns to ``criteria_scores`` under the template's
codes, and a scored meeting points at version 1, whose thresholds (90 / 70 / 50) are the ones levels were
computed with. The sheet is written out here as it was (a migration records history; the current default
lives in topics/scoring/sheets.py).
"""
from django.db import migrations

NAME = "Phiếu đánh giá chất lượng sinh hoạt (100 điểm, theo Hướng dẫn 42-HD/BTCTW)"
# (old column, code, label, points, automatic check)
SHEET = [
    ("q_duration", "thoi_luong", "Thời lượng", 5, "duration"),
    ("q_attendance", "du_hop", "Tỷ lệ dự họp (≥ 90 %)", 5, "attendance"),
    ("q_preparation", "chuan_bi", "Chuẩn bị", 10, "materials"),
    ("q_conduct", "tien_hanh", "Tiến hành (nội dung, tỷ lệ phát biểu)", 30, ""),
    ("q_chairing", "chu_tri", "Điều hành của chủ trì", 10, ""),
    ("q_principles", "nguyen_tac", "Nguyên tắc sinh hoạt", 5, "absences"),
    ("q_previous_results", "ket_qua_ky_truoc", "Kết quả thực hiện nghị quyết kỳ trước", 30, ""),
    ("q_closing", "ket_thuc", "Kết thúc", 5, "minutes"),
]
YEAR_RULES = [
    {"level": "tot", "all_at_least": "kha", "min_count": 2, "count_level": "tot"},
    {"level": "kha", "all_at_least": "trung_binh", "min_count": 2, "count_level": "kha"},
    {"level": "trung_binh", "all_at_least": "", "min_count": 1, "count_level": "trung_binh"},
]
SETTINGS = {"tot_min": 90, "kha_min": 70, "trung_binh_min": 50, "attendance_threshold": 90,
            "max_unexcused_absences": 0, "min_duration_minutes": 90, "materials_lead_days": 1}
COLUMNS = [column for column, *_rest in SHEET]


def forwards(apps, schema_editor):
    Template = apps.get_model("topics", "ScoringTemplate")
    Criterion = apps.get_model("topics", "ScoringCriterion")
    YearRule = apps.get_model("topics", "YearRule")
    Version = apps.get_model("topics", "ScoringVersion")
    Meeting = apps.get_model("topics", "Meeting")
    template = Template.objects.create(name=NAME, applies_to="all", active=True, **SETTINGS)
    for i, (_column, code, label, points, check) in enumerate(SHEET):
        Criterion.objects.create(template=template, sort_order=i, code=code, label=label, points=points,
                                 auto_check=check)
    for i, rule in enumerate(YEAR_RULES):
        YearRule.objects.create(template=template, sort_order=i, **rule)
    version = Version.objects.create(
        template=template, number=1, name=NAME, applies_to="all", year_rules=YEAR_RULES,
        criteria=[{"code": code, "label": label, "points": points, "check": check}
                  for _column, code, label, points, check in SHEET], **SETTINGS)
    template.current_version = version
    template.save(update_fields=["current_version"])
    changed = []
    for meeting in Meeting.objects.only("pk", "score", *COLUMNS).iterator(chunk_size=2000):
        points = {code: getattr(meeting, column) for column, code, *_rest in SHEET
                  if getattr(meeting, column) is not None}
        if meeting.score is None and not points:
            continue
        meeting.criteria_scores = points
        meeting.scoring_version_id = version.pk
        changed.append(meeting)
        if len(changed) >= 2000:
            Meeting.objects.bulk_update(changed, ["criteria_scores", "scoring_version"])
            changed = []
    Meeting.objects.bulk_update(changed, ["criteria_scores", "scoring_version"])


def backwards(apps, schema_editor):
    """Points of meetings scored on the default version go back to the columns (other sheets have none)."""
    Meeting = apps.get_model("topics", "Meeting")
    changed = []
    for meeting in Meeting.objects.filter(scoring_version__template__organization__isnull=True,
                                          scoring_version__number=1).iterator(chunk_size=2000):
        for column, code, *_rest in SHEET:
            setattr(meeting, column, meeting.criteria_scores.get(code))
        changed.append(meeting)
    Meeting.objects.bulk_update(changed, COLUMNS, batch_size=2000)
    Meeting.objects.update(scoring_version=None, criteria_scores={})
    apps.get_model("topics", "ScoringTemplate").objects.update(current_version=None)
    apps.get_model("topics", "ScoreProposal").objects.all().delete()
    apps.get_model("topics", "ScoringVersion").objects.all().delete()
    apps.get_model("topics", "ScoringTemplate").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('topics', '0006_scoring_templates'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
