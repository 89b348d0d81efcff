"""Aggregates of the committee report: thematic meetings per cell for a year (or a quarter).

Everything comes from the database in a fixed number of queries, whatever the number of cells or
meetings (the issue's target: 1,000 cells and 20,000 meetings in under a second):

1. the cells below the organization (one ``Organization`` query);
2. one ``GROUP BY cell`` over the counted meetings of the period, with conditional counts for each
   quarter, each rating level, late materials and late outcomes, and sums for attendance and scores;
3. one ``GROUP BY cell, topic`` for the topics covered (also feeds the "top topics" chart);
4. one ``GROUP BY cell`` over the follow-up tasks of those meetings (open / overdue).

Python then only divides and rounds. Rules, as the committees count them:

* **counted** meetings are those *held* or *concluded*; planned, announced, postponed and cancelled
  ones count nowhere (not in topics, scores, attendance or tasks either);
* year and quarter boundaries are in local time (Asia/Ho_Chi_Minh): a meeting at 00:30 on 1 January
  local time belongs to Q1 of the new year even though it is still 31 December in UTC;
* ratings are the levels of the confirmed scores, each under the thresholds of the sheet version the
  meeting was scored with (topics.scoring; 42-HD's Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50, Kém < 50 for
  meetings scored without one); unscored meetings are in no level (``unscored``) and not in
  ``average_score``;
* ``kind`` picks thematic meetings (``chuyen_de``, the default), regular ones (``thuong_ky``) or both
  (``all``);
* ``year_level`` (whole-year reports only): the year rules of the sheet that applies to the cell today,
  applied to the levels of its counted meetings of the year (topics.scoring.rollup), one kind at a time;
  with both kinds, the lower of the two;
* ``adoption`` (for staff of the đảng bộ and above only, ``Viewer.sees_adoption``): activated accounts of the
  cell's members, those who signed in during the period, and the share of (required material × member)
  pairs of the period's counted meetings read before the meeting started;
* ``attendance_rate`` = Σ present / Σ total over counted meetings that recorded attendance;
* ``on_time_materials`` = share of counted meetings *not* announced late, late meaning
  ``announced_at`` later than ``scheduled_at − 1 day``. A meeting without ``announced_at`` counts as
  on time: many cells announce at the previous monthly meeting and never record the moment, and a
  report must not brand them late for a missing field;
* ``on_time_outcomes`` = share of counted meetings whose ``outcome_posted_at`` is at most 2 days after
  the meeting's end (``scheduled_at + duration``). A missing ``outcome_posted_at`` counts as on time,
  for the same reason (imports carry no posting time); the meeting page still flags it;
* ``quarters_missing`` lists every quarter of the period with no counted meeting, including quarters
  not yet over (the figure is about the period asked for, not about today);
* tasks are the follow-up tasks of the counted meetings of the period; open = not done, overdue =
  open with a due date before today (local).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, Func, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from organizations.models import Organization, OrganizationKind, cell_accounts, member_of_cell_q
from topics.models import (MATERIALS_LEAD_TIME, OUTCOME_DEADLINE, Meeting, MeetingKind, MeetingMaterial,
                           MeetingStatus, MeetingTask)
from topics.scoring.models import DEFAULT_KHA_MIN, DEFAULT_TOT_MIN, DEFAULT_TRUNG_BINH_MIN
from topics.scoring.rollup import worst, year_level
from topics.scoring.sheets import effective_templates
from vntext.text import fold

COUNTED = [MeetingStatus.HELD, MeetingStatus.CONCLUDED]
QUARTERS = (1, 2, 3, 4)
LEVELS = ("tot", "kha", "trung_binh", "kem")
ALL_KINDS = "all"
KINDS = (MeetingKind.CHUYEN_DE, MeetingKind.THUONG_KY)


def local_tz():
    return timezone.get_default_timezone()


def quarter_bounds(year: int, quarter: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a quarter as aware datetimes at local midnight."""
    tz = local_tz()
    start = dt.datetime(year, 3 * quarter - 2, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz) if quarter == 4 else dt.datetime(year, 3 * quarter + 1, 1, tzinfo=tz)
    return start, end


def _ratio(num, den, digits: int):
    if not den:
        return None
    return round(min(float(num) / float(den), 1.0), digits)


@lru_cache(maxsize=8192)
def natural_key(name: str):
    """Sort "Chi bộ 2" before "Chi bộ 10", ignoring accents (then by the exact name)."""
    parts = re.split(r"(\d+)", fold(name))
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts], name


# -- who may see which rows ------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What a viewer may read of an organization's report: everything, or only some cells' rows."""

    allowed: bool
    only_cell_ids: frozenset | None = None  # None = every cell below the organization
    adoption: bool = False  # adoption figures (accounts, sign-ins, reading) may be shown

    @property
    def restricted(self) -> bool:
        return self.only_cell_ids is not None


def report_scope(viewer, org: Organization) -> Scope:
    """Staff of the organization or above and superusers see all; a secretary only their own cell; members
    (and staff of sibling or lower organizations) nothing. The rule is the privacy layer's
    (``Viewer.report_cells``)."""
    cells = viewer.report_cells(org)
    if cells is None:
        return Scope(True, adoption=viewer.sees_adoption(org))
    return Scope(True, cells) if cells else Scope(False)


def reportable_orgs(viewer):
    """Organizations a viewer can open the dashboard on (the choices of the organization picker)."""
    if viewer.is_superuser:
        return list(Organization.objects.filter(parent__isnull=True).exclude(kind=OrganizationKind.BODY)
                    .order_by("name")) or list(Organization.objects.filter(parent__isnull=True).order_by("name"))
    ids = viewer.reportable_org_ids()
    if not ids:
        return []
    return sorted(Organization.objects.filter(pk__in=ids), key=lambda o: (o.depth, natural_key(o.name)))


# -- the report ------------------------------------------------------------------------------

@dataclass
class CellRow:
    id: int
    name: str
    path: str
    parent_id: int | None
    quarters_in_scope: tuple
    meetings: int = 0
    per_quarter: dict = field(default_factory=dict)
    ratings: dict = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    unscored: int = 0
    score_sum: int = 0
    scored: int = 0
    present: int = 0
    attendance_total: int = 0
    late_materials: int = 0
    late_outcomes: int = 0
    topics: list = field(default_factory=list)
    open_tasks: int = 0
    overdue_tasks: int = 0
    by_kind: dict = field(default_factory=dict)  # kind → (ratings, unscored), for the year level
    year_level: str | None = None
    adoption: dict | None = None

    @property
    def quarters_missing(self) -> list[int]:
        return [q for q in self.quarters_in_scope if not self.per_quarter.get(q)]

    @property
    def compliant(self) -> bool:
        return not self.quarters_missing

    @property
    def average_score(self):
        return round(self.score_sum / self.scored, 1) if self.scored else None

    @property
    def attendance_rate(self):
        return _ratio(self.present, self.attendance_total, 3)

    @property
    def on_time_materials(self):
        return _ratio(self.meetings - self.late_materials, self.meetings, 3)

    @property
    def on_time_outcomes(self):
        return _ratio(self.meetings - self.late_outcomes, self.meetings, 3)

    def as_dict(self) -> dict:
        return {
            "cell": self.name,
            "cell_id": self.id,
            "meetings": self.meetings,
            "quarters": {str(q): self.per_quarter.get(q, 0) for q in self.quarters_in_scope},
            "quarters_missing": self.quarters_missing,
            "compliant": self.compliant,
            "ratings": dict(self.ratings),
            "unscored": self.unscored,
            "average_score": self.average_score,
            "attendance_rate": self.attendance_rate,
            "on_time_materials": self.on_time_materials,
            "on_time_outcomes": self.on_time_outcomes,
            "late_materials": self.late_materials,
            "late_outcomes": self.late_outcomes,
            "topics": list(self.topics),
            "open_tasks": self.open_tasks,
            "overdue_tasks": self.overdue_tasks,
            "year_level": self.year_level,
            "adoption": self.adoption,
        }


@dataclass
class Report:
    org: Organization
    year: int
    quarter: int | None
    cells: list[CellRow]
    top_topics: list[tuple[str, int]]
    restricted: bool = False
    kind: str = MeetingKind.CHUYEN_DE
    adoption: dict | None = None  # totals of the adoption figures, when the viewer may see them

    @property
    def quarters(self) -> tuple:
        return (self.quarter,) if self.quarter else QUARTERS

    def _sum(self, attr) -> int:
        return sum(getattr(c, attr) for c in self.cells)

    @property
    def total_meetings(self) -> int:
        return self._sum("meetings")

    @property
    def cells_count(self) -> int:
        return len(self.cells)

    @property
    def average_per_cell(self) -> float:
        """Meetings per cell below the organization, cells without any meeting included (0 cells → 0)."""
        return self.total_meetings / self.cells_count if self.cells else 0

    @property
    def compliant_cells(self) -> int:
        return sum(1 for c in self.cells if c.compliant)

    @property
    def compliant_share(self):
        return _ratio(self.compliant_cells, self.cells_count, 3)

    @property
    def ratings(self) -> dict:
        return {lvl: sum(c.ratings[lvl] for c in self.cells) for lvl in LEVELS}

    @property
    def unscored(self) -> int:
        return self._sum("unscored")

    @property
    def average_score(self):
        scored = self._sum("scored")
        return round(self._sum("score_sum") / scored, 1) if scored else None

    @property
    def attendance_rate(self):
        return _ratio(self._sum("present"), self._sum("attendance_total"), 3)

    @property
    def on_time_materials(self):
        total = self.total_meetings
        return _ratio(total - self._sum("late_materials"), total, 3)

    @property
    def on_time_outcomes(self):
        total = self.total_meetings
        return _ratio(total - self._sum("late_outcomes"), total, 3)

    @property
    def per_quarter(self) -> dict:
        """Per quarter: meetings held and cells with at least one (the heatmap's column totals)."""
        return {q: {"meetings": sum(c.per_quarter.get(q, 0) for c in self.cells),
                    "cells": sum(1 for c in self.cells if c.per_quarter.get(q))} for q in self.quarters}

    @property
    def year_levels(self) -> dict | None:
        """Cells per year level (None for a quarter's report: the roll-up is about a whole year)."""
        if self.quarter:
            return None
        return {lvl: sum(1 for c in self.cells if c.year_level == lvl) for lvl in LEVELS}

    @property
    def tot_share(self):
        """Share of scored meetings rated Tốt (the "100 % xếp loại tốt" figure reports quote)."""
        return _ratio(self.ratings["tot"], self._sum("scored"), 3)

    def as_dict(self) -> dict:
        return {
            "org": self.org.name,
            "org_id": self.org.pk,
            "year": self.year,
            "quarter": self.quarter,
            "quarters": list(self.quarters),
            "restricted": self.restricted,
            "cells_count": self.cells_count,
            "total_meetings": self.total_meetings,
            "average_per_cell": self.average_per_cell,
            "compliant_cells": self.compliant_cells,
            "compliant_share": self.compliant_share,
            "ratings": self.ratings,
            "unscored": self.unscored,
            "average_score": self.average_score,
            "attendance_rate": self.attendance_rate,
            "on_time_materials": self.on_time_materials,
            "on_time_outcomes": self.on_time_outcomes,
            "open_tasks": self._sum("open_tasks"),
            "overdue_tasks": self._sum("overdue_tasks"),
            "top_topics": [{"topic": name, "meetings": n} for name, n in self.top_topics],
            "kind": self.kind,
            "year_levels": self.year_levels,
            "adoption": self.adoption,
            "cells": [c.as_dict() for c in self.cells],
        }


def cells_below(org: Organization, only_cell_ids=None):
    """Cells of the report: chi bộ below ``org`` (``org`` itself when it is one).

    An organization that holds meetings is treated as a cell whatever its inferred kind, so an
    imported cell whose name does not start with "Chi bộ" is still counted.
    """
    qs = Organization.objects.filter(path__startswith=org.path)
    if only_cell_ids is not None:
        return qs.filter(pk__in=list(only_cell_ids))
    holds_meetings = Exists(Meeting.objects.filter(cell_id=OuterRef("pk")))
    return qs.filter(Q(kind=OrganizationKind.CELL) | Q(holds_meetings))


def counted_meetings(cells_qs, start, end, kind: str = MeetingKind.CHUYEN_DE):
    """Counted (held/concluded) meetings of those cells in [start, end), of one kind or of both (``all``)."""
    qs = Meeting.objects.filter(cell__in=cells_qs, status__in=COUNTED, scheduled_at__gte=start, scheduled_at__lt=end)
    return qs if kind == ALL_KINDS else qs.filter(kind=kind)


def level_filters() -> dict[str, Q]:
    """Each level as a filter on the confirmed score and the thresholds of its sheet version (the 42-HD ones
    for a meeting scored without a version)."""
    tot = Coalesce(F("scoring_version__tot_min"), Value(DEFAULT_TOT_MIN))
    kha = Coalesce(F("scoring_version__kha_min"), Value(DEFAULT_KHA_MIN))
    trung_binh = Coalesce(F("scoring_version__trung_binh_min"), Value(DEFAULT_TRUNG_BINH_MIN))
    return {"tot": Q(score__gte=tot), "kha": Q(score__gte=kha, score__lt=tot),
            "trung_binh": Q(score__gte=trung_binh, score__lt=kha), "kem": Q(score__lt=trung_binh)}


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime column, so lateness is integer arithmetic in SQL.

    Django's portable datetime ± duration expressions call a Python function per row on SQLite
    (``django_format_dtdelta``), which alone took more than a second on 20,000 meetings; SQLite's own
    ``strftime('%s')`` and PostgreSQL's ``EXTRACT(EPOCH …)`` do the same comparison natively.
    Precision is one second on SQLite, which is all a "1 day before" or "2 days after" rule needs.
    """

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL and anything else ANSI-like
        return super().as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
                              **extra_context)

    def as_mysql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="UNIX_TIMESTAMP(%(expressions)s)", **extra_context)


def late_materials_q():
    """Announced later than ``scheduled_at − 1 day`` (no ``announced_at`` → not late)."""
    lead = MATERIALS_LEAD_TIME.total_seconds()
    return GreaterThan(EpochSeconds("announced_at"), EpochSeconds("scheduled_at") - Value(lead))


def late_outcomes_q():
    """Outcome posted later than ``scheduled_at + duration + 2 days`` (none posted → not late)."""
    deadline = EpochSeconds("scheduled_at") + F("duration_minutes") * Value(60) + Value(OUTCOME_DEADLINE.total_seconds())
    return GreaterThan(EpochSeconds("outcome_posted_at"), ExpressionWrapper(deadline, output_field=FloatField()))


def thematic_meeting_report(org: Organization, year: int, quarter: int | None = None,
                            only_cell_ids=None, today: dt.date | None = None, kind: str = MeetingKind.CHUYEN_DE,
                            adoption: bool = False) -> Report:
    """The report of ``org`` for ``year`` (or one quarter): four queries, one more for the year levels (two
    for both kinds), three more with ``adoption``."""
    quarters = (quarter,) if quarter else QUARTERS
    bounds = {q: quarter_bounds(year, q) for q in quarters}
    start, end = bounds[quarters[0]][0], bounds[quarters[-1]][1]
    today = today or timezone.localdate()

    cells_qs = cells_below(org, only_cell_ids)
    rows = {c["pk"]: CellRow(id=c["pk"], name=c["name"], path=c["path"], parent_id=c["parent_id"],
                             quarters_in_scope=quarters)
            for c in cells_qs.values("pk", "name", "path", "parent_id")}

    meetings = counted_meetings(cells_below(org, only_cell_ids), start, end, kind)
    annotations = {f"q{q}": Count("pk", filter=Q(scheduled_at__gte=s, scheduled_at__lt=e))
                   for q, (s, e) in bounds.items()}
    annotations.update({lvl: Count("pk", filter=q) for lvl, q in level_filters().items()})
    annotations.update(
        n=Count("pk"),
        scored=Count("score"),
        score_sum=Sum("score"),
        present=Sum("attendance_present", filter=Q(attendance_present__isnull=False, attendance_total__gt=0)),
        att_total=Sum("attendance_total", filter=Q(attendance_present__isnull=False, attendance_total__gt=0)),
        late_materials=Count("pk", filter=late_materials_q()),
        late_outcomes=Count("pk", filter=late_outcomes_q()),
        roster=Max("attendance_total"),
    )
    roster: dict[int, int] = {}
    for agg in meetings.order_by().values("cell_id", "kind").annotate(**annotations):
        row = rows.get(agg["cell_id"])
        if row is None:
            continue
        row.meetings += agg["n"]
        row.per_quarter = {q: row.per_quarter.get(q, 0) + agg[f"q{q}"] for q in quarters}
        row.ratings = {lvl: row.ratings[lvl] + agg[lvl] for lvl in LEVELS}
        row.by_kind[agg["kind"]] = ({lvl: agg[lvl] for lvl in LEVELS}, agg["n"] - agg["scored"])
        row.scored += agg["scored"]
        row.unscored += agg["n"] - agg["scored"]
        row.score_sum += agg["score_sum"] or 0
        row.present += agg["present"] or 0
        row.attendance_total += agg["att_total"] or 0
        row.late_materials += agg["late_materials"]
        row.late_outcomes += agg["late_outcomes"]
        roster[row.id] = max(roster.get(row.id) or 0, agg["roster"] or 0) or None

    topic_totals: dict[str, int] = {}
    per_cell_topics: dict[int, list[str]] = {}
    for cell_id, name, n in (meetings.order_by().filter(topic__isnull=False)
                             .values_list("cell_id", "topic__name").annotate(n=Count("pk"))):
        per_cell_topics.setdefault(cell_id, []).append(name)
        topic_totals[name] = topic_totals.get(name, 0) + n
    for cell_id, names in per_cell_topics.items():
        if cell_id in rows:
            rows[cell_id].topics = sorted(set(names), key=natural_key)

    tasks = (MeetingTask.objects.filter(meeting__in=counted_meetings(cells_below(org, only_cell_ids), start, end,
                                                                     kind))
             .order_by().values("meeting__cell_id")
             .annotate(open=Count("pk", filter=Q(done=False)),
                       overdue=Count("pk", filter=Q(done=False, due_on__lt=today))))
    for agg in tasks:
        row = rows.get(agg["meeting__cell_id"])
        if row is not None:
            row.open_tasks, row.overdue_tasks = agg["open"], agg["overdue"]

    if quarter is None:
        _year_levels(rows, kind)
    totals = None
    if adoption:
        totals = _adoption(rows, roster, counted_meetings(cells_below(org, only_cell_ids), start, end, kind),
                           start, end)

    top = sorted(topic_totals.items(), key=lambda kv: (-kv[1], natural_key(kv[0])))[:10]
    cells = sorted(rows.values(), key=lambda r: natural_key(r.name))
    return Report(org=org, year=year, quarter=quarter, cells=cells, top_topics=top,
                  restricted=only_cell_ids is not None, kind=kind, adoption=totals)


def _year_levels(rows: dict[int, CellRow], kind: str) -> None:
    """Each cell's year level under the year rules of the sheet that applies to it (one query per kind)."""
    with_meetings = [r for r in rows.values() if r.meetings]
    for k in (KINDS if kind == ALL_KINDS else (kind,)):
        of_kind = [r for r in with_meetings if k in r.by_kind]
        if not of_kind:
            continue
        templates = effective_templates([{"pk": r.id, "path": r.path} for r in of_kind], k)
        for r in of_kind:
            version = templates[r.id].current_version
            ratings, unscored = r.by_kind[k]
            level = year_level(version.year_rules if version else [], ratings, unscored)
            r.year_level = worst([r.year_level, level]) if r.year_level else level


def _ratio_or_none(num, den):
    return round(num / den, 3) if den else None


def _adoption(rows: dict[int, CellRow], roster: dict, meetings, start, end) -> dict:
    """Accounts, sign-ins and reading per cell (three queries); returns the totals."""
    ids = list(rows)
    accounts = cell_accounts(ids, start, end)
    required = MeetingMaterial.objects.filter(meeting__in=meetings, required=True).order_by()
    slots = dict(required.values_list("meeting__cell_id").annotate(n=Count("pk")))
    reads = dict(required.filter(member_of_cell_q("item__read_marks__user", "meeting__cell_id")
                                 & Q(item__read_marks__user__is_active=True,
                                     item__read_marks__read_at__lte=F("meeting__scheduled_at")))
                 .values_list("meeting__cell_id").annotate(n=Count("item__read_marks")))
    total = {"members": 0, "accounts": 0, "signed_in": 0, "pairs": 0, "reads": 0}
    for cell_id, row in rows.items():
        a = accounts.get(cell_id, {})
        n_accounts, n_signed = a.get("accounts", 0), a.get("signed_in", 0)
        pairs, n_reads = slots.get(cell_id, 0) * n_accounts, reads.get(cell_id, 0)
        row.adoption = {"members": roster.get(cell_id), "accounts": n_accounts, "signed_in": n_signed,
                        "materials_read": _ratio_or_none(n_reads, pairs)}
        for key, value in (("members", roster.get(cell_id) or 0), ("accounts", n_accounts),
                           ("signed_in", n_signed), ("pairs", pairs), ("reads", n_reads)):
            total[key] += value
    return {"members": total["members"], "accounts": total["accounts"], "signed_in": total["signed_in"],
            "materials_read": _ratio_or_none(total["reads"], total["pairs"])}


# -- drill-down helpers for the dashboard ----------------------------------------------------

@dataclass
class ChildSummary:
    """Totals of one organization directly below the report's organization (drill-down row)."""

    org: Organization
    cells: int = 0
    meetings: int = 0
    compliant: int = 0

    @property
    def average_per_cell(self):
        return self.meetings / self.cells if self.cells else 0


def child_summaries(report: Report) -> list[ChildSummary]:
    """Group the cell rows by the non-cell organization directly below the report's org (one query)."""
    children = [c for c in Organization.objects.filter(parent=report.org).exclude(kind=OrganizationKind.CELL)]
    summaries = []
    for child in sorted(children, key=lambda o: natural_key(o.name)):
        s = ChildSummary(org=child)
        for row in report.cells:
            if row.path.startswith(child.path):
                s.cells += 1
                s.meetings += row.meetings
                s.compliant += row.compliant
        if s.cells:
            summaries.append(s)
    return summaries


def cell_meetings(report: Report):
    """Meetings (all statuses) of the report's cells in its period, for the cell-level drill-down."""
    quarters = report.quarters
    start, end = quarter_bounds(report.year, quarters[0])[0], quarter_bounds(report.year, quarters[-1])[1]
    qs = Meeting.objects.filter(cell_id__in=[c.id for c in report.cells], scheduled_at__gte=start, scheduled_at__lt=end)
    if report.kind != ALL_KINDS:
        qs = qs.filter(kind=report.kind)
    return qs.select_related("cell", "topic", "scoring_version").order_by("scheduled_at", "pk")
