"""Server-rendered SVG charts: the compliance heatmap and horizontal bar charts.

Plain strings built in Python (no chart library, no CDN, no JavaScript), because the portal must work
offline on an intranet and print cleanly. Colours are inline ``fill`` attributes so they survive
printing and pages without our CSS; every mark also carries its number as text, so the charts read
without colour (grey-scale printers, colour-blind readers). Building strings instead of looping in a
template keeps a 1,000-cell heatmap fast.
"""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Heatmap colours: no meeting in a finished quarter / not finished yet / one meeting / two or more.
MISSING, PENDING, ONE, MANY = "#f4b6b2", "#e4e4e4", "#c7e8c3", "#7cc47c"
BAR = "#a3161a"
LEVEL_COLOURS = {"tot": "#2e7d32", "kha": "#7cb342", "trung_binh": "#f9a825", "kem": "#c62828", "none": "#9e9e9e"}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value) -> str:
    """Numbers in Vietnamese notation: 6,05 (decimal comma), integers as is."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(",.").replace(".", ",")
    return str(value)


def heatmap(rows, quarters, pending_quarters=(), link=None, label_chars=24) -> str:
    """Cells × quarters: one square per quarter with its count of counted meetings.

    ``rows`` are report rows (``name``, ``per_quarter``); ``pending_quarters`` are quarters not over
    yet, drawn grey instead of red when empty; ``link(row)`` gives the drill-down URL of a row.
    Squares carry their number as text and no per-square tooltip: a 1,000-cell đảng bộ stays a page
    of reasonable size, and the column header already says which quarter it is.
    """
    label_w, box, gap, top = 172, 32, 5, 26  # 320 px wide: fits a 360 px phone without scrolling
    row_h = box // 2 + 8
    width = label_w + len(quarters) * (box + gap) + 4
    height = top + len(rows) * row_h + 4
    title = escape(_("Bản đồ tuân thủ: số buổi sinh hoạt chuyên đề của mỗi chi bộ theo quý"))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{title}"><title>{title}</title>'
           '<g font-family="system-ui, Arial, sans-serif" font-size="13">']
    xs = [label_w + i * (box + gap) for i in range(len(quarters))]
    for x, q in zip(xs, quarters):
        out.append(f'<text x="{x + box // 2}" y="16" text-anchor="middle" font-weight="bold">'
                   f'{escape(_("Q%d") % q)}</text>')
    pending = set(pending_quarters)
    for r, row in enumerate(rows):
        y = top + r * row_h
        name = escape(row.name)
        short = escape(_short(row.name, label_chars))
        text = f'<text x="0" y="{y + 13}"><title>{name}</title>{short}</text>'
        out.append(f'<a href="{escape(link(row))}">{text}</a>' if link else text)
        counts = row.per_quarter
        for x, q in zip(xs, quarters):
            n = counts.get(q, 0)
            if n:
                fill, shown = (MANY if n >= 2 else ONE), n
            else:
                fill, shown = (PENDING, "–") if q in pending else (MISSING, 0)
            out.append(f'<rect x="{x}" y="{y}" width="{box}" height="{row_h - 4}" rx="3" fill="{fill}"/>'
                       f'<text x="{x + box // 2}" y="{y + 13}" text-anchor="middle">{shown}</text>')
    out.append("</g></svg>")
    return mark_safe("".join(out))


def bar_chart(items, title: str, colours=None, label_chars=30, width=360) -> str:
    """Horizontal bars: ``items`` = [(key, label, value)], value ≥ 0; longest bar = largest value."""
    label_w, bar_h, gap = 150, 20, 8
    bar_w = width - label_w - 50
    height = max(1, len(items)) * (bar_h + gap) + 4
    top = max([v for _k, _l, v in items] or [0]) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" role="img" viewBox="0 0 {width} {height}" '
           f'width="100%" aria-label="{escape(title)}">',  # max-width: static/reports/dashboard.css
           f"<title>{escape(title)}</title>",
           '<g font-family="system-ui, Arial, sans-serif" font-size="13">']
    for i, (key, label, value) in enumerate(items):
        y = i * (bar_h + gap) + 2
        w = round(bar_w * (value or 0) / top, 1)
        fill = (colours or {}).get(key, BAR)
        out.append(f'<text x="0" y="{y + 15}"><title>{escape(label)}</title>{escape(_short(label, label_chars))}</text>'
                   f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="2" fill="{fill}"/>'
                   f'<text x="{label_w + w + 4}" y="{y + 15}">{escape(_num(value))}</text>')
    out.append("</g></svg>")
    return mark_safe("".join(out))
