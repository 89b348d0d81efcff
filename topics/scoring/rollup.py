"""The year level of a cell from the levels of its counted meetings and the year rules of its sheet.

A rule reads "a <level> year: every meeting at least <all_at_least> and at least <min_count> meetings rated at
least <count_level>" (e.g. a đảng bộ khối: a good year needs every monthly meeting fair or better and at least
7 good). Rules are tried best level first; a year that meets none is Kém. An unscored meeting is at no level,
so it fails an "every meeting at least …" condition: the year is judged on a complete record. A cell with no
counted meeting, or a sheet without year rules, has no year level (None).
"""
from __future__ import annotations

from topics.models import Level

ORDER = {Level.KEM: 0, Level.TRUNG_BINH: 1, Level.KHA: 2, Level.TOT: 3}


def _at_least(counts: dict, level: str) -> int:
    return sum(n for lvl, n in counts.items() if ORDER[lvl] >= ORDER[level])


def year_level(rules: list[dict], counts: dict, unscored: int = 0) -> str | None:
    """``counts``: {level: number of counted meetings at that level}; ``unscored``: counted meetings without
    a confirmed score."""
    meetings = sum(counts.values()) + unscored
    if not meetings or not rules:
        return None
    for rule in sorted(rules, key=lambda r: -ORDER[r["level"]]):
        floor = rule.get("all_at_least") or ""
        every = not floor or (unscored == 0 and _at_least(counts, floor) == meetings)
        enough = _at_least(counts, rule.get("count_level") or Level.KEM) >= (rule.get("min_count") or 0)
        if every and enough:
            return rule["level"]
    return Level.KEM


def worst(levels) -> str | None:
    """The lowest of several year levels (one per meeting kind); None when none is known."""
    known = [lvl for lvl in levels if lvl]
    return min(known, key=ORDER.__getitem__) if known else None
