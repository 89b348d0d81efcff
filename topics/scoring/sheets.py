"""Which sheet applies where, versions, and the rules a sheet must follow.

* :func:`effective_versions` / :func:`effective_version`: the version a cell's meeting of a given kind is scored
  with today — the active template of the closest organization at or above the cell that covers the kind
  (one for that kind only beats one for both kinds at the same organization), else the portal-wide default;
* :func:`template_publish`: after a template is saved, write a new version when its content changed;
* :func:`validate_sheet`: points add up to 100, codes unique, thresholds strictly ordered, year rules sane;
* :func:`validate_criteria`: points given for a meeting, checked against a version (unknown code, range).
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Organization
from topics.models import Level, MeetingKind
from topics.scoring.models import AppliesTo, CheckKind, ScoringCriterion, ScoringTemplate, ScoringVersion, YearRule

TOTAL_POINTS = 100
LEVEL_ORDER = {Level.KEM: 0, Level.TRUNG_BINH: 1, Level.KHA: 2, Level.TOT: 3}

# The portal-wide default: the 100-point sheet of 42-HD as applied locally (DOMAIN.md), the sheet every meeting
# was scored with before templates existed. Codes are what ``import_library`` meeting lines use in ``criteria``.
DEFAULT_NAME = "Phiếu đánh giá chất lượng sinh hoạt (100 điểm, theo Hướng dẫn 42-HD/BTCTW)"
DEFAULT_CRITERIA = [
    {"code": "thoi_luong", "label": "Thời lượng", "points": 5, "check": CheckKind.DURATION},
    {"code": "du_hop", "label": "Tỷ lệ dự họp (≥ 90 %)", "points": 5, "check": CheckKind.ATTENDANCE},
    {"code": "chuan_bi", "label": "Chuẩn bị", "points": 10, "check": CheckKind.MATERIALS},
    {"code": "tien_hanh", "label": "Tiến hành (nội dung, tỷ lệ phát biểu)", "points": 30, "check": ""},
    {"code": "chu_tri", "label": "Điều hành của chủ trì", "points": 10, "check": ""},
    {"code": "nguyen_tac", "label": "Nguyên tắc sinh hoạt", "points": 5, "check": CheckKind.ABSENCES},
    {"code": "ket_qua_ky_truoc", "label": "Kết quả thực hiện nghị quyết kỳ trước", "points": 30, "check": ""},
    {"code": "ket_thuc", "label": "Kết thúc", "points": 5, "check": CheckKind.MINUTES},
]
# A good year: every meeting at least Khá and at least two rated Tốt; a fair year: every meeting at least
# Trung bình and two at least Khá; an average year: at least one meeting at least Trung bình.
DEFAULT_YEAR_RULES = [
    {"level": Level.TOT, "all_at_least": Level.KHA, "min_count": 2, "count_level": Level.TOT},
    {"level": Level.KHA, "all_at_least": Level.TRUNG_BINH, "min_count": 2, "count_level": Level.KHA},
    {"level": Level.TRUNG_BINH, "all_at_least": "", "min_count": 1, "count_level": Level.TRUNG_BINH},
]


# -- versions ------------------------------------------------------------------------------------

def snapshot(template: ScoringTemplate) -> dict:
    """What a version copies from a template (its saved rows)."""
    data = {name: getattr(template, name) for name in ScoringTemplate.SETTINGS}
    data.update(name=template.name, applies_to=template.applies_to,
                criteria=[c.as_dict() for c in template.criteria.order_by("sort_order", "pk")],
                year_rules=[r.as_dict() for r in template.year_rules.order_by("sort_order", "pk")])
    return data


def _same(version: ScoringVersion, data: dict) -> bool:
    return all(getattr(version, key) == value for key, value in data.items())


@transaction.atomic
def template_publish(template: ScoringTemplate, user=None) -> ScoringVersion:
    """Make the template's current content a version (a new one only when something changed)."""
    data = snapshot(template)
    current = template.current_version
    if current is not None and _same(current, data):
        return current
    last = template.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ScoringVersion.objects.create(
        template=template, number=last + 1, created_by=user if getattr(user, "is_authenticated", False) else None,
        **data)
    ScoringTemplate.objects.filter(pk=template.pk).update(current_version=version)
    template.current_version = version
    return version


@transaction.atomic
def ensure_default_template() -> ScoringTemplate:
    """The portal-wide default template (created by migration 0006; re-created if a database lost it)."""
    template = (ScoringTemplate.objects.filter(organization__isnull=True, active=True)
                .select_related("current_version").order_by("pk").first())
    if template is None:
        template = ScoringTemplate.objects.create(name=DEFAULT_NAME)
        ScoringCriterion.objects.bulk_create([
            ScoringCriterion(template=template, sort_order=i, code=c["code"], label=c["label"], points=c["points"],
                             auto_check=c["check"]) for i, c in enumerate(DEFAULT_CRITERIA)])
        YearRule.objects.bulk_create([YearRule(template=template, sort_order=i, **r)
                                      for i, r in enumerate(DEFAULT_YEAR_RULES)])
    if template.current_version_id is None:
        template_publish(template)
    return template


# -- which sheet applies -------------------------------------------------------------------------

def _pick(templates: list[ScoringTemplate], kind: str) -> ScoringTemplate | None:
    """Among one organization's active templates: the one for ``kind`` only, else the one for both kinds."""
    fitting = [t for t in templates if t.applies_to_kind(kind)]
    fitting.sort(key=lambda t: (t.applies_to == AppliesTo.ALL, t.pk))
    return fitting[0] if fitting else None


def effective_templates(cells, kind: str = MeetingKind.CHUYEN_DE) -> dict[int, ScoringTemplate]:
    """{cell id: template} for ``cells`` (Organization objects or dicts with ``pk``/``path``), in one query
    (plus one when the default has to be created)."""
    paths = {_pk(c): _path(c) for c in cells}
    ancestor_ids = {int(p) for path in paths.values() for p in path.strip("/").split("/") if p}
    by_org: dict[int | None, list[ScoringTemplate]] = {}
    for t in (ScoringTemplate.objects.filter(active=True)
              .filter(Q(organization_id__in=ancestor_ids) | Q(organization__isnull=True))
              .select_related("current_version").order_by("pk")):
        by_org.setdefault(t.organization_id, []).append(t)
    default = _pick(by_org.get(None, []), kind)
    found = {}
    for cell_id, path in paths.items():
        chain = [int(p) for p in path.strip("/").split("/") if p]
        template = next((t for t in (_pick(by_org.get(o, []), kind) for o in reversed(chain)) if t), None)
        if template is None:
            default = default or ensure_default_template()
            template = default
        found[cell_id] = template
    return found


def effective_versions(cells, kind: str = MeetingKind.CHUYEN_DE) -> dict[int, ScoringVersion]:
    out = {}
    for cell_id, template in effective_templates(cells, kind).items():
        out[cell_id] = template.current_version if template.current_version_id else template_publish(template)
    return out


def effective_version(cell: Organization, kind: str = MeetingKind.CHUYEN_DE) -> ScoringVersion:
    return effective_versions([cell], kind)[cell.pk]


def _pk(cell):
    return cell["pk"] if isinstance(cell, dict) else cell.pk


def _path(cell):
    return cell["path"] if isinstance(cell, dict) else cell.path


# -- validation ----------------------------------------------------------------------------------

def validate_sheet(criteria: list[dict], *, tot_min, kha_min, trung_binh_min, year_rules=()) -> list[str]:
    """Vietnamese messages for everything wrong with a sheet (empty list: fine)."""
    errors = []
    if not criteria:
        errors.append(_("Phiếu cần có ít nhất một tiêu chí."))
    codes = [c.get("code") for c in criteria]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        errors.append(_("Mã tiêu chí bị trùng: %(codes)s.") % {"codes": ", ".join(repeated)})
    total = sum(int(c.get("points") or 0) for c in criteria)
    if criteria and total != TOTAL_POINTS:
        errors.append(_("Tổng điểm các tiêu chí phải bằng 100 (hiện là %(n)s).") % {"n": total})
    if None not in (tot_min, kha_min, trung_binh_min) and not (0 < trung_binh_min < kha_min < tot_min <= 100):
        errors.append(_("Ngưỡng xếp loại phải tăng dần: 0 < Trung bình (%(tb)s) < Khá (%(kha)s) < Tốt (%(tot)s) "
                        "≤ 100.") % {"tb": trung_binh_min, "kha": kha_min, "tot": tot_min})
    levels = [r.get("level") for r in year_rules]
    if len(set(levels)) != len(levels):
        errors.append(_("Mỗi xếp loại năm chỉ có một điều kiện."))
    return errors


def validate_criteria(version: ScoringVersion, criteria) -> tuple[dict, int]:
    """Points per criterion for ``version`` → (mapping of every code of the sheet, in its order; total).
    Unknown codes, non-numbers and points outside 0..max raise a ValidationError naming them; criteria left
    out (or blank) count 0."""
    if not isinstance(criteria, dict):
        raise ValidationError(_("Điểm các tiêu chí phải có dạng {mã tiêu chí: điểm}."), code="invalid")
    known = version.codes
    unknown = sorted(set(map(str, criteria)) - set(known))
    if unknown:
        raise ValidationError(_("Tiêu chí không có trong phiếu “%(sheet)s”: %(codes)s (các mã: %(known)s).")
                              % {"sheet": version.name, "codes": ", ".join(unknown), "known": ", ".join(known)},
                              code="unknown_criterion")
    clean = dict.fromkeys(known, 0)
    for code, raw in criteria.items():
        if raw in (None, ""):
            continue
        criterion = known[code]
        points = _whole_number(raw)
        if points is None or not 0 <= points <= criterion["points"]:
            raise ValidationError(_("Điểm tiêu chí “%(label)s” phải là số nguyên từ 0 đến %(max)s.")
                                  % {"label": criterion["label"], "max": criterion["points"]}, code="out_of_range")
        clean[code] = points
    return clean, sum(clean.values())


def decided_score(version: ScoringVersion, criteria, score) -> tuple[dict, int | None]:
    """A score that arrives already decided (imports, the outcome service) → (points per criterion, total):
    the sum of ``criteria`` on ``version`` when given (a different ``score`` is an error), else ``score``."""
    if criteria is None:
        return {}, score
    clean, total = validate_criteria(version, criteria)
    if score is not None and score != total:
        raise ValidationError(_("Tổng điểm %(a)s không khớp với tổng các tiêu chí (%(b)s).")
                              % {"a": score, "b": total}, code="score_mismatch")
    return clean, total


def _whole_number(raw) -> int | None:
    """5 or "5" → 5; anything else (5.5, "năm", True, "-1") → None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 3:
        return int(raw.strip())
    return None
