#!/usr/bin/env python3
"""Record what Python's own multiprocessing.Pool does, in PoolScope's trace format.

PoolScope draws the schedule its C++ pool produces; this module records the schedule the real
``multiprocessing.Pool`` produces, so both can be put side by side (``poolscope render``, File > Open
trace in the GUI, or https://ui.perfetto.dev). It needs nothing but the Python 3 standard library.

As a script it takes the same scenario file and flags as ``poolscope run``::

    python3 poolscope_record.py --preset slow-first --trace py.json
    python3 poolscope_record.py --mode imap --workers 3 --inputs 1,2,3 --durations 1,2,3 --trace py.json
    python3 poolscope_record.py --scenario my.json --mode all --trace py.json --quiet

and prints one line per result as the caller receives it (``10 doubled to 20 by Worker-2 (pid 5582) at
+1.003 s``), then a summary line. Bad flags or a bad scenario print one line on stderr and exit with 2;
a run in which a task raised exits with 3.

As a module it records the Pool calls of your own code. Every ``Pool.map``, ``Pool.imap`` and
``Pool.imap_unordered`` call made inside the block is recorded (start and finish of each task measured
inside the worker, the moment the caller receives each result measured in the caller), and the trace is
written when the block ends::

    import poolscope_record
    from multiprocessing import Pool

    def slow_double(n):
        time.sleep(n)
        return 2 * n

    with poolscope_record.recording("trace.json"):
        with Pool(3) as pool:
            pool.map(slow_double, [5, 10, 20])
            for result in pool.imap(slow_double, [1, 2, 3]):
                print(result)

``recording`` is also a decorator (``@poolscope_record.recording("trace.json")`` records every call made
while the decorated function runs), and ``recorded(pool, "trace.json")`` wraps a single pool::

    with Pool(3) as pool:
        with poolscope_record.recorded(pool, "trace.json") as rec:
            rec.map(slow_double, [5, 10, 20])

The function you hand to the pool must be picklable (a top-level function), as always with
multiprocessing. Results, and the exceptions your function raises, reach your code unchanged.
Timestamps come from ``time.monotonic_ns()`` (CLOCK_MONOTONIC on Linux), the clock PoolScope uses, so
the times of the workers and of the caller are comparable.
"""

import argparse
import contextlib
import functools
import json
import math
import multiprocessing
import multiprocessing.pool
import os
import re
import sys
import tempfile
import time

GENERATOR = "poolscope_record.py"
MODES = ("map", "imap", "imap_unordered")
WORKLOADS = ("sleep", "spin", "crash", "raise")
MAX_WORKERS = 64
MAX_TASK_SECONDS = 3600.0
MAX_INPUT = (2**63 - 1) // 2
SCENARIO_KEYS = ("mode", "workers", "chunksize", "workload", "inputs", "durations", "fail_task")


class InputError(Exception):
    """Bad flags, a bad scenario or an unwritable output: one sentence a person can act on."""


# ----------------------------------------------------------------------------------------------------
# What runs in the worker. Top-level so that multiprocessing can pickle it.

def _worker_id_from_name(name):
    # Pool workers are named ForkPoolWorker-N (SpawnPoolWorker-N, ...); N counts every process the
    # parent ever started, so the caller later shifts it to 1..workers for each pool.
    match = re.search(r"(\d+)$", name)
    return int(match.group(1)) if match else 0


class _Timed:
    """Calls the task function inside the worker and measures it there.

    Receives (index, item) and returns a tuple the caller unpacks:
    (index, ok, value_or_exception, start_ns, finish_ns, pid, worker_number).
    An exception is returned rather than raised so the caller can record the task and then raise it
    at the position where Python itself would.
    """

    def __init__(self, func):
        self.func = func

    def __call__(self, indexed):
        index, item = indexed
        start = time.monotonic_ns()
        try:
            value = self.func(item)
            ok = True
        except Exception as exc:  # noqa: BLE001 - the caller re-raises it unchanged
            value, ok = exc, False
        finish = time.monotonic_ns()
        number = _worker_id_from_name(multiprocessing.current_process().name)
        return (index, ok, value, start, finish, os.getpid(), number)


class PlannedFailure(RuntimeError):
    """The failure `--workload raise` asks for; recorded with the same message PoolScope's pool gives."""


class _ScenarioTask:
    """The scenario's task: take `duration` seconds (sleeping or spinning), return 2 x input.

    Each item carries its own duration, so the function pickled with every task stays small even for
    a scenario of 100,000 tasks."""

    def __init__(self, workload):
        self.workload = workload

    def __call__(self, item):
        value, duration, fail = item
        if self.workload == "spin":
            deadline = time.monotonic_ns() + int(duration * 1e9)
            while time.monotonic_ns() < deadline:
                pass
        else:
            time.sleep(duration)
        if fail and self.workload == "raise":
            raise PlannedFailure("task with input %d raised an error on purpose (workload raise)" % value)
        return 2 * value


# ----------------------------------------------------------------------------------------------------
# Recording one Pool call.

class _Run:
    """One recorded call: everything the trace needs to draw it."""

    def __init__(self, mode, pool, chunksize, workload="", label="Python"):
        self.mode = mode
        self.workers = len(getattr(pool, "_pool", ())) or 0
        self.chunksize = chunksize
        self.workload = workload
        self.label = label
        self.caller_pid = os.getpid()
        self.origin_ns = time.monotonic_ns()
        self.end_ns = self.origin_ns
        self.tasks = {}  # index -> dict
        self.emitted = 0
        # Worker numbers keep growing across pools of one program; rows are 1..workers per pool.
        numbers = [_worker_id_from_name(p.name) for p in getattr(pool, "_pool", ())]
        numbers = [n for n in numbers if n > 0]
        self.worker_offset = min(numbers) - 1 if numbers else 0

    def submit(self, index, item):
        self.tasks[index] = {"index": index, "input": item, "submit_ns": time.monotonic_ns()}

    def receive(self, packed):
        """Notes a result at the moment the caller receives it; returns (index, ok, value)."""
        now = time.monotonic_ns()
        index, ok, value, start, finish, pid, number = packed
        task = self.tasks.setdefault(index, {"index": index, "input": None, "submit_ns": self.origin_ns})
        task.update(start_ns=start, finish_ns=finish, pid=pid,
                    worker=max(number - self.worker_offset, 1) if number else 0,
                    chunk=index // max(self.chunksize, 1), emit_ns=now, emit_order=self.emitted)
        if ok:
            task["status"], task["result"] = "ok", value
        else:
            message = str(value) if isinstance(value, PlannedFailure) else "%s: %s" % (type(value).__name__, value)
            task["status"], task["message"] = "error", message
        self.emitted += 1
        self.end_ns = max(self.end_ns, now)
        return index, ok, value

    def ordered_tasks(self):
        return [self.tasks[i] for i in sorted(self.tasks)]


def _python_chunksize(mode, requested, tasks, workers):
    if requested:
        return requested
    if mode != "map":
        return 1
    chunksize, extra = divmod(tasks, max(workers, 1) * 4)
    return max(chunksize + (1 if extra else 0), 1)


def _run_call(pool, mode, func, items, chunksize, run, on_emit=None, raise_errors=True, inputs=None):
    """Runs func over items through `pool` in `mode`, recording into `run`; returns what Python returns
    (a list for map, a generator for imap / imap_unordered). `inputs` is what the trace records as each
    task's input when it differs from what func receives. With raise_errors=False a failed task is only
    recorded, and imap / imap_unordered go on to the end."""
    items = list(items)
    inputs = items if inputs is None else list(inputs)
    for index, item in enumerate(inputs):
        run.submit(index, item)
    timed = _Timed(func)
    indexed = list(enumerate(items))

    def emit(packed):
        index, ok, value = run.receive(packed)
        if on_emit is not None:
            on_emit(run.tasks[index], run)
        return index, ok, value

    if mode == "map":
        results = [emit(p) for p in pool.map(timed, indexed, run.chunksize)]
        if raise_errors:
            for _, ok, value in results:
                if not ok:
                    raise value
        return [value for _, _, value in results]

    method = pool.imap if mode == "imap" else pool.imap_unordered

    def generate():
        for packed in method(timed, indexed, run.chunksize):
            _, ok, value = emit(packed)
            if not ok and raise_errors:
                raise value
            yield value

    return generate()


# ----------------------------------------------------------------------------------------------------
# The trace file.

def _json_literal(value):
    """The value as the trace stores it: itself if JSON can hold it, else its repr() as a string."""
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)


def _micros(ns, origin):
    return round((ns - origin) / 1000.0, 3)


def trace_document(runs, workers=None, chunksize=None, workload=None, label="Python"):
    """The trace of `runs` as a JSON-ready dict (Chrome trace event format, PoolScope's args)."""
    events = []
    named = set()

    def name_process(pid, name, sort_index):
        if pid in named or pid <= 0:
            return
        named.add(pid)
        events.append({"ph": "M", "name": "process_name", "pid": pid, "tid": pid, "args": {"name": name}})
        events.append({"ph": "M", "name": "process_sort_index", "pid": pid, "tid": pid,
                       "args": {"sort_index": sort_index}})
        events.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": pid, "args": {"name": name}})

    for number, run in enumerate(runs):
        # Two recorded calls in the same mode stay two runs: their events carry the call's number.
        run_tag = number if sum(1 for r in runs if r.mode == run.mode) > 1 else None
        name_process(run.caller_pid, "Caller (pid %d)" % run.caller_pid, 0)
        for task in run.ordered_tasks():
            if task.get("pid"):
                name_process(task["pid"], "Worker-%d (pid %d)" % (task["worker"], task["pid"]),
                             task["worker"] + 100 * number)
        for task in run.ordered_tasks():
            if "start_ns" not in task:
                continue  # never ran (the call was abandoned); nothing to draw
            args = {"mode": run.mode, "index": task["index"], "input": _json_literal(task["input"])}
            if task["status"] == "ok":
                args["result"] = _json_literal(task["result"])
            args.update({"worker": task["worker"], "chunk": task["chunk"], "status": task["status"],
                         "submit_ts": _micros(task["submit_ns"], run.origin_ns),
                         "emit_ts": _micros(task["emit_ns"], run.origin_ns),
                         "emit_order": task["emit_order"]})
            if task["status"] != "ok":
                args["message"] = task["message"]
            if run_tag is not None:
                args["run"] = run_tag
            events.append({"ph": "X", "cat": "task", "name": "task %d" % task["index"],
                           "pid": task["pid"], "tid": task["pid"],
                           "ts": _micros(task["start_ns"], run.origin_ns),
                           "dur": round((task["finish_ns"] - task["start_ns"]) / 1000.0, 3),
                           "args": args})
        for task in sorted(run.tasks.values(), key=lambda t: t.get("emit_order", -1)):
            if task.get("emit_order", -1) < 0:
                continue
            emit_args = {"mode": run.mode, "index": task["index"], "emit_order": task["emit_order"]}
            if task.get("status") != "ok":
                emit_args["status"] = task.get("status")
            if run_tag is not None:
                emit_args["run"] = run_tag
            events.append({"ph": "i", "cat": "emit", "name": "emit %d" % task["index"],
                           "pid": run.caller_pid, "tid": run.caller_pid, "s": "t",
                           "ts": _micros(task["emit_ns"], run.origin_ns), "args": emit_args})

    first = runs[0] if runs else None
    other = {"generator": GENERATOR, "label": label,
             "workers": workers if workers is not None else (first.workers if first else 0),
             "chunksize": chunksize if chunksize is not None else (first.chunksize if first else 1),
             "workload": workload if workload is not None else (first.workload if first else ""),
             "python": sys.version.split()[0],
             # One entry per run, as poolscope's writer lists them: each run's own chunksize and wall time.
             "runs": [{"mode": run.mode, "workers": run.workers, "chunksize": run.chunksize,
                       "workload": run.workload, "label": run.label, "caller_pid": run.caller_pid,
                       "tasks": len(run.tasks), "wall_us": _micros(run.end_ns, run.origin_ns)} for run in runs]}
    return {"traceEvents": events, "displayTimeUnit": "ms", "otherData": other}


def write_trace(path, document):
    """Writes the trace atomically: a failed write leaves no half-written file behind."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError("cannot write trace %s: the folder %s does not exist" % (path, directory))
    try:
        fd, temp = tempfile.mkstemp(prefix=".poolscope-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError("cannot write trace %s: %s" % (path, exc.strerror)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, allow_nan=False, separators=(",", ":"))
            out.write("\n")
        # mkstemp makes the file private; a trace is an ordinary file, readable as the umask allows.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# ----------------------------------------------------------------------------------------------------
# Recording a user's own Pool calls.

class Recorder:
    """Collects recorded Pool calls; `save()` writes them as one trace."""

    def __init__(self, path=None, label="Python"):
        self.path = path
        self.label = label
        self.runs = []

    def call(self, pool, mode, func, iterable, chunksize=None):
        items = list(iterable)
        workers = len(getattr(pool, "_pool", ())) or 1
        effective = _python_chunksize(mode, chunksize, len(items), workers)
        run = _Run(mode, pool, effective, workload=getattr(func, "__qualname__", "function"), label=self.label)
        self.runs.append(run)
        return _run_call(pool, mode, func, items, effective, run)

    def save(self, path=None):
        path = path or self.path
        if path is None:
            raise InputError("no trace file to write: give recording() a path")
        write_trace(path, trace_document(self.runs, label=self.label))
        return path


_active = []  # recorders of the `recording` blocks currently open, innermost last
_originals = {}


def _patched(mode):
    original = _originals[mode]

    @functools.wraps(original)
    def method(self, func, iterable, chunksize=None, *args, **kwargs):
        # Calls the recorder cannot reproduce exactly (callbacks of map_async...) are left alone, and
        # the pool's own internals (which call these methods too) are not recorded twice.
        if not _active or args or kwargs or getattr(_local_guard, "busy", False):
            return original(self, func, iterable, chunksize, *args, **kwargs)
        _local_guard.busy = True
        try:
            return _active[-1].call(_Unpatched(self), mode, func, iterable, chunksize)
        finally:
            _local_guard.busy = False

    return method


class _Guard:
    busy = False


_local_guard = _Guard()


class _Unpatched:
    """A view of a pool whose map / imap / imap_unordered are the original, unrecorded ones."""

    def __init__(self, pool):
        self._inner = pool
        self._pool = getattr(pool, "_pool", ())

    def map(self, func, iterable, chunksize=None):
        return _originals["map"](self._inner, func, iterable, chunksize)

    def imap(self, func, iterable, chunksize=1):
        return _originals["imap"](self._inner, func, iterable, chunksize)

    def imap_unordered(self, func, iterable, chunksize=1):
        return _originals["imap_unordered"](self._inner, func, iterable, chunksize)


class recording(contextlib.ContextDecorator):
    """Records every Pool.map / imap / imap_unordered call made inside the block (or the decorated
    function) and writes them to `path` as one trace when the block ends, even if it ends with an
    exception. `label` names the run in PoolScope's compare view."""

    def __init__(self, path, label="Python"):
        self.path = path
        self.label = label
        self.recorder = None

    def __enter__(self):
        # A trace that cannot be written should stop the program now, not after a long computation.
        directory = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(directory):
            raise InputError("cannot write trace %s: the folder %s does not exist" % (self.path, directory))
        self.recorder = Recorder(self.path, self.label)
        if not _active:
            for mode in MODES:
                _originals[mode] = getattr(multiprocessing.pool.Pool, mode)
            for mode in MODES:
                setattr(multiprocessing.pool.Pool, mode, _patched(mode))
        _active.append(self.recorder)
        return self.recorder

    def __exit__(self, *exc_info):
        _active.remove(self.recorder)
        if not _active:
            for mode in MODES:
                setattr(multiprocessing.pool.Pool, mode, _originals[mode])
        self.recorder.save()
        return False


class recorded:
    """Wraps one pool: its map / imap / imap_unordered are recorded, everything else passes through.
    Use as a context manager (the trace is written on exit) or call `save()` yourself."""

    def __init__(self, pool, path=None, label="Python"):
        self._pool_object = pool
        self.recorder = Recorder(path, label)

    def map(self, func, iterable, chunksize=None):
        return self.recorder.call(self._pool_object, "map", func, iterable, chunksize)

    def imap(self, func, iterable, chunksize=1):
        return self.recorder.call(self._pool_object, "imap", func, iterable, chunksize)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self.recorder.call(self._pool_object, "imap_unordered", func, iterable, chunksize)

    def save(self, path=None):
        return self.recorder.save(path)

    def __getattr__(self, name):
        return getattr(self._pool_object, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.save()
        return False


# ----------------------------------------------------------------------------------------------------
# The scenario (same JSON and the same rules as `poolscope run --scenario`).

def _type_name(value):
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _integer(value, key):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError('scenario key "%s" must be an integer, not %s' % (key, _type_name(value)))
    if isinstance(value, float):
        if not math.isfinite(value) or value != math.floor(value) or abs(value) >= 9.0e15:
            raise InputError('scenario key "%s" must be an integer, not a number' % key)
        value = int(value)
    if abs(value) > 2**63 - 1:
        raise InputError('scenario key "%s" is too large' % key)
    return value


def parse_scenario(text):
    def reject_constant(name):
        raise InputError("the scenario is not valid JSON: %s is not a number JSON allows" % name)

    try:
        root = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError("the scenario is not valid JSON: %s" % exc) from exc
    except RecursionError as exc:
        raise InputError("the scenario is not valid JSON: it is nested too deeply") from exc
    if not isinstance(root, dict):
        raise InputError('a scenario must be a JSON object, such as {"durations": [1, 2, 3]}')
    scenario = {"mode": "map", "workers": 3, "chunksize": 0, "workload": "sleep", "fail_task": None}
    inputs = durations = None
    for key, value in root.items():
        if key == "mode":
            if not isinstance(value, str):
                raise InputError('scenario key "mode" must be a string, not %s' % _type_name(value))
            if value not in MODES:
                raise InputError('unknown mode "%s" in the scenario (use map, imap or imap_unordered)' % value)
            scenario["mode"] = value
        elif key == "workers":
            scenario["workers"] = _integer(value, key)
        elif key == "chunksize":
            scenario["chunksize"] = _integer(value, key)
            if scenario["chunksize"] < 1:
                raise InputError("chunksize must be 1 or more, not %d (leave it out for Python's default)"
                                 % scenario["chunksize"])
        elif key == "workload":
            if not isinstance(value, str):
                raise InputError('scenario key "workload" must be a string, not %s' % _type_name(value))
            if value not in WORKLOADS:
                raise InputError('unknown workload "%s" in the scenario (use sleep, spin, crash or raise)'
                                 % value)
            scenario["workload"] = value
        elif key == "inputs":
            if not isinstance(value, list):
                raise InputError('scenario key "inputs" must be a list, not %s' % _type_name(value))
            inputs = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise InputError("input %d of the scenario must be an integer, not %s"
                                     % (len(inputs), _type_name(item)))
                inputs.append(_integer(item, "inputs"))
        elif key == "durations":
            if not isinstance(value, list):
                raise InputError('scenario key "durations" must be a list, not %s' % _type_name(value))
            durations = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise InputError("duration %d of the scenario must be a number of seconds, not %s"
                                     % (len(durations), _type_name(item)))
                durations.append(float(item))
        elif key == "fail_task":
            if value is not None:
                index = _integer(value, key)
                if index < 0:
                    raise InputError("fail_task must be a task index, 0 or more, not %d" % index)
                scenario["fail_task"] = index
        else:
            raise InputError('unknown key "%s" in the scenario (allowed: %s)' % (key, ", ".join(SCENARIO_KEYS)))
    if durations is None:
        raise InputError('the scenario has no "durations" list (seconds, one per task)')
    scenario["durations"] = durations
    scenario["inputs"] = inputs if inputs is not None else list(range(1, len(durations) + 1))
    if scenario["fail_task"] is None and scenario["workload"] in ("crash", "raise"):
        scenario["fail_task"] = 0
    return scenario


def validate(s):
    if not 1 <= s["workers"] <= MAX_WORKERS:
        raise InputError("workers must be between 1 and %d, not %d" % (MAX_WORKERS, s["workers"]))
    if s["chunksize"] < 0:
        raise InputError("chunksize must be 1 or more, not %d" % s["chunksize"])
    if not s["durations"]:
        raise InputError("the scenario has no tasks: give at least one duration")
    if len(s["inputs"]) != len(s["durations"]):
        raise InputError("there are %d inputs but %d durations; give one duration per input"
                         % (len(s["inputs"]), len(s["durations"])))
    for i, d in enumerate(s["durations"]):
        if not math.isfinite(d):
            raise InputError("duration of task %d is not a finite number" % i)
        if d < 0:
            raise InputError("duration of task %d is negative (%g); durations are seconds, 0 or more" % (i, d))
        if d > MAX_TASK_SECONDS:
            raise InputError("duration of task %d is %g s; the longest allowed is %g s" % (i, d, MAX_TASK_SECONDS))
    for i, value in enumerate(s["inputs"]):
        if abs(value) > MAX_INPUT:
            raise InputError("input of task %d is too large to double" % i)
    failing = s["workload"] in ("crash", "raise")
    if s["fail_task"] is not None:
        if not failing:
            raise InputError("a failing task only makes sense with the crash or raise workload, not %s"
                             % s["workload"])
        if s["fail_task"] >= len(s["durations"]):
            raise InputError("the failing task %d does not exist: tasks are 0 to %d"
                             % (s["fail_task"], len(s["durations"]) - 1))
    if s["workload"] == "crash":
        raise InputError("--workload crash is not recorded: Python's Pool waits forever for a task whose "
                         "worker died (PoolScope's pool does not; use poolscope run for that lesson)")


def load_scenario(path):
    if os.path.isdir(path):
        raise InputError("scenario %s is a directory" % path)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("cannot read scenario file %s" % path) from exc
    try:
        return parse_scenario(text)
    except InputError as exc:
        raise InputError("%s: %s" % (path, exc)) from exc


def presets_dir():
    # The script lives in resources/python/; the presets in resources/presets/.
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "presets")


def load_preset(name):
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name.startswith("."):
        raise InputError('unknown preset "%s"' % name)
    path = os.path.join(presets_dir(), name + ".json")
    if not os.path.isfile(path):
        known = sorted(f[:-5] for f in os.listdir(presets_dir()) if f.endswith(".json")) \
            if os.path.isdir(presets_dir()) else []
        raise InputError('unknown preset "%s" (known: %s)' % (name, ", ".join(known) or "none found in "
                                                               + presets_dir()))
    return load_scenario(path)


# ----------------------------------------------------------------------------------------------------
# The command line (the same flags as `poolscope run`).

class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def _number_list(text, flag, convert, what):
    values = []
    for part in text.split(","):
        part = part.strip()
        try:
            value = convert(part)
        except ValueError:
            raise InputError("%s: \"%s\" is not %s" % (flag, part, what)) from None
        values.append(value)
    return values


def _integer_text(text):
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(text)
    return int(text)


def _float_text(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def build_parser():
    parser = _Parser(prog="poolscope_record.py", add_help=True,
                     description="Run a scenario through Python's multiprocessing.Pool and write a "
                                 "PoolScope trace (same flags as `poolscope run`).")
    parser.add_argument("--mode", choices=MODES + ("all",))
    parser.add_argument("--workers")
    parser.add_argument("--chunksize")
    parser.add_argument("--inputs")
    parser.add_argument("--durations")
    parser.add_argument("--workload", choices=WORKLOADS)
    parser.add_argument("--fail-task")
    parser.add_argument("--preset")
    parser.add_argument("--scenario")
    parser.add_argument("--trace")
    parser.add_argument("--label", default="Python", help="name of the run in PoolScope's compare view")
    parser.add_argument("--quiet", action="store_true")
    for flag in ("--csv", "--png", "--svg", "--pdf", "--size", "--theme"):
        parser.add_argument(flag, help=argparse.SUPPRESS)
    return parser


def _positive_int(text, flag):
    try:
        return _integer_text(text.strip())
    except ValueError:
        raise InputError("%s must be a whole number, not \"%s\"" % (flag, text)) from None


def _merge_tasks(s, inputs, durations, base_name):
    """Inputs and durations as `poolscope run` merges them: flags win; a single duration repeats;
    inputs default to 1..N."""
    base_has_tasks = bool(s["durations"])
    if durations is not None:
        if inputs is not None:
            if len(durations) == 1:
                durations = durations * len(inputs)
            elif len(durations) != len(inputs):
                raise InputError("--inputs has %d values but --durations has %d; give one duration per input, "
                                 "or one for all" % (len(inputs), len(durations)))
            s["inputs"] = inputs
        elif base_has_tasks and len(durations) == 1:
            durations = durations * len(s["inputs"])
        elif not (base_has_tasks and len(s["inputs"]) == len(durations)):
            s["inputs"] = list(range(1, len(durations) + 1))
        s["durations"] = durations
    elif inputs is not None:
        if not base_has_tasks:
            raise InputError("--inputs needs --durations too (seconds per task, or one value for all tasks)")
        if len(s["durations"]) != len(inputs):
            if len(set(s["durations"])) != 1:
                raise InputError("--inputs has %d values but %s has %d durations; give --durations too"
                                 % (len(inputs), base_name, len(s["durations"])))
            s["durations"] = [s["durations"][0]] * len(inputs)
        s["inputs"] = inputs
    if not s["durations"]:
        raise InputError("nothing to run: give --durations (e.g. --durations 1,2,3), --preset NAME or "
                         "--scenario FILE.json")


def scenario_from_args(argv):
    options = build_parser().parse_args(argv)
    for flag in ("csv", "png", "svg", "pdf", "size", "theme"):
        if getattr(options, flag) is not None:
            raise InputError("--%s is not written by the recorder: write --trace FILE, then run "
                             "`poolscope render FILE --%s ...`" % (flag, flag if flag != "size" else "png"))
    if options.preset and options.scenario:
        raise InputError("give either --preset or --scenario, not both")
    base_name = "the default scenario"
    if options.preset:
        scenario = load_preset(options.preset)
        base_name = "preset " + options.preset
    elif options.scenario:
        scenario = load_scenario(options.scenario)
        base_name = options.scenario
    else:
        scenario = {"mode": "map", "workers": 3, "chunksize": 0, "workload": "sleep", "fail_task": None,
                    "inputs": [], "durations": []}
    if options.mode is not None:
        scenario["mode"] = options.mode
    if options.workers is not None:
        workers = _positive_int(options.workers, "--workers")
        if not 1 <= workers <= MAX_WORKERS:
            raise InputError("--workers must be between 1 and %d, not %d" % (MAX_WORKERS, workers))
        scenario["workers"] = workers
    if options.chunksize is not None:
        chunksize = _positive_int(options.chunksize, "--chunksize")
        if not 1 <= chunksize <= 1000000000:
            raise InputError("--chunksize must be 1 or more, not %d" % chunksize)
        scenario["chunksize"] = chunksize
    inputs = durations = None
    if options.inputs is not None:
        inputs = _number_list(options.inputs, "--inputs", _integer_text, "a whole number")
    if options.durations is not None:
        durations = _number_list(options.durations, "--durations", _float_text, "a number of seconds")
    _merge_tasks(scenario, inputs, durations, base_name)
    if options.workload is not None:
        scenario["workload"] = options.workload
    failing = scenario["workload"] in ("crash", "raise")
    if options.fail_task is not None:
        if not failing:
            raise InputError("--fail-task needs --workload crash or --workload raise")
        fail_task = _positive_int(options.fail_task, "--fail-task")
        if not 0 <= fail_task < len(scenario["durations"]):
            raise InputError("--fail-task %d is out of range: the tasks are 0 to %d"
                             % (fail_task, len(scenario["durations"]) - 1))
        scenario["fail_task"] = fail_task
    elif not failing:
        scenario["fail_task"] = None
    elif scenario.get("fail_task") is None or scenario["fail_task"] >= len(scenario["durations"]):
        scenario["fail_task"] = 0
    validate(scenario)
    if options.trace:
        trace_dir = os.path.dirname(os.path.abspath(options.trace))
        if os.path.isdir(options.trace):
            raise InputError("--trace %s is a directory" % options.trace)
        if not os.path.isdir(trace_dir):
            raise InputError("--trace %s: the folder %s does not exist" % (options.trace, trace_dir))
        if not os.access(trace_dir, os.W_OK):
            raise InputError("--trace %s: the folder %s is not writable" % (options.trace, trace_dir))
    return scenario, options


def run_scenario(scenario, mode, label="Python", on_emit=None):
    """Runs the scenario through a fresh multiprocessing.Pool in `mode`, as a notebook cell does with
    `with Pool(3) as p:`; returns the recorded _Run. on_emit(task, run) sees each result as it arrives."""
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
        else multiprocessing.get_context()
    task = _ScenarioTask(scenario["workload"])
    inputs = scenario["inputs"]
    items = [(value, duration, index == scenario["fail_task"])
             for index, (value, duration) in enumerate(zip(inputs, scenario["durations"]))]
    with context.Pool(scenario["workers"]) as pool:
        chunksize = _python_chunksize(mode, scenario["chunksize"], len(inputs), scenario["workers"])
        run = _Run(mode, pool, chunksize, scenario["workload"], label)
        run.workers = scenario["workers"]
        # The task receives (input, duration, fail); the trace records the input.
        result = _run_call(pool, mode, task, items, chunksize, run, on_emit, raise_errors=False, inputs=inputs)
        if mode != "map":
            for _ in result:
                pass
    return run


def _print_line(task, run):
    at = (task["emit_ns"] - run.origin_ns) / 1e9
    if task.get("status") == "ok":
        print("%s doubled to %s by Worker-%d (pid %d) at +%.3f s"
              % (task["input"], task["result"], task["worker"], task["pid"], at), flush=True)
    else:
        print("task %d (input %s) raised an error on Worker-%d (pid %d) at +%.3f s: %s"
              % (task["index"], task["input"], task["worker"], task["pid"], at, task.get("message", "")),
              flush=True)


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        scenario, options = scenario_from_args(argv)
    except InputError as exc:
        print("poolscope_record.py: %s" % exc, file=sys.stderr)
        return 2
    modes = MODES if scenario["mode"] == "all" else (scenario["mode"],)
    runs = []
    failed_total = 0
    for mode in modes:
        if len(modes) > 1 and not options.quiet:
            print("== %s ==" % mode, flush=True)
        run = run_scenario(scenario, mode, options.label, None if options.quiet else _print_line)
        runs.append(run)
        failed = sum(1 for t in run.tasks.values() if t.get("status") != "ok")
        failed_total += failed
        wall = (run.end_ns - run.origin_ns) / 1e9
        # The summary line of `poolscope run`, word for word.
        print("%s: %s from %s in %.3f s%s" % (mode, _plural(len(run.tasks) - failed, "result"),
                                              _plural(scenario["workers"], "worker"), wall,
                                              " (%s failed)" % _plural(failed, "task") if failed else ""),
              flush=True)
    if options.trace:
        try:
            write_trace(options.trace, trace_document(runs, scenario["workers"], None, scenario["workload"],
                                                      options.label))
        except (InputError, OSError) as exc:
            print("poolscope_record.py: cannot write trace %s: %s" % (options.trace, exc), file=sys.stderr)
            return 2
    return 3 if failed_total else 0


if __name__ == "__main__":
    sys.exit(main())
