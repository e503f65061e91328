"""Draws the scale curve from load/bench/scale's figures: throughput and p99 against load, one
panel for writes (by copies) and one for reads (by active users), as an HTML page of inline SVG
that load/bench/scale turns into a PNG with a headless browser.

    python3 load/bench/scale-plot.py FIGURES.tsv OUT.html
"""
import csv
import html
import math
import sys

WIDTH, HEIGHT, MARGIN = 520, 380, 64


def panel(title, x_label, points):
    """One chart: calls/s (solid, left axis) and p99 (dashed, right axis) on a log x axis."""
    xs = [math.log(p[0]) for p in points]
    x_min, x_max = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    rps_max = max(p[1] for p in points) * 1.15 or 1
    p99_max = max(p[2] for p in points) * 1.15 or 1
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x_of(v):
        return MARGIN + (math.log(v) - x_min) / (x_max - x_min) * plot_w

    def y_of(v, top):
        return HEIGHT - MARGIN - v / top * plot_h

    parts = [f'<svg width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
             f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{html.escape(title)}</text>',
             f'<rect x="{MARGIN}" y="{MARGIN}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    for i in range(5):
        fraction = i / 4
        y = HEIGHT - MARGIN - fraction * plot_h
        parts.append(f'<line x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{y}" y2="{y}" stroke="#eee"/>')
        parts.append(f'<text x="{MARGIN - 6}" y="{y + 4}" text-anchor="end" fill="#1f5fa8">{rps_max * fraction:,.0f}</text>')
        parts.append(f'<text x="{WIDTH - MARGIN + 6}" y="{y + 4}" fill="#c0392b">{p99_max * fraction:.0f}</text>')
    for load, _, _ in points:
        parts.append(f'<text x="{x_of(load)}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle">{load:,}</text>')
    parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 18}" text-anchor="middle">{html.escape(x_label)} (log scale)</text>')
    parts.append(f'<text x="16" y="{HEIGHT / 2}" transform="rotate(-90 16 {HEIGHT / 2})" text-anchor="middle" fill="#1f5fa8">calls/s</text>')
    parts.append(f'<text x="{WIDTH - 12}" y="{HEIGHT / 2}" transform="rotate(90 {WIDTH - 12} {HEIGHT / 2})" text-anchor="middle" fill="#c0392b">p99 ms</text>')
    rps_line = " ".join(f"{x_of(p[0])},{y_of(p[1], rps_max)}" for p in points)
    p99_line = " ".join(f"{x_of(p[0])},{y_of(p[2], p99_max)}" for p in points)
    parts.append(f'<polyline points="{rps_line}" fill="none" stroke="#1f5fa8" stroke-width="2.5"/>')
    parts.append(f'<polyline points="{p99_line}" fill="none" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>')
    for load, rps, p99 in points:
        parts.append(f'<circle cx="{x_of(load)}" cy="{y_of(rps, rps_max)}" r="3.5" fill="#1f5fa8"/>')
        parts.append(f'<circle cx="{x_of(load)}" cy="{y_of(p99, p99_max)}" r="3" fill="#c0392b"/>')
    parts.append("</svg>")
    return "".join(parts)


def main(figures, out):
    rows = list(csv.DictReader(open(figures), delimiter="\t"))
    by_kind = {kind: [(int(r["load"]), float(r["calls_per_second"]), float(r["p99_ms"])) for r in rows if r["kind"] == kind]
               for kind in ("write", "read")}
    panels = []
    if by_kind["write"]:
        panels.append(panel("profile-write: durable, audited, sealed", "copies (calls in flight)", by_kind["write"]))
    if by_kind["read"]:
        panels.append(panel("profile-read at 64 copies", "active users", by_kind["read"]))
    with open(out, "w") as page:
        page.write('<!doctype html><html><body style="margin:8px;background:#fff">' + "".join(panels) + "</body></html>")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
