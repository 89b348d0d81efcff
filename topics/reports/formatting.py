"""Numbers as Vietnamese readers write them: decimal comma, "87,5 %", "—" for no data."""
from __future__ import annotations


def pct(value, digits: int = 1) -> str:
    """0.875 → "87,5 %"; None → "—"."""
    return "—" if value is None else f"{value * 100:.{digits}f}".replace(".", ",") + " %"


def dec(value, digits: int = 2) -> str:
    """6.05 → "6,05"; None → "—"."""
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")
