"""An inline SVG bar chart of completion per unit, for the HTML report: no
script, no network, the text as text (so it can be searched and copied).

One horizontal bar per unit with a target, a dashed line at the pace
(序时进度).  Negative completion (more deducted than scored) draws to the
left of zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from ..engine.outputs import pct

ROW = 20  #: px per bar
LABEL = 190  #: px for the unit names
PLOT = 380  #: px for the bars
VALUE = 70  #: px for the value after a bar
TOP, BOTTOM = 24, 24


def completion_svg(units: Sequence[tuple[str, Decimal | None, bool]], pace: Decimal, caption: str) -> str:
    """``units``: (name, completion, behind the pace) per unit, in the
    table's order; a unit without a completion gets no bar."""
    rows = [(name, c, behind) for name, c, behind in units if c is not None]
    if not rows:
        return ""
    lo = min(Decimal(0), *(c for _, c, _ in rows))
    hi = max(Decimal(1), *(c for _, c, _ in rows))
    span = hi - lo

    def x(v: Decimal) -> float:
        return round(LABEL + float((v - lo) / span) * PLOT, 1)

    width = LABEL + PLOT + VALUE
    height = TOP + ROW * len(rows) + BOTTOM
    zero = x(Decimal(0))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(caption)}" font-size="12">']
    out.append(f'<text x="{width // 2}" y="15" text-anchor="middle">{escape(caption)}</text>')
    for tick in (Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)):
        tx = x(tick)
        out.append(f'<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{height - BOTTOM}" stroke="#ddd"/>'
                   f'<text x="{tx}" y="{height - 8}" text-anchor="middle" fill="#555">{int(tick * 100)}%</text>')
    for i, (name, c, behind) in enumerate(rows):
        y = TOP + i * ROW
        bx, bw = (x(c), round(zero - x(c), 1)) if c < 0 else (zero, round(x(c) - zero, 1))
        colour = "#c0504d" if behind else "#4472c4"
        out.append(f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        out.append(f'<rect class="bar" x="{bx}" y="{y + 3}" width="{bw}" height="{ROW - 6}" fill="{colour}">'
                   f'<title>{escape(name)} {pct(c)}</title></rect>')
        out.append(f'<text x="{max(x(c), zero) + 4}" y="{y + 14}" fill="#333">{pct(c)}</text>')
    px = x(pace)
    out.append(f'<line class="pace" x1="{px}" y1="{TOP - 4}" x2="{px}" y2="{height - BOTTOM}" stroke="#000" stroke-dasharray="4 3"/>')
    out.append("</svg>")
    return "\n".join(out)
