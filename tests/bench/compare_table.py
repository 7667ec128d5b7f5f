"""The comparison table of compare_with_python.py: which figures, their targets, the verdicts, the Markdown.

A row compares PoolScope's median with Python's and judges it against its target, if it has one: the
README's performance section lists them.
"""

import statistics


def chunksize_key(chunksize):
    """The JSON key suffix of a throughput figure: 1 -> "1", "auto" -> "auto"."""
    return str(chunksize)


MODES = ("map", "imap", "imap_unordered")
DEFAULT_CHUNKSIZES = [1, 10, 100, 1000, "auto"]


def throughput_target(chunksize, traced):
    """A throughput row's target: (kind, value, goal). Tracing off: 40x Python at chunksize 1, 2x elsewhere
    (aiming at 10x at Python's default chunksize); tracing on: at least Python's speed."""
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
    figure("chart.append_ms", "Gantt chart, append 100 records and repaint", "ms", False, ("below", 16, None)),
    figure("chart.render_big_ms", "Gantt chart full render", "ms", False, ("below", 250, None)),
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
        if path == "chart.render_big_ms":
            big = lookup(ours_runs[0], "chart.render_big_tasks") if ours_runs else None
            label = f"{label} ({big or 0:,.0f} tasks)"
        elif path.startswith("chart."):
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
