"""The plot of compare_with_python.py, an SVG written by hand (no plotting library needed), and its PNG.

Above: PoolScope's no-op throughput over Python's per chunksize and mode, tracing off beside tracing on,
with each group's target; below: the other figures' ratios.
"""

import math
import os
import shutil
import subprocess
import sys
import tempfile

from compare_table import MODES, fmt_ratio


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


MODE_COLOURS = {"map": "#2b7bb9", "imap": "#3aa57a", "imap_unordered": "#8e6bbf"}
TARGET_COLOUR = "#c0392b"


def bar_label(ratio):
    """Short enough to sit over a narrow bar: 43x, 2.9x, 0.93x."""
    return f"{ratio:,.0f}x" if ratio >= 10 else fmt_ratio(ratio)


def throughput_panels(rows, width, y0):
    """Ratio to Python per chunksize and mode (log scale), tracing off beside tracing on, with each group's
    target (dashed) and goal (dotted). Returns (SVG elements, height)."""
    rows = [r for r in rows if "mode" in r]
    if not rows:
        return [], 0
    chunksizes = list(dict.fromkeys(r["chunksize"] for r in rows))
    ratios = [r["speedup"] for r in rows if r["speedup"]]
    goals = [r["target_ratio"] for r in rows] + [r["goal_ratio"] for r in rows if r["goal_ratio"]]
    low = 10 ** math.floor(math.log10(min(ratios + [1.0])))
    high = 10 ** math.ceil(math.log10(max(ratios + goals + [10.0]) * 1.05))
    top, plot_h, left, gap_x = y0 + 40, 300, 60, 30
    panel_w = (width - left - 20 - gap_x) / 2

    def y_of(v):
        return top + plot_h - (math.log10(max(v, low)) - math.log10(low)) / (math.log10(high / low)) * plot_h

    out = []
    for p, traced in enumerate((False, True)):
        x0 = left + p * (panel_w + gap_x)
        out.append(f'<text x="{x0 + panel_w / 2:.1f}" y="{top - 14}" font-size="13" font-weight="bold" fill="#222" '
                   f'text-anchor="middle">tracing {"on (BufferedSink drained at 60 Hz)" if traced else "off"}</text>')
        tick = low
        while tick <= high * 1.0001:
            y = y_of(tick)
            out.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x0 + panel_w:.1f}" y2="{y:.1f}" '
                       f'stroke="{"#888" if abs(tick - 1) < 1e-9 else "#e3e3e3"}" stroke-width="1"/>')
            if p == 0:
                out.append(f'<text x="{x0 - 6:.1f}" y="{y + 4:.1f}" font-size="11" fill="#555" '
                           f'text-anchor="end">{tick:g}x</text>')
            tick *= 10
        labels = []  # drawn last, over the target lines
        group_w = panel_w / len(chunksizes)
        bar_w = min(26.0, (group_w - 8) / 3)
        for g, chunksize in enumerate(chunksizes):
            gx = x0 + g * group_w + (group_w - 3 * bar_w) / 2
            group = {r["mode"]: r for r in rows if r["chunksize"] == chunksize and r["traced"] == traced}
            name = f"default ({rows[0]['auto_value']:,})" if chunksize == "auto" else f"{chunksize:,}"
            out.append(f'<text x="{x0 + (g + 0.5) * group_w:.1f}" y="{top + plot_h + 16}" font-size="11" '
                       f'fill="#333" text-anchor="middle">{esc(name)}</text>')
            for m, mode in enumerate(MODES):
                r = group.get(mode)
                if not r or not r["speedup"]:
                    continue
                bx = gx + m * bar_w
                y1, y_one = y_of(r["speedup"]), y_of(1.0)
                y_top, y_bottom = min(y1, y_one), max(y1, y_one)
                outline = f' stroke="{TARGET_COLOUR}" stroke-width="2"' if r["met"] is False else ""
                out.append(f'<rect x="{bx + 1:.1f}" y="{y_top:.1f}" width="{bar_w - 2:.1f}" '
                           f'height="{max(y_bottom - y_top, 1):.1f}" fill="{MODE_COLOURS[mode]}"{outline}/>')
                label_y = y_top - 4 if r["speedup"] >= 1 else y_bottom + 11
                labels.append(f'<text x="{bx + bar_w / 2:.1f}" y="{label_y:.1f}" font-size="8" text-anchor="middle" '
                           f'stroke="#fff" stroke-width="3" paint-order="stroke" '
                           f'fill="{TARGET_COLOUR if r["met"] is False else "#222"}">{bar_label(r["speedup"])}</text>')
            sample = next(iter(group.values()), None)
            if sample:
                for value, dash in ((sample["target_ratio"], "5,3"), (sample["goal_ratio"], "1,3")):
                    if value:
                        yt = y_of(value)
                        out.append(f'<line x1="{gx - 4:.1f}" y1="{yt:.1f}" x2="{gx + 3 * bar_w + 4:.1f}" y2="{yt:.1f}" '
                                   f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out += labels
        out.append(f'<text x="{x0 + panel_w / 2:.1f}" y="{top + plot_h + 32}" font-size="11" fill="#555" '
                   f'text-anchor="middle">chunksize</text>')
    legend_y = top + plot_h + 54
    x = left
    for mode in MODES:
        out.append(f'<rect x="{x}" y="{legend_y - 10}" width="14" height="10" fill="{MODE_COLOURS[mode]}"/>')
        out.append(f'<text x="{x + 20}" y="{legend_y}" font-size="11" fill="#555">{mode}</text>')
        x += 40 + 7 * len(mode)
    for dash, text in (("5,3", "target"), ("1,3", "goal")):
        out.append(f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 22}" y2="{legend_y - 4}" stroke="{TARGET_COLOUR}" '
                   f'stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{x + 28}" y="{legend_y}" font-size="11" fill="#555">{text}</text>')
        x += 80
    out.append(f'<rect x="{x}" y="{legend_y - 10}" width="14" height="10" fill="#ccc" stroke="{TARGET_COLOUR}" '
               f'stroke-width="2"/>')
    out.append(f'<text x="{x + 20}" y="{legend_y}" font-size="11" fill="#555">target missed</text>')
    out.append(f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="11" fill="#333" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">times Python\'s no-op throughput (log)</text>')
    return out, legend_y + 20 - y0


def figure_bars(rows, width, y0):
    """The other figures as horizontal bars of PoolScope's ratio to Python (log scale), from 1x.
    Returns (SVG elements, height)."""
    bars = [r for r in rows if r["speedup"] is not None and "mode" not in r]
    if not bars:
        return [], 0
    left, right, top, bar_h, gap = 330, 90, y0 + 16, 22, 8
    max_x = max([r["speedup"] for r in bars] + [30.0])
    decades = max(1, math.ceil(math.log10(max_x)))
    low = 0.1 if any(r["speedup"] < 1 for r in bars) else 1.0
    lo_log = math.log10(low)
    plot_w = width - left - right

    def x_of(v):
        return left + (math.log10(max(v, low)) - lo_log) / (decades - lo_log) * plot_w

    out = []
    grid_bottom = top + len(bars) * (bar_h + gap)
    tick = low
    while tick <= 10 ** decades * 1.0001:
        x = x_of(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{grid_bottom}" '
                   f'stroke="{"#888" if tick == 1 else "#e3e3e3"}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{grid_bottom + 18}" font-size="11" fill="#555" '
                   f'text-anchor="middle">{tick:g}x</text>')
        tick *= 10
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{grid_bottom + 40}" font-size="12" fill="#333" '
               f'text-anchor="middle">times faster or leaner than Python (log scale; 1x = as Python)</text>')
    for i, r in enumerate(bars):
        y = top + i * (bar_h + gap)
        x0, x1 = sorted((x_of(1.0), x_of(r["speedup"])))  # bars grow from 1x: left means slower than Python
        colour = "#2b7bb9" if r["met"] in (None, True) else "#d9822b"
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.72:.1f}" font-size="12" fill="#222" '
                   f'text-anchor="end">{esc(r["short"])}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{x1 + 5:.1f}" y="{y + bar_h * 0.72:.1f}" font-size="11" fill="#222">'
                   f'{fmt_ratio(r["speedup"])}</text>' if r["speedup"] >= 1 else
                   f'<text x="{x0 - 5:.1f}" y="{y + bar_h * 0.72:.1f}" font-size="11" fill="#222" '
                   f'text-anchor="end">{fmt_ratio(r["speedup"])}</text>')
        if r["target"].startswith(">="):
            xt = x_of(float(r["target"].split()[1].rstrip("x")))
            out.append(f'<line x1="{xt:.1f}" y1="{y - 2}" x2="{xt:.1f}" y2="{y + bar_h + 2}" stroke="{TARGET_COLOUR}" '
                       f'stroke-width="2" stroke-dasharray="3,2"/>')
    legend_y = grid_bottom + 62
    out.append(f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 18}" y2="{legend_y - 4}" stroke="{TARGET_COLOUR}" '
               f'stroke-width="2" stroke-dasharray="3,2"/>')
    out.append(f'<text x="{left + 24}" y="{legend_y}" font-size="11" fill="#555">target</text>')
    out.append(f'<rect x="{left + 80}" y="{legend_y - 10}" width="14" height="10" fill="#d9822b"/>')
    out.append(f'<text x="{left + 100}" y="{legend_y}" font-size="11" fill="#555">target missed</text>')
    out.append(f'<rect x="{left + 200}" y="{legend_y - 10}" width="14" height="10" fill="#2b7bb9"/>')
    out.append(f'<text x="{left + 220}" y="{legend_y}" font-size="11" fill="#555">met, or no target</text>')
    return out, legend_y + 16 - y0


def svg_plot(rows, title, subtitle):
    """The throughput ratios per chunksize, then the other figures' ratios, written by hand."""
    width = 960
    body = [f'<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">{esc(title)}</text>',
            f'<text x="20" y="52" font-size="12" fill="#555">{esc(subtitle)}</text>']
    y = 64
    for part in (throughput_panels, figure_bars):
        elements, height = part(rows, width, y)
        body += elements
        y += height + (24 if height else 0)
    height = int(y)
    return "\n".join([f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                      f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
                      f'<rect width="{width}" height="{height}" fill="#ffffff"/>'] + body + ["</svg>"]) + "\n"


def svg_to_png(svg_text, png_path, write):
    """Converts with rsvg-convert (or ImageMagick); `write(path, bytes)` puts the PNG in place."""
    converter = shutil.which("rsvg-convert") or shutil.which("convert")
    if not converter:
        print("compare_with_python: no rsvg-convert or ImageMagick convert found; PNG not written", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        svg_file = os.path.join(tmp, "plot.svg")
        png_file = os.path.join(tmp, "plot.png")
        with open(svg_file, "w") as f:
            f.write(svg_text)
        if os.path.basename(converter) == "rsvg-convert":
            cmd = [converter, "-z", "1.5", "-o", png_file, svg_file]  # small labels stay sharp
        else:
            cmd = [converter, "-density", "144", svg_file, "-depth", "8", png_file]
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if done.returncode != 0 or not os.path.exists(png_file):
            print(f"compare_with_python: {os.path.basename(converter)} could not convert the plot; PNG not written: "
                  f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}",
                  file=sys.stderr)
            return False
        with open(png_file, "rb") as f:
            write(png_path, f.read())
    return True
