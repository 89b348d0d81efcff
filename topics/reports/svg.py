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
# Red means a problem and nothing else: counts are drawn in a neutral blue.
MISSING, PENDING, ONE, MANY = "#f4b6b2", "#e4e4e4", "#c7e8c3", "#7cc47c"
BAR = "#2f6db5"
LINE_H = 15
LEVEL_COLOURS = {"tot": "#2e7d32", "kha": "#7cb342", "trung_binh": "#f9a825", "kem": "#c62828", "none": "#9e9e9e"}


def wrap_label(text: str, width: int) -> list[str]:
    """Split a label into lines of about ``width`` characters at spaces; never cut a word or the label."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label(x: int, y: int, lines: list[str]) -> str:
    """A multi-line SVG label (one tspan per line), top line's baseline at ``y``."""
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else LINE_H}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return spans


def _num(value) -> str:
    """Numbers in Vietnamese notation: 6,05 (decimal comma), integers as is."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(",.").replace(".", ",")
    return str(value)


def heatmap(rows, quarters, pending_quarters=(), link=None, label_chars=24) -> str:
    """Cells × quarters: one square per quarter with its count of counted meetings.

    ``rows`` are report rows (``name``, ``per_quarter``); ``pending_quarters`` are quarters not over
    yet, drawn grey instead of red when empty; ``link(row)`` gives the drill-down URL of a row.
    Names are never cut: a long one wraps onto more lines (about ``label_chars`` characters each) and its
    row grows. Squares carry their number as text and no per-square tooltip: a 1,000-cell đảng bộ stays a
    page of reasonable size, and the column header already says which quarter it is.
    """
    label_w, box, gap, top = 172, 32, 5, 26  # 320 px wide: fits a 360 px phone without scrolling
    box_h = box // 2 + 4
    labels = [wrap_label(row.name, label_chars) for row in rows]
    heights = [max(box_h, len(lines) * LINE_H) + 6 for lines in labels]
    width = label_w + len(quarters) * (box + gap) + 4
    height = top + sum(heights) + 4
    title = escape(_("Bản đồ tuân thủ: số buổi sinh hoạt chuyên đề của mỗi chi bộ theo quý"))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{title}"><title>{title}</title>'
           '<g font-family="system-ui, Arial, sans-serif" font-size="13">']
    xs = [label_w + i * (box + gap) for i in range(len(quarters))]
    for x, q in zip(xs, quarters):
        out.append(f'<text x="{x + box // 2}" y="16" text-anchor="middle" font-weight="bold">'
                   f'{escape(_("Q%d") % q)}</text>')
    pending = set(pending_quarters)
    y = top
    for row, lines, row_h in zip(rows, labels, heights):
        name = escape(row.name)
        text = f'<text x="0" y="{y + 13}"><title>{name}</title>{_label(0, y + 13, lines)}</text>'
        out.append(f'<a href="{escape(link(row))}">{text}</a>' if link else text)
        counts = row.per_quarter
        for x, q in zip(xs, quarters):
            n = counts.get(q, 0)
            if n:
                fill, shown = (MANY if n >= 2 else ONE), n
            else:
                fill, shown = (PENDING, "–") if q in pending else (MISSING, 0)
            out.append(f'<rect x="{x}" y="{y}" width="{box}" height="{box_h}" rx="3" fill="{fill}"/>'
                       f'<text x="{x + box // 2}" y="{y + 14}" text-anchor="middle">{shown}</text>')
        y += row_h
    out.append("</g></svg>")
    return mark_safe("".join(out))


def bar_chart(items, title: str, colours=None, label_chars=44, width=360) -> str:
    """Horizontal bars: ``items`` = [(key, label, value)], value ≥ 0; longest bar = largest value.

    Each label sits on its own line(s) above its bar, whole (wrapped, never cut), so a long topic name can
    never run into a bar; the value is written after the bar.
    """
    bar_h, gap, value_w = 18, 10, 44
    bar_w = width - value_w
    top = max([v for _k, _l, v in items] or [0]) or 1
    labels = [wrap_label(str(label), label_chars) for _k, label, _v in items]
    height = sum(len(lines) * LINE_H + bar_h + gap + 4 for lines in labels) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" role="img" viewBox="0 0 {width} {height}" '
           f'width="100%" aria-label="{escape(title)}">',  # max-width: static/reports/dashboard.css
           f"<title>{escape(title)}</title>",
           '<g font-family="system-ui, Arial, sans-serif" font-size="13">']
    y = 2
    for (key, label, value), lines in zip(items, labels):
        w = round(bar_w * (value or 0) / top, 1)
        fill = (colours or {}).get(key, BAR)
        bar_y = y + len(lines) * LINE_H + 2
        out.append(f'<text x="0" y="{y + 12}"><title>{escape(label)}</title>{_label(0, y + 12, lines)}</text>'
                   f'<rect x="0" y="{bar_y}" width="{w}" height="{bar_h}" rx="2" fill="{fill}"/>'
                   f'<text x="{w + 4}" y="{bar_y + 14}">{escape(_num(value))}</text>')
        y = bar_y + bar_h + gap + 2
    out.append("</g></svg>")
    return mark_safe("".join(out))
