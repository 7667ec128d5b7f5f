#!/usr/bin/env python3
"""PoolScope against Python's multiprocessing.Pool, side by side, in one run.

Runs the workloads of `poolscope bench` through Python's own Pool (the python3 on this machine, standard
library only) and through `poolscope bench --json`, alternating the two on every repetition so that
machine noise hits both alike, then prints every figure with the ratio and the machine's core count.

    python3 tests/bench/compare_with_python.py --build              # the README's table (builds first)
    python3 tests/bench/compare_with_python.py --quick              # tiny counts, for tests
    python3 tests/bench/compare_with_python.py --svg plot.svg --png plot.png --markdown table.md

The workloads (identical on both sides):
  throughput    no-op tasks (return x) through map, imap, imap_unordered at chunksize 1 and at Python's map
                default chunksize ceil(N / (4 x workers)), on a pool that already ran 1,000 tasks
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


def python_throughput(workers, tasks):
    inputs = list(range(tasks))
    warm_up = list(range(min(tasks, 1000)))
    out = {}
    for automatic in (False, True):
        for mode in ("map", "imap", "imap_unordered"):
            chunksize = auto_chunksize(tasks, workers) if automatic else 1
            with mp.get_context("fork").Pool(workers) as pool:
                timed_run(pool, mode, warm_up, 1)
                elapsed = timed_run(pool, mode, inputs, chunksize)
            out[f"{mode}_chunksize_{'auto' if automatic else '1'}"] = tasks * 1e9 / max(elapsed, 1)
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
    figures["throughput_tasks_per_s"] = python_throughput(cfg.workers, cfg.tasks)
    figures["apply_async_us"] = python_apply_async(cfg.workers, cfg.samples)
    figures["emission_latency_us"] = python_emission(cfg.workers, cfg.samples, 200)
    return figures


# ---------------------------------------------------------------------------------------------------
# PoolScope's side: the same workloads through `poolscope bench --json`.


def poolscope_bench(cfg, extra):
    command = [cfg.poolscope, "bench", "--json", "--workers", str(cfg.workers), "--tasks", str(cfg.tasks),
               "--samples", str(cfg.samples), "--startup-workers", ",".join(map(str, cfg.startup_workers))]
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

# (JSON path, label, unit, higher is better, target)
# A target is ("ratio", x): PoolScope at least x times better than Python; ("below", v): PoolScope under v.
FIGURES = [
    ("throughput_tasks_per_s.map_chunksize_1", "map, chunksize 1", "tasks/s", True, ("ratio", 20)),
    ("throughput_tasks_per_s.imap_chunksize_1", "imap, chunksize 1", "tasks/s", True, ("ratio", 20)),
    ("throughput_tasks_per_s.imap_unordered_chunksize_1", "imap_unordered, chunksize 1", "tasks/s", True,
     ("ratio", 20)),
    ("throughput_tasks_per_s.map_chunksize_auto", "map, default chunksize", "tasks/s", True, None),
    ("throughput_tasks_per_s.imap_chunksize_auto", "imap, same chunksize", "tasks/s", True, None),
    ("throughput_tasks_per_s.imap_unordered_chunksize_auto", "imap_unordered, same chunksize", "tasks/s", True,
     None),
    ("apply_async_us.median", "apply_async round trip, median", "us", False, ("ratio", 10)),
    ("apply_async_us.p99", "apply_async round trip, p99", "us", False, None),
    ("emission_latency_us.median", "emission latency, median", "us", False, None),
    ("emission_latency_us.p99", "emission latency, p99", "us", False, ("below", 200)),
] + [
    (f"startup_ms.{method}_{n}", f"start-up, {method}, {n} workers", "ms", False, None)
    for method in ("fork", "forkserver") for n in (2, 4, 8)
] + [
    ("tracing.overhead_percent", "tracing overhead (imap, chunksize 1)", "%", False, None),
    ("chart.render_ms", "Gantt chart full render", "ms", False, ("below", 100)),
    ("chart.apply_ms", "Gantt chart, 100 records into model and scene", "ms", False, None),
    ("chart.append_ms", "Gantt chart, append 100 records and repaint", "ms", False, None),
    ("stream.imap_growth_mib", "stream via imap, peak RSS growth", "MiB", False, ("below", 20)),
    ("stream.map_growth_mib", "stream via map, peak RSS growth", "MiB", False, None),
    ("stream.imap_max_in_flight", "stream via imap, most records in flight", "records", False, None),
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


def stream_ladder(runs):
    """The record counts a side streamed: growth figures compare only over the same counts."""
    stream = runs[0].get("stream", {}) if runs else {}
    return [r["records"] for r in stream.get("imap", [])]


def compare(ours_runs, python_runs, chart_label):
    rows = []
    for path, label, unit, higher_better, target in FIGURES:
        ours = median_of(ours_runs, path)
        theirs = median_of(python_runs, path)
        if ours is None and theirs is None:
            continue
        short = label
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
            speedup = ours / theirs if higher_better else theirs / ours
        met = None
        target_text = ""
        if target and target[0] == "ratio":
            target_text = f">= {target[1]}x Python"
            met = speedup is not None and speedup >= target[1]
        elif target and target[0] == "below":
            target_text = f"< {target[1]} {unit}"
            met = ours is not None and ours < target[1]
        rows.append({"figure": label, "short": short, "unit": unit, "poolscope": ours, "python": theirs, "speedup": speedup,
                     "target": target_text, "met": met, "key": path})
    return rows


def table_text(rows, header):
    lines = header + [""]
    cols = ["figure", "unit", "PoolScope", "Python", "PoolScope vs Python", "target"]
    body = []
    for r in rows:
        verdict = "" if r["met"] is None else (" (met)" if r["met"] else " (missed)")
        body.append([r["figure"], r["unit"], fmt(r["poolscope"], r["unit"]), fmt(r["python"], r["unit"]),
                     "-" if r["speedup"] is None else f"{r['speedup']:.1f}x", (r["target"] + verdict).strip()])
    widths = [max(len(c), *(len(b[i]) for b in body)) if body else len(c) for i, c in enumerate(cols)]
    lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        lines.append("| " + " | ".join(v.ljust(w) for v, w in zip(b, widths)) + " |")
    return "\n".join(lines)


def svg_plot(rows, title, subtitle):
    """A horizontal bar chart of PoolScope's speed-up over Python (log scale), written by hand."""
    bars = [r for r in rows if r["speedup"] is not None]
    width, left, right, top, bar_h, gap = 960, 330, 90, 84, 22, 8
    height = top + len(bars) * (bar_h + gap) + 70
    max_x = max([r["speedup"] for r in bars] + [30.0])
    decades = max(1, math.ceil(math.log10(max_x)))
    low = 0.1 if any(r["speedup"] < 1 for r in bars) else 1.0
    lo_log = math.log10(low)
    plot_w = width - left - right

    def x_of(v):
        return left + (math.log10(max(v, low)) - lo_log) / (decades - lo_log) * plot_w

    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="{left}" y="30" font-size="18" font-weight="bold" fill="#222">{esc(title)}</text>',
           f'<text x="{left}" y="52" font-size="12" fill="#555">{esc(subtitle)}</text>']
    grid_bottom = top + len(bars) * (bar_h + gap)
    tick = low
    while tick <= 10 ** decades * 1.0001:
        x = x_of(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{grid_bottom}" '
                   f'stroke="{"#888" if tick == 1 else "#e3e3e3"}" stroke-width="1"/>')
        label = f"{tick:g}x"
        out.append(f'<text x="{x:.1f}" y="{grid_bottom + 18}" font-size="11" fill="#555" '
                   f'text-anchor="middle">{label}</text>')
        tick *= 10
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{grid_bottom + 40}" font-size="12" fill="#333" '
               f'text-anchor="middle">times faster than Python (log scale; 1x = as fast as Python)</text>')
    for i, r in enumerate(bars):
        y = top + i * (bar_h + gap)
        x0, x1 = sorted((x_of(1.0), x_of(r["speedup"])))  # bars grow from 1x: left means slower than Python
        colour = "#2b7bb9" if r["met"] in (None, True) else "#d9822b"
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.72:.1f}" font-size="12" fill="#222" '
                   f'text-anchor="end">{esc(r["short"])}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{x1 + 5:.1f}" y="{y + bar_h * 0.72:.1f}" font-size="11" fill="#222">'
                   f'{r["speedup"]:.1f}x</text>' if r["speedup"] >= 1 else
                   f'<text x="{x0 - 5:.1f}" y="{y + bar_h * 0.72:.1f}" font-size="11" fill="#222" '
                   f'text-anchor="end">{r["speedup"]:.2f}x</text>')
        if r["target"].startswith(">="):
            goal = float(r["target"].split()[1].rstrip("x"))
            xt = x_of(goal)
            out.append(f'<line x1="{xt:.1f}" y1="{y - 2}" x2="{xt:.1f}" y2="{y + bar_h + 2}" stroke="#c0392b" '
                       f'stroke-width="2" stroke-dasharray="3,2"/>')
    legend_y = height - 12
    out.append(f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 18}" y2="{legend_y - 4}" stroke="#c0392b" '
               f'stroke-width="2" stroke-dasharray="3,2"/>')
    out.append(f'<text x="{left + 24}" y="{legend_y}" font-size="11" fill="#555">target</text>')
    out.append(f'<rect x="{left + 80}" y="{legend_y - 10}" width="14" height="10" fill="#d9822b"/>')
    out.append(f'<text x="{left + 100}" y="{legend_y}" font-size="11" fill="#555">target missed</text>')
    out.append(f'<rect x="{left + 200}" y="{legend_y - 10}" width="14" height="10" fill="#2b7bb9"/>')
    out.append(f'<text x="{left + 220}" y="{legend_y}" font-size="11" fill="#555">met, or no target</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


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
            cmd = [converter, "-o", png_file, svg_file]
        else:
            cmd = [converter, "-density", "144", svg_file, "-depth", "8", png_file]
        subprocess.run(cmd, check=True, capture_output=True)
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
    cfg = parser.parse_args()

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
    rows = compare(ours_runs, python_runs, chart_label)
    cores = os.cpu_count()
    load = os.getloadavg()
    header = [f"PoolScope vs Python {platform.python_version()} multiprocessing.Pool on {cpu_model()}, "
              f"{cores} cores (os.cpu_count), {cfg.workers} workers; median of {cfg.repeat} alternating "
              f"repetitions; {cfg.tasks:,} no-op tasks per throughput run, {cfg.samples:,} latency samples; "
              f"load average before/after {load_before[0]:.1f}/{load[0]:.1f}."]
    text = table_text(rows, header)
    print(text)
    missed = [r["figure"] for r in rows if r["met"] is False]
    print(f"\ncores: {cores}   load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("targets missed: " + (", ".join(missed) if missed else "none"))

    if cfg.markdown:
        write_atomically(cfg.markdown, text + "\n")
    if cfg.json:
        write_atomically(cfg.json, json.dumps({"cores": cores, "poolscope": ours_runs, "python": python_runs,
                                               "rows": rows}, indent=2) + "\n")
    if cfg.svg or cfg.png:
        svg = svg_plot(rows, "PoolScope vs Python multiprocessing.Pool",
                       f"{cores} cores, {cfg.workers} workers, median of {cfg.repeat} alternating runs; "
                       f"bars: how many times faster (or leaner) PoolScope is")
        if cfg.svg:
            write_atomically(cfg.svg, svg)
        if cfg.png:
            svg_to_png(svg, cfg.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
