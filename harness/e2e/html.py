"""A self-contained HTML report of one e2e run: the hop × subject table and a latency chart (inline SVG)."""

from __future__ import annotations

import html
from pathlib import Path

from harness.e2e.checks import Check

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
th{background:#f3f3f3}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
td.num{text-align:right}.note{color:#666;font-size:.9em}
"""


def _chart(checks: list[Check]) -> str:
    """Horizontal bars: latency since the OPC-UA write, one bar per passed check."""
    bars = [c for c in checks if c.ok and c.latency_ms is not None]
    if not bars:
        return "<p>No latencies to plot.</p>"
    longest = max(c.latency_ms or 0.0 for c in bars) or 1.0
    row, label_width, width = 18, 260, 460
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + width + 80}" '
             f'height="{row * len(bars) + 10}" role="img" aria-label="latency per hop">']
    for index, check in enumerate(bars):
        y = index * row + 4
        length = max(1.0, (check.latency_ms or 0.0) / longest * width)
        label = html.escape(f"{check.hop} · {check.subject}")
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" font-size="12">{label}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row - 5}" fill="#4c8bf5"/>')
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 12}" font-size="12">'
                     f'{check.latency_ms:.0f} ms</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_html(checks: list[Check], path: Path, *, title: str, facts: dict[str, str]) -> Path:
    """Write the report to `path` (and the same to e2e-latest.html beside it); return `path`."""
    rows = []
    for c in checks:
        result = '<span class="pass">pass</span>' if c.ok else '<span class="fail">FAIL</span>'
        latency = f"{c.latency_ms:.0f}" if c.latency_ms is not None else "—"
        detail = html.escape(c.note if c.ok else c.failure_line())
        rows.append(f"<tr><td>{html.escape(c.hop)}</td><td>{html.escape(c.subject)}</td><td>{result}</td>"
                    f'<td class="num">{latency}</td><td class="note">{detail}</td></tr>')
    passed = sum(c.ok for c in checks)
    fact_rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts.items())
    document = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>
<p><b>{passed} passed, {len(checks) - passed} failed</b></p><table>{fact_rows}</table>
<h2>Checks</h2><table><tr><th>hop</th><th>subject</th><th>result</th><th>latency ms</th><th>seen / note</th></tr>
{''.join(rows)}</table><h2>Latency since the OPC-UA write</h2>{_chart(checks)}</body></html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document)
    (path.parent / "e2e-latest.html").write_text(document)
    return path
