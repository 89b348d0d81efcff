"""The per-cell table body, built in Python like the SVG charts.

A đảng bộ with 1,000 cells has a 1,000-row × 14-column table; through the template engine that is
15,000 variable lookups with auto-escaping and number localisation (about half a second on its own).
Joining pre-escaped strings here keeps the whole dashboard under the one-second target. Only the
names and topics come from users, and they go through ``escape``; every number is formatted by us.
"""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe


def cell_rows(rows, with_year: bool = False, with_adoption: bool = False) -> str:
    """``rows``: the display dicts of views._display_row → ``<tr>…</tr>`` for each cell; the year level and the
    adoption figures (accounts, signed in, materials read) as extra columns at the end when asked for."""
    out = []
    for r in rows:
        extra = ""
        if with_year:
            extra += f'<td data-year-level="{escape(r["year_level_code"])}">{escape(str(r["year_level"]))}</td>'
        if with_adoption and r["adoption"] is not None:
            a = r["adoption"]
            extra += (f'<td class="num">{a["accounts"]}</td><td class="num">{a["signed_in"]}</td>'
                      f'<td class="num">{a["materials_read"]}</td>')
        ratings = r["ratings"]
        missing = r["missing"]
        out.append(
            f'<tr><td><a href="{escape(r["url"])}">{escape(r["name"])}</a></td>'
            f'<td class="num">{r["meetings"]}</td>'
            + (f'<td class="missing">{missing}</td>' if missing else "<td>—</td>")
            + f'<td class="num">{ratings["tot"]}</td><td class="num">{ratings["kha"]}</td>'
            f'<td class="num">{ratings["trung_binh"]}</td><td class="num">{ratings["kem"]}</td>'
            f'<td class="num">{r["average_score"]}</td><td class="num">{r["attendance"]}</td>'
            f'<td class="num">{r["materials"]}</td><td class="num">{r["outcomes"]}</td>'
            f'<td class="num">{r["open_tasks"]}</td><td class="num">{r["overdue_tasks"]}</td>'
            f'<td class="topics">{escape(r["topics"])}</td>{extra}</tr>')
    return mark_safe("\n".join(out))
