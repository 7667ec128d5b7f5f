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
import subprocess
import sys
import tempfile
import time

from compare_plot import svg_plot, svg_to_png
from compare_table import DEFAULT_CHUNKSIZES, chunksize_key, compare, table_text

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
    write_atomically(path, head + "\n\n" + markdown.strip("\n") + "\n\n" + text[end:])


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
    # The live chart's figures at 100,000 tasks (the scale it must keep 60 Hz at), and a full render of a
    # million; --quick keeps poolscope's tiny chart.
    chart_args = [] if cfg.no_chart or cfg.quick else ["--chart-tasks", "100000"]
    ours_runs, python_runs = [], []
    for rep in range(cfg.repeat):
        order = ("poolscope", "python") if rep % 2 == 0 else ("python", "poolscope")
        for side in order:
            print(f"repetition {rep + 1}/{cfg.repeat}: {side}", file=sys.stderr, flush=True)
            if side == "poolscope":
                ours_runs.append(poolscope_bench(cfg, ["--only", sections] + chart_args))
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
            svg_to_png(svg, cfg.png, write_atomically)
    return 0


if __name__ == "__main__":
    sys.exit(main())
