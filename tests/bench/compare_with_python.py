#!/usr/bin/env python3
"""PoolScope against Python's multiprocessing.Pool, side by side, in one run.

Runs the workloads of `poolscope bench` through Python's own Pool (the python3 on this machine, standard
library only) and through `poolscope bench --json`, alternating the two on every repetition so that
machine noise hits both alike, then prints every figure with the ratio and the machine's core count.

    python3 tests/bench/compare_with_python.py --build              # builds the release binary first
    python3 tests/bench/compare_with_python.py --quick              # tiny counts, for tests
    python3 tests/bench/compare_with_python.py --svg plot.svg --png plot.png --markdown table.md
    python3 tests/bench/compare_with_python.py --build --stream 1000000 --readme README.md \
        --png resources/screenshots/bench-vs-python.png              # regenerates the README's run and plot

The workloads (identical on both sides):
  throughput    no-op tasks (return x) through map, imap, imap_unordered at chunksizes 1, 10, 100, 1,000 and
                Python's map default ceil(N / (4 x workers)) (--chunksizes), each on a fresh pool that already
                ran 1,000 tasks; PoolScope with tracing off and on (records to a BufferedSink drained at
                60 Hz, as the GUI does); Python has no tracing, so both compare with the same Python figure
  apply_async   apply_async(noop, i).get() one after the other: the round trip
  emission      imap_unordered over tasks that sleep 200 us: from the moment the task returned in the worker
                to the moment the caller received it (PoolScope: its trace records; Python: the task
                returns time.monotonic_ns(), the same CLOCK_MONOTONIC, and the caller subtracts)
  start-up      Pool(n) then one apply(noop): the time until the first result is back
  stream        (--stream N) lower-case N records of 1 KB from a lazy generator through imap and map,
                each run in its own process; peak RSS of the calling process (VmHWM)
"""

import argparse
import json
import math
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------------------------------
# Python's side. Task functions are top-level, as Python's Pool requires (they are pickled by name).


def noop(x):
    return x


def nap(microseconds):
    time.sleep(microseconds / 1e6)
    return time.monotonic_ns()


def lower(text):
    return text.lower()


def percentile(values, p):
    """Nearest-rank percentile, the same rule as PoolScope's bench_stats."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100.0 * len(ordered))))
    return ordered[rank - 1]


def auto_chunksize(tasks, workers):
    return max(1, -(-tasks // (4 * workers)))


def timed_run(pool, mode, inputs, chunksize):
    t0 = time.perf_counter_ns()
    if mode == "map":
        received = len(pool.map(noop, inputs, chunksize))
    else:
        received = sum(1 for _ in getattr(pool, mode)(noop, inputs, chunksize))
    elapsed = time.perf_counter_ns() - t0
    assert received == len(inputs)
    return elapsed


def chunksize_key(chunksize):
    """The JSON key suffix of a throughput figure: 1 -> "1", "auto" -> "auto"."""
    return str(chunksize)


def python_throughput(workers, tasks, chunksizes):
    inputs = list(range(tasks))
    warm_up = list(range(min(tasks, 1000)))
    out = {}
    for asked in chunksizes:  # the same order as poolscope bench
        chunksize = auto_chunksize(tasks, workers) if asked == "auto" else asked
        for mode in ("map", "imap", "imap_unordered"):
            with mp.get_context("fork").Pool(workers) as pool:
                timed_run(pool, mode, warm_up, 1)
                elapsed = timed_run(pool, mode, inputs, chunksize)
            out[f"{mode}_chunksize_{chunksize_key(asked)}"] = tasks * 1e9 / max(elapsed, 1)
    return out


def python_apply_async(workers, samples):
    with mp.get_context("fork").Pool(workers) as pool:
        for i in range(50):
            pool.apply_async(noop, (i,)).get()
        trips = []
        for i in range(samples):
            t0 = time.perf_counter_ns()
            pool.apply_async(noop, (i,)).get()
            trips.append((time.perf_counter_ns() - t0) / 1000.0)
    return {"median": percentile(trips, 50), "p99": percentile(trips, 99), "max": max(trips), "samples": samples}


def python_emission(workers, tasks, task_us):
    latencies = []
    with mp.get_context("fork").Pool(workers) as pool:
        for finished in pool.imap_unordered(nap, [task_us] * tasks, 1):
            latencies.append((time.monotonic_ns() - finished) / 1000.0)
    return {"median": percentile(latencies, 50), "p99": percentile(latencies, 99), "max": max(latencies),
            "samples": tasks}


def python_startup(sizes, repeats):
    out = {}
    for method in ("fork", "forkserver"):
        ctx = mp.get_context(method)
        with ctx.Pool(1) as pool:  # the fork server itself starts once per program, as PoolScope's does
            pool.apply(noop, (0,))
        for n in sizes:
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter_ns()
                pool = ctx.Pool(n)
                pool.apply(noop, (1,))
                times.append((time.perf_counter_ns() - t0) / 1e6)
                pool.close()
                pool.join()
            out[f"{method}_{n}"] = percentile(times, 50)
    return out


def text_record(index, size):
    text = ("Multiprocessing Is All You Need: Lower-Case Five Hundred GB Of Text With Pool.imap, One Record "
            "At A Time, And Keep Memory Flat While The Workers Do The Work. ")
    start = (index * 7) % len(text)
    repeated = text * (size // len(text) + 2)
    return repeated[start:start + size]


def rss_mib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def python_stream_child(via, records, record_bytes, chunksize, workers):
    """One streaming run in this (fresh) process; prints one JSON object."""
    counts = {"pulled": 0, "received": 0, "max_in_flight": 0}

    def source():
        for i in range(records):
            counts["pulled"] += 1
            counts["max_in_flight"] = max(counts["max_in_flight"], counts["pulled"] - counts["received"])
            yield text_record(i, record_bytes)

    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass
    start = rss_mib("VmRSS")
    t0 = time.perf_counter()
    good = 0
    with mp.get_context("fork").Pool(workers) as pool:
        results = pool.imap(lower, source(), chunksize) if via == "imap" else pool.map(lower, source(), chunksize)
        for r in results:
            counts["received"] += 1
            good += len(r) == record_bytes and r == r.lower()
    seconds = time.perf_counter() - t0
    assert good == records
    run = {"records": records, "peak_rss_mib": rss_mib("VmHWM"), "start_rss_mib": start, "seconds": seconds,
           "records_per_s": records / seconds}
    if via == "imap":
        run["max_in_flight"] = counts["max_in_flight"]
    print(json.dumps(run))


def python_stream(sizes, record_bytes, chunksize, workers, with_map):
    out = {"record_bytes": record_bytes, "chunksize": chunksize, "imap": [], "map": []}
    for via in ("imap", "map") if with_map else ("imap",):
        for n in sizes:
            child = subprocess.run([sys.executable, os.path.abspath(__file__), "--stream-child", via, str(n),
                                    str(record_bytes), str(chunksize), str(workers)],
                                   check=True, capture_output=True, text=True)
            out[via].append(json.loads(child.stdout))
    for via in ("imap", "map"):
        runs = out[via]
        if len(runs) > 1:
            out[via + "_growth_mib"] = runs[-1]["peak_rss_mib"] - runs[0]["peak_rss_mib"]
    return out


def python_bench(cfg):
    figures = {"cores": os.cpu_count(), "workers": cfg.workers, "tasks": cfg.tasks,
               "auto_chunksize": auto_chunksize(cfg.tasks, cfg.workers)}
    # The same order as poolscope bench: start-up first, while the process is small.
    figures["startup_ms"] = python_startup(cfg.startup_workers, cfg.startup_repeats)
    figures["throughput_tasks_per_s"] = python_throughput(cfg.workers, cfg.tasks, cfg.chunksizes)
    figures["apply_async_us"] = python_apply_async(cfg.workers, cfg.samples)
    figures["emission_latency_us"] = python_emission(cfg.workers, cfg.samples, 200)
    return figures


# ---------------------------------------------------------------------------------------------------
# PoolScope's side: the same workloads through `poolscope bench --json`.


def poolscope_bench(cfg, extra):
    command = [cfg.poolscope, "bench", "--json", "--workers", str(cfg.workers), "--tasks", str(cfg.tasks),
               "--samples", str(cfg.samples), "--startup-workers", ",".join(map(str, cfg.startup_workers)),
               "--chunksizes", ",".join(map(str, cfg.chunksizes))]
    if cfg.quick:
        command.append("--quick")
    command += extra
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"compare_with_python: {' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------------------------------
# The comparison.

MODES = ("map", "imap", "imap_unordered")
DEFAULT_CHUNKSIZES = [1, 10, 100, 1000, "auto"]


def throughput_target(chunksize, traced):
    """The targets of issue 14, per row: (kind, value, goal)."""
    if traced:
        return ("ratio", 1, None)
    if chunksize == 1:
        return ("ratio", 40, None)
    return ("ratio", 2, 10 if chunksize == "auto" else None)


def throughput_figures(chunksizes, auto_value):
    """One row per tracing setting, chunksize and mode. Python has no tracing: both PoolScope rows of a
    chunksize and mode compare with the same Python figure."""
    rows = []
    for traced in (False, True):
        for chunksize in chunksizes:
            for mode in MODES:
                key = f"{mode}_chunksize_{chunksize_key(chunksize)}"
                shown = f"{auto_value:,} (Python's map default)" if chunksize == "auto" else f"{chunksize:,}"
                rows.append({"ours": ("traced_" if traced else "") + "throughput_tasks_per_s." + key,
                             "python": "throughput_tasks_per_s." + key,
                             "label": f"{mode}, chunksize {shown}, tracing {'on' if traced else 'off'}",
                             "unit": "tasks/s", "higher_better": True,
                             "target": throughput_target(chunksize, traced),
                             "mode": mode, "chunksize": chunksize, "traced": traced})
    return rows


def figure(path, label, unit, higher_better, target=None):
    return {"ours": path, "python": path, "label": label, "unit": unit, "higher_better": higher_better,
            "target": target}


# A target is ("ratio", x, goal): PoolScope at least x times better than Python (and, if goal is set, the
# ratio it aims for); ("below", v, None): PoolScope under v; ("at_most", v, None): PoolScope at most v.
OTHER_FIGURES = [
    figure("apply_async_us.median", "apply_async round trip, median", "us", False, ("ratio", 10, None)),
    figure("apply_async_us.p99", "apply_async round trip, p99", "us", False),
    figure("emission_latency_us.median", "emission latency, median", "us", False),
    figure("emission_latency_us.p99", "emission latency, p99", "us", False, ("below", 200, None)),
] + [
    figure(f"startup_ms.{method}_{n}", f"start-up, {method}, {n} workers", "ms", False)
    for method in ("fork", "forkserver") for n in (2, 4, 8)
] + [
    figure("tracing.overhead_percent", "tracing overhead (imap, chunksize 1)", "%", False, ("at_most", 25, None)),
    figure("chart.render_ms", "Gantt chart full render", "ms", False, ("below", 100, None)),
    figure("chart.apply_ms", "Gantt chart, 100 records into model and scene", "ms", False),
    figure("chart.append_ms", "Gantt chart, append 100 records and repaint", "ms", False),
    figure("stream.imap_growth_mib", "stream via imap, peak RSS growth", "MiB", False, ("below", 20, None)),
    figure("stream.map_growth_mib", "stream via map, peak RSS growth", "MiB", False),
    figure("stream.imap_max_in_flight", "stream via imap, most records in flight", "records", False),
]


def lookup(obj, path):
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj if isinstance(obj, (int, float)) else None


def median_of(runs, path):
    values = [v for v in (lookup(r, path) for r in runs) if v is not None]
    return statistics.median(values) if values else None


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "tasks/s":
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_ratio(value):
    if value is None:
        return "-"
    return f"{value:,.0f}x" if value >= 100 else f"{value:.1f}x" if value >= 1 else f"{value:.2f}x"


def stream_ladder(runs):
    """The record counts a side streamed: growth figures compare only over the same counts."""
    stream = runs[0].get("stream", {}) if runs else {}
    return [r["records"] for r in stream.get("imap", [])]


def judge(target, speedup, ours, unit):
    """(target text, met, goal met): met is None for a figure without a target."""
    if not target:
        return "", None, None
    kind, value, goal = target
    if kind == "ratio":
        text = f">= {value}x Python" + (f", goal {goal}x" if goal else "")
        met = speedup is not None and speedup >= value
        return text, met, (speedup is not None and speedup >= goal) if goal else None
    if kind == "below":
        return f"< {value} {unit}", ours is not None and ours < value, None
    return f"<= {value} {unit}", ours is not None and ours <= value, None


def compare(ours_runs, python_runs, chart_label, chunksizes):
    auto_value = ours_runs[0].get("auto_chunksize", 0) if ours_runs else 0
    rows = []
    for spec in throughput_figures(chunksizes, auto_value) + OTHER_FIGURES:
        path, unit = spec["ours"], spec["unit"]
        ours = median_of(ours_runs, path)
        theirs = median_of(python_runs, spec["python"])
        if ours is None and theirs is None:
            continue
        label = short = spec["label"]
        if path.startswith("chart."):
            label = f"{label} ({chart_label})"
        ladder = stream_ladder(ours_runs)
        if path.startswith("stream.") and len(ladder) > 1 and "growth" in path:
            label = f"{label}, {ladder[0]:,} to {ladder[-1]:,} records"
        speedup = None
        comparable = unit != "records" and (not path.startswith("stream.") or
                                            stream_ladder(ours_runs) == stream_ladder(python_runs))
        if path.startswith("stream.") and stream_ladder(ours_runs) != stream_ladder(python_runs):
            theirs = None  # Python streamed other record counts: its growth is not the same figure
        if comparable and ours is not None and theirs is not None and ours > 0 and theirs > 0:
            speedup = ours / theirs if spec["higher_better"] else theirs / ours
        target_text, met, goal_met = judge(spec["target"], speedup, ours, unit)
        row = {"figure": label, "short": short, "unit": unit, "poolscope": ours, "python": theirs,
               "speedup": speedup, "target": target_text, "met": met, "goal_met": goal_met, "key": path}
        if "mode" in spec:
            row.update(mode=spec["mode"], chunksize=spec["chunksize"], traced=spec["traced"], auto_value=auto_value,
                       target_ratio=spec["target"][1], goal_ratio=spec["target"][2])
        rows.append(row)
    return rows


def verdict(row):
    if row["met"] is None:
        return ""
    text = "met" if row["met"] else "MISSED"
    if row.get("goal_met") is not None:
        text += " (goal met)" if row["goal_met"] else " (goal not reached)"
    return text


def table_text(rows, header):
    lines = header + [""]
    cols = ["figure", "unit", "PoolScope", "Python", "PoolScope vs Python", "target", "verdict"]
    body = [[r["figure"], r["unit"], fmt(r["poolscope"], r["unit"]), fmt(r["python"], r["unit"]),
             fmt_ratio(r["speedup"]), r["target"], verdict(r)] for r in rows]
    widths = [max(len(c), *(len(b[i]) for b in body)) if body else len(c) for i, c in enumerate(cols)]
    lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        lines.append("| " + " | ".join(v.ljust(w) for v, w in zip(b, widths)) + " |")
    return "\n".join(lines)


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


def write_atomically(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a plot or table is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def svg_to_png(svg_text, png_path):
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
            write_atomically(png_path, f.read())
    return True


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def build_release():
    """The release build of resources/scripts/dev.sh run: build/release, tests off."""
    build = os.path.join(ROOT, "build", "release")
    subprocess.run(["cmake", "-S", ROOT, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DPOOLSCOPE_BUILD_TESTS=OFF"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "--target", "poolscope"], check=True)
    return os.path.join(build, "app", "poolscope")


def find_poolscope():
    root = ROOT
    for build in ("build/release", "build/ci", "build"):
        candidate = os.path.join(root, build, "app", "poolscope")
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("poolscope")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def parse_chunksizes(text):
    """"1,10,100,1000,auto" -> [1, 10, 100, 1000, "auto"]; the same rules as poolscope bench --chunksizes."""
    out = []
    for item in text.split(","):
        if item == "auto":
            value = "auto"
        elif item.isdigit() and 1 <= int(item) <= 1_000_000:
            value = int(item)
        else:
            raise argparse.ArgumentTypeError(f"chunksizes are 1 to 1000000 or auto, not '{item[:40]}'")
        if value in out:
            raise argparse.ArgumentTypeError(f"{value} is listed twice")
        out.append(value)
    return out


def poolscope_version(poolscope):
    done = subprocess.run([poolscope, "--version"], check=False, capture_output=True, text=True)
    version = done.stdout.strip() if done.returncode == 0 else "poolscope"
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], check=False, capture_output=True,
                            text=True)
    if commit.returncode != 0:
        return version
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], check=False,
                           capture_output=True, text=True).stdout.strip()
    return version + f" (commit {commit.stdout.strip()}{' with local changes' if dirty else ''})"


README_BEGIN = "<!-- compare_with_python: begin (generated by tests/bench/compare_with_python.py --readme) -->"
README_END = "<!-- compare_with_python: end -->"


def replace_readme_block(path, markdown):
    """Puts the --markdown text between the README's markers; nothing is written if they are missing."""
    with open(path) as f:
        text = f.read()
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        sys.exit(f"compare_with_python: {path} has no '{README_BEGIN}' ... '{README_END}' block to replace")
    head = text[:begin + len(README_BEGIN)]
    write_atomically(path, head + "\n" + markdown.rstrip("\n") + "\n" + text[end:])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--stream-child":
        via, n, size, chunksize, workers = sys.argv[2], *map(int, sys.argv[3:7])
        python_stream_child(via, n, size, chunksize, workers)
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--poolscope", help="the poolscope executable (default: build/release, build/ci)")
    parser.add_argument("--build", action="store_true", help="build poolscope (Release, build/release) first")
    parser.add_argument("--quick", action="store_true", help="tiny counts, two repetitions (for tests)")
    parser.add_argument("--repeat", type=int, help="repetitions of each side, alternating (default 3)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="pool size (default: cores)")
    parser.add_argument("--tasks", type=int, help="no-op tasks per throughput run (default 100000)")
    parser.add_argument("--samples", type=int, help="apply_async round trips / emission tasks (default 2000)")
    parser.add_argument("--stream", type=int, metavar="N",
                        help="also stream N/100, N/10 and N records of 1 KB (PoolScope; Python too unless "
                             "--stream-python-max is smaller)")
    parser.add_argument("--stream-python-max", type=int,
                        help="largest record count Python streams (default: N, the same ladder as PoolScope)")
    parser.add_argument("--window", type=int, default=256, help="PoolScope's imap window for --stream")
    parser.add_argument("--no-chart", action="store_true", help="skip the Gantt chart figures")
    parser.add_argument("--svg", help="write the speed-up plot as SVG")
    parser.add_argument("--png", help="write the speed-up plot as PNG (converted from the SVG)")
    parser.add_argument("--markdown", help="write the table (Markdown) to this file")
    parser.add_argument("--json", help="write every raw figure of every repetition to this file")
    parser.add_argument("--readme", metavar="FILE",
                        help="put the --markdown text between the compare_with_python markers of FILE (README.md)")
    parser.add_argument("--chunksizes", type=parse_chunksizes, default=DEFAULT_CHUNKSIZES,
                        help="throughput chunksizes, auto = Python's map default (default 1,10,100,1000,auto)")
    cfg = parser.parse_args()
    if cfg.readme:  # refused before the run, not after it
        try:
            with open(cfg.readme) as f:
                readme = f.read()
        except OSError as e:
            parser.error(f"--readme {cfg.readme}: {e.strerror}")
        if README_BEGIN not in readme or README_END not in readme.split(README_BEGIN, 1)[-1]:
            parser.error(f"--readme {cfg.readme} has no '{README_BEGIN}' ... '{README_END}' block")

    if cfg.build and not cfg.poolscope:
        cfg.poolscope = build_release()
    cfg.poolscope = cfg.poolscope or find_poolscope()
    if not cfg.poolscope or not os.access(cfg.poolscope, os.X_OK):
        parser.error("no poolscope executable found: build it or pass --poolscope PATH")
    cfg.repeat = cfg.repeat or (2 if cfg.quick else 3)
    cfg.tasks = cfg.tasks or (500 if cfg.quick else 100_000)
    cfg.samples = cfg.samples or (50 if cfg.quick else 2_000)
    cfg.startup_workers = [2] if cfg.quick else [2, 4, 8]
    cfg.startup_repeats = 1 if cfg.quick else 5
    if min(cfg.repeat, cfg.tasks, cfg.samples, cfg.workers) < 1:
        parser.error("--repeat, --tasks, --samples and --workers must be at least 1")

    started = time.monotonic()  # after any build: the figure is how long the comparison itself takes
    load_before = os.getloadavg()
    sections = "throughput,latency,startup,tracing" + ("" if cfg.no_chart else ",chart")
    ours_runs, python_runs = [], []
    for rep in range(cfg.repeat):
        order = ("poolscope", "python") if rep % 2 == 0 else ("python", "poolscope")
        for side in order:
            print(f"repetition {rep + 1}/{cfg.repeat}: {side}", file=sys.stderr, flush=True)
            if side == "poolscope":
                ours_runs.append(poolscope_bench(cfg, ["--only", sections]))
            else:
                python_runs.append(python_bench(cfg))

    if cfg.stream:
        print("streaming: poolscope", file=sys.stderr, flush=True)
        stream = poolscope_bench(cfg, ["--only", "stream", "--stream", str(cfg.stream),
                                       "--window", str(cfg.window)])["stream"]
        for run in ours_runs:
            run["stream"] = stream
        python_max = cfg.stream if cfg.stream_python_max is None else cfg.stream_python_max
        ladder = sorted({s for s in (cfg.stream // 100, cfg.stream // 10, cfg.stream) if 0 < s <= python_max})
        if len(ladder) > 0:
            print("streaming: python", file=sys.stderr, flush=True)
            py_stream = python_stream(ladder, 1024, 1, cfg.workers, with_map=True)
            for run in python_runs:
                run["stream"] = py_stream

    for run in ours_runs + python_runs:
        imap_runs = run.get("stream", {}).get("imap", [])
        if imap_runs:
            run["stream"]["imap_max_in_flight"] = max(r.get("max_in_flight", 0) for r in imap_runs)
    chart = ours_runs[0].get("chart", {})
    chart_label = f"{chart.get('tasks', 0):,} tasks, {chart.get('workers', 0)} workers" if chart else ""
    rows = compare(ours_runs, python_runs, chart_label, cfg.chunksizes)
    cores = os.cpu_count()
    load = os.getloadavg()
    seconds = time.monotonic() - started
    header = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with {poolscope_version(cfg.poolscope)}"
              f" against Python {platform.python_version()} multiprocessing.Pool, on {cpu_model()}, {cores} cores "
              f"(os.cpu_count), Linux {platform.release()}; {cfg.workers} workers; median of {cfg.repeat} "
              f"alternating repetitions; {cfg.tasks:,} no-op tasks per throughput run, {cfg.samples:,} latency "
              f"samples; load average before/after {load_before[0]:.1f}/{load[0]:.1f}; the comparison took "
              f"{seconds:.0f} s."]
    missed = [r["figure"] for r in rows if r["met"] is False]
    judged = sum(1 for r in rows if r["met"] is not None)
    text = table_text(rows, header) + f"\n\nTargets missed: {len(missed)} of {judged}" + (
        ": " + "; ".join(missed) if missed else "") + "."
    print(text)
    print(f"\ncores: {cores}   load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}   took {seconds:.0f} s")

    if cfg.markdown:
        write_atomically(cfg.markdown, text + "\n")
    if cfg.readme:
        replace_readme_block(cfg.readme, text)
    if cfg.json:
        write_atomically(cfg.json, json.dumps({"cores": cores, "poolscope": ours_runs, "python": python_runs,
                                               "rows": rows}, indent=2) + "\n")
    if cfg.svg or cfg.png:
        svg = svg_plot(rows, "PoolScope vs Python multiprocessing.Pool",
                       f"{cpu_model()}, {cores} cores, {cfg.workers} workers, {cfg.tasks:,} no-op tasks, median of "
                       f"{cfg.repeat} alternating runs, {time.strftime('%Y-%m-%d', time.gmtime())}; bars: times "
                       f"faster (or leaner) than Python")
        if cfg.svg:
            write_atomically(cfg.svg, svg)
        if cfg.png:
            svg_to_png(svg, cfg.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
