#!/usr/bin/env python3
"""Record what Python's own multiprocessing.Pool (or ProcessPoolExecutor, or Dask) does, in PoolScope's
trace format.

PoolScope draws the schedule its C++ pool produces; this module records the schedule the real
``multiprocessing.Pool`` produces, so both can be put side by side (``poolscope render``, File > Open
trace in the GUI, or https://ui.perfetto.dev). It needs nothing but the Python 3 standard library
(Dask distributed only for ``--engine dask``).

As a script it takes the same scenario file and flags as ``poolscope run``::

    python3 poolscope_record.py --preset slow-first --trace py.json
    python3 poolscope_record.py --mode imap --workers 3 --inputs 1,2,3 --durations 1,2,3 --trace py.json
    python3 poolscope_record.py --scenario my.json --mode all --trace py.json --quiet

``--engine executor`` runs the tasks through ``concurrent.futures.ProcessPoolExecutor`` instead, and
``--engine dask`` through a Dask ``LocalCluster`` (or ``--scheduler tcp://host:port``). It prints one line
per result as the caller receives it (``10 doubled to 20 by Worker-2 (pid 5582) at
+1.003 s``), then a summary line. Bad flags or a bad scenario print one line on stderr and exit with 2;
a run in which a task raised exits with 3.

As a module it records the pool calls of your own code. Every ``Pool.map``, ``Pool.imap`` and
``Pool.imap_unordered``, ``ProcessPoolExecutor.map`` / ``submit`` and Dask ``Client.map`` / ``submit``
call made inside the block is recorded (start and finish of each task measured
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
while the decorated function runs), and ``recorded(pool, "trace.json")`` wraps a single pool (or
executor, or Dask Client)::

    with Pool(3) as pool:
        with poolscope_record.recorded(pool, "trace.json") as rec:
            rec.map(slow_double, [5, 10, 20])

The function you hand to the pool must be picklable (a top-level function), as always with
multiprocessing. Results, and the exceptions your function raises, reach your code unchanged: the
workers report the start and finish of each task on a side channel (a Unix datagram socket of the
caller's), and inputs are read only as far as the engine itself reads them. ``poolscope watch -- python3
script.py`` switches recording on for a whole program (see sitecustomize.py beside this file) and draws
its calls live.
Timestamps come from ``time.monotonic_ns()`` (CLOCK_MONOTONIC on Linux), the clock PoolScope uses, so
the times of the workers and of the caller are comparable.
"""

import argparse
import atexit
import concurrent.futures
import contextlib
import functools
import importlib.util
import itertools
import json
import math
import multiprocessing
import multiprocessing.pool
import os
import re
import reprlib
import select
import shutil
import socket
import sys
import tempfile
import threading
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



class PlannedFailure(RuntimeError):
    """The failure `--workload raise` asks for; recorded with the same message PoolScope's pool gives."""


def _thread_cpu_ns():
    return time.thread_time_ns()


class _ScenarioTask:
    """The scenario's task: take `duration` seconds (sleeping, or spinning for that much CPU time, as
    PoolScope's workload does), return 2 x input.

    Each item carries its own duration, so the function pickled with every task stays small even for
    a scenario of 100,000 tasks."""

    def __init__(self, workload):
        self.workload = workload
        self.__name__ = "doubler"

    def __call__(self, item):
        value, duration, fail = item
        if self.workload == "spin":
            # CPU time, not wall time: a task is a fixed amount of work, so with more workers than cores
            # each task takes longer, as the same Python function would.
            end = _thread_cpu_ns() + int(duration * 1e9)
            while _thread_cpu_ns() < end:
                for _ in range(1000):
                    pass
        elif duration > 0:
            deadline = time.monotonic() + duration
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                time.sleep(left)
        if fail and self.workload == "raise":
            raise PlannedFailure("task with input %d raised an error on purpose (workload raise)" % value)
        return 2 * value


# ----------------------------------------------------------------------------------------------------
# What runs in the worker. The task's own result and exceptions travel back through the engine untouched;
# the start and finish of each task go to the caller on a side channel (a Unix datagram socket).

def _worker_id_from_name(name):
    # Pool workers are named ForkPoolWorker-N (SpawnPoolWorker-N, ...); N counts every process the
    # parent ever started, so the caller later shifts it to 1..workers for each pool.
    match = re.search(r"(\d+)$", str(name))
    return int(match.group(1)) if match else 0


_sender = {"pid": 0, "sock": None}


def _send(path, message):
    if not path:
        return
    try:
        if _sender["pid"] != os.getpid():
            _sender["sock"] = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            _sender["pid"] = os.getpid()
        _sender["sock"].sendto(json.dumps(message, separators=(",", ":")).encode("utf-8"), path)
    except (OSError, ValueError, TypeError):
        pass  # the caller is gone, or the report cannot be sent: the task itself must not suffer


def _describe(exc):
    if isinstance(exc, PlannedFailure):
        return str(exc)
    text = "%s: %s" % (type(exc).__name__, exc)
    return text if len(text) <= 2000 else text[:2000] + "..."


def _worker_name(engine):
    if engine == "dask":
        try:
            from distributed import get_worker  # noqa: PLC0415 - only inside Dask workers
            return str(get_worker().name)
        except Exception:  # noqa: BLE001 - not in a Dask worker after all
            pass
    return multiprocessing.current_process().name


class _Timed:
    """The task function as the engine runs it: reports start and finish, then returns or raises exactly
    what the function returned or raised. Receives (index, item); `call` says how item becomes arguments:
    "one" func(item), "star" func(*item), "call" func(*args, **kwargs) for item (args, kwargs). `tagged`
    returns (index, value), for engines that hand results back in an order the caller cannot know."""

    def __init__(self, func, path, token, engine, call="one", tagged=False):
        self.func = func
        self.path = path
        self.token = token
        self.engine = engine
        self.call = call
        self.tagged = tagged
        self.__name__ = getattr(func, "__name__", "task")

    def __call__(self, indexed):
        index, item = indexed
        name = _worker_name(self.engine)
        pid = os.getpid()
        _send(self.path, [self.token, index, "s", time.monotonic_ns(), pid, name])
        try:
            if self.call == "star":
                value = self.func(*item)
            elif self.call == "call":
                value = self.func(*item[0], **item[1])
            else:
                value = self.func(item)
        except BaseException as exc:
            _send(self.path, [self.token, index, "f", time.monotonic_ns(), pid, name, _describe(exc)])
            raise
        _send(self.path, [self.token, index, "f", time.monotonic_ns(), pid, name, None])
        return (index, value) if self.tagged else value


# ----------------------------------------------------------------------------------------------------
# The caller's end of the side channel.

class _Channel:
    """A Unix datagram socket in a private folder; a thread files each report under its run."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="poolscope-")
        self.path = os.path.join(self.folder, "tasks")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.setblocking(False)
        self.owner = os.getpid()
        self.runs = {}  # token -> _Run
        self.lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._loop, name="poolscope-recorder", daemon=True)
        self.thread.start()

    def _loop(self):
        while not self.closed:
            try:
                select.select([self.sock], [], [], 0.05)
            except (OSError, ValueError):
                return
            self.drain()

    def drain(self):
        """Files every report already sent. A worker sends its report before it returns the result, so
        after the caller has a result (or an exception) in hand, drain() has that task's finish."""
        if os.getpid() != self.owner:
            return
        with self.lock:
            while not self.closed:
                try:
                    data = self.sock.recv(1 << 16)
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:
                    return
                try:
                    message = json.loads(data.decode("utf-8"))
                    run = self.runs.get(message[0])
                except (ValueError, TypeError, IndexError, KeyError):
                    continue
                if run is not None:
                    run.on_worker(message)

    def close(self):
        if self.closed or os.getpid() != self.owner:
            return
        self.drain()
        self.closed = True
        if self.thread is not threading.current_thread():
            self.thread.join(1.0)
        with contextlib.suppress(OSError):
            self.sock.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_channel = [None]
_tokens = itertools.count()


def _get_channel():
    channel = _channel[0]
    if channel is None or channel.closed or channel.owner != os.getpid():
        channel = _channel[0] = _Channel()
        atexit.register(channel.close)
    return channel


def _drain():
    channel = _channel[0]
    if channel is not None:
        channel.drain()


# ----------------------------------------------------------------------------------------------------
# Recording one call.

ENGINES = {"pool": ("multiprocessing.Pool", "Python Pool"),
           "executor": ("ProcessPoolExecutor", "ProcessPoolExecutor"),
           "dask": ("dask", "Dask")}


_short = reprlib.Repr()
_short.maxstring = _short.maxother = 160
_short.maxlist = _short.maxtuple = _short.maxdict = _short.maxset = 16
_short.maxlevel = 4


def _json_literal(value, limit=200):
    """A short stand-in for the value, as the trace stores it: the value itself if JSON can hold it and it
    is short, else a shortened repr(). Cheap even for a huge value: recording must not slow the caller
    down, or hold on to what it would otherwise let go."""
    if value is None or isinstance(value, (bool, int)):
        return value if not isinstance(value, int) or abs(value) < 10**limit else _short.repr(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "..."
    text = _short.repr(value)
    if len(text) <= limit and isinstance(value, (list, tuple, dict)) and "..." not in text:
        try:
            json.dumps(value, allow_nan=False)
            return value
        except (TypeError, ValueError, RecursionError):
            pass
    return text if len(text) <= limit else text[:limit] + "..."


class _Run:
    """One recorded call: everything the trace needs to draw it, filled in from three places (the input
    as the engine reads it, the workers' reports, the caller receiving each result)."""

    def __init__(self, recorder, mode, engine, workers, chunksize, workload, label):
        self.recorder = recorder
        self.mode = mode or "imap"
        self.mode_known = mode is not None
        self.engine = engine
        self.workers = workers
        self.chunksize = max(int(chunksize or 1), 1)
        self.workload = workload
        self.label = label
        self.caller_pid = os.getpid()
        self.origin_ns = time.monotonic_ns()
        self.end_ns = self.origin_ns
        self.tasks = {}  # index -> dict
        self.emitted = 0
        self.out_of_order = False
        self.gathered = False
        self.finished = False
        self.number = 0
        self.lock = threading.RLock()
        self.rows = {}  # pid -> worker row
        self.worker_offset = None
        self.next_index = 0  # for engines whose tasks are submitted one by one
        self.input_done = False  # the engine has read the whole input
        self.token = "%d-%d" % (os.getpid(), next(_tokens))

    def _task(self, index):
        task = self.tasks.get(index)
        if task is None:
            task = self.tasks[index] = {"index": index, "input": None, "submit_ns": self.origin_ns,
                                        "status": "pending", "chunk": index // self.chunksize}
        return task

    def _row(self, pid, name):
        row = self.rows.get(pid)
        if row is not None:
            return row
        if self.engine == "dask" and re.fullmatch(r"\d+", str(name)):
            row = int(name) + 1
        elif self.worker_offset is not None and _worker_id_from_name(name):
            row = max(_worker_id_from_name(name) - self.worker_offset, 1)
        else:
            row = max(self.rows.values(), default=0) + 1
        self.rows[pid] = row
        return row

    def submitted(self, index, item):
        with self.lock:
            task = self._task(index)
            # Only a short literal is kept: holding the input itself would hold every input in memory,
            # which is exactly what imap over a huge input must not do.
            task["input"] = _json_literal(item, 200)
            task["submit_ns"] = time.monotonic_ns()
            self.recorder.publish_task(self, task)

    def on_worker(self, message):
        _, index, kind, ns, pid, name = message[:6]
        with self.lock:
            task = self._task(index)
            task["pid"], task["worker"] = pid, self._row(pid, name)
            if kind == "s":
                task["start_ns"] = ns
                if task["status"] == "pending":
                    task["status"] = "running"
            else:
                task.setdefault("start_ns", ns)
                task["finish_ns"] = ns
                if message[6] is None:
                    if task["status"] in ("pending", "running"):
                        task["status"] = "ok"
                else:
                    task["status"], task["message"] = "error", message[6]
            self.recorder.publish_task(self, task)

    def handed(self, index, ok, value=None, message=None, now=None):
        """The caller has just received task `index`'s result (or its exception)."""
        if index is None:
            return
        now = time.monotonic_ns() if now is None else now
        with self.lock:
            task = self._task(index)
            if "emit_order" in task:
                return
            task["emit_ns"] = now
            task["emit_order"] = self.emitted
            if index != self.emitted:
                self.out_of_order = True
            self.emitted += 1
            if ok:
                task["status"], task["result"] = "ok", _json_literal(value, 200)
            else:
                task["status"] = "error"
                task["message"] = task.get("message") or message or "error"
            task.setdefault("start_ns", task.get("finish_ns", now))
            task.setdefault("finish_ns", task["start_ns"])
            self.end_ns = max(self.end_ns, now)
            self.recorder.publish_task(self, task)
        self.recorder.emitted(self, task)

    def failed(self, exc, candidates=None):
        """The caller has just received `exc` from the engine: note it against the task that raised it
        (the one whose report says the same, first to finish); returns that task's index or None."""
        if not isinstance(exc, Exception) or isinstance(exc, (TimeoutError, multiprocessing.TimeoutError)):
            return None
        _drain()
        text = _describe(exc)
        with self.lock:
            errored = [t for t in self.tasks.values() if t["status"] == "error" and "emit_order" not in t
                       and (candidates is None or t["index"] in candidates)]
            same = [t for t in errored if t.get("message") == text] or errored
            index = min(same, key=lambda t: (t.get("finish_ns", 0), t["index"]))["index"] if same else None
        self.handed(index, False, message=text)
        return index

    def all_handed(self):
        with self.lock:
            return self.input_done and bool(self.tasks) and all("emit_order" in t for t in self.tasks.values())

    def end(self):
        _drain()
        with self.lock:
            if self.finished:
                return
            self.finished = True
            if not self.mode_known:
                self.mode = "map" if self.gathered else ("imap_unordered" if self.out_of_order else "imap")
        self.recorder.publish_run(self)
        self.recorder.publish_end(self)

    def ordered_tasks(self):
        return [self.tasks[i] for i in sorted(self.tasks)]

    def engine_name(self):
        return ENGINES[self.engine][0]


class _Handover:
    """The iterator the caller gets back from imap / imap_unordered / executor.map: the engine's own,
    noting when each result (or exception) reaches the caller. It is a plain iterator, not a generator, so
    an imap with chunksize 1 can be resumed after an exception exactly as Python's own."""

    def __init__(self, run, inner, ordered, tagged=False):
        self._run = run
        self._inner = inner
        self._ordered = ordered
        self._tagged = tagged
        self._position = 0

    def __iter__(self):
        return self

    def __next__(self):
        return self._take(lambda: next(self._inner))

    def next(self, timeout=None):
        return self._take(lambda: self._inner.next(timeout))

    def _take(self, get):
        try:
            value = get()
        except StopIteration:
            self._run.end()
            raise
        except Exception as exc:
            candidates = None
            if self._ordered:
                first = self._position // self._run.chunksize * self._run.chunksize
                candidates = range(first, first + self._run.chunksize)
                self._position += 1
            self._run.failed(exc, candidates)
            raise
        if self._tagged:
            index, value = value
        else:
            index = self._position
            self._position += 1
        _drain()
        self._run.handed(index, True, value)
        if self._run.all_handed():
            self._run.end()
        return value

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _indexed(run, iterable, inputs=None):
    """The input as the engine reads it, numbered: read lazily, only as far as the engine reads it."""
    for index, item in enumerate(iterable):
        run.submitted(index, item if inputs is None else inputs[index])
        yield (index, item)
    run.input_done = True


def _python_chunksize(mode, requested, tasks, workers):
    if requested:
        return requested
    if mode != "map":
        return 1
    chunksize, extra = divmod(tasks, max(workers, 1) * 4)
    return max(chunksize + (1 if extra else 0), 1)


def _name_of(func):
    return getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or type(func).__name__


# ----------------------------------------------------------------------------------------------------
# The trace file.

def _micros(ns, origin):
    return round((ns - origin) / 1000.0, 3)


def trace_document(runs, workers=None, chunksize=None, workload=None, label=None):
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
        tasks = run.ordered_tasks()
        for task in tasks:
            if task.get("pid"):
                name_process(task["pid"], "Worker-%d (pid %d)" % (task["worker"], task["pid"]),
                             task["worker"] + 100 * number)
        for task in tasks:
            if "start_ns" not in task or not task.get("pid"):
                continue  # never ran (its chunk was abandoned, or the call was stopped): nothing to draw
            status = task["status"] if task["status"] in ("ok", "error") else "error"
            args = {"mode": run.mode, "index": task["index"], "input": _json_literal(task["input"])}
            if status == "ok" and "result" in task:
                args["result"] = _json_literal(task["result"])
            args.update({"worker": task["worker"], "chunk": task["chunk"], "status": status,
                         "submit_ts": _micros(min(task["submit_ns"], task["start_ns"]), run.origin_ns)})
            if "emit_order" in task:
                args["emit_ts"] = _micros(task["emit_ns"], run.origin_ns)
                args["emit_order"] = task["emit_order"]
            if status != "ok":
                args["message"] = task.get("message") or "still running when the call was over (the pool was closed)"
            if run_tag is not None:
                args["run"] = run_tag
            finish = task.get("finish_ns", task["start_ns"])
            events.append({"ph": "X", "cat": "task", "name": "task %d" % task["index"],
                           "pid": task["pid"], "tid": task["pid"],
                           "ts": _micros(task["start_ns"], run.origin_ns),
                           "dur": round(max(finish - task["start_ns"], 0) / 1000.0, 3),
                           "args": args})
        for task in sorted((t for t in tasks if "emit_order" in t and t.get("pid")),
                           key=lambda t: t["emit_order"]):
            emit_args = {"mode": run.mode, "index": task["index"], "emit_order": task["emit_order"]}
            if task["status"] != "ok":
                emit_args["status"] = task["status"]
            if run_tag is not None:
                emit_args["run"] = run_tag
            events.append({"ph": "i", "cat": "emit", "name": "emit %d" % task["index"],
                           "pid": run.caller_pid, "tid": run.caller_pid, "s": "t",
                           "ts": _micros(task["emit_ns"], run.origin_ns), "args": emit_args})

    first = runs[0] if runs else None
    other = {"generator": GENERATOR,
             "engine": first.engine_name() if first else ENGINES["pool"][0],
             "label": label or (first.label if first else ENGINES["pool"][1]),
             "workers": workers if workers is not None else (first.workers if first else 0),
             "chunksize": chunksize if chunksize is not None else (first.chunksize if first else 1),
             "workload": workload if workload is not None else (first.workload if first else ""),
             "python": sys.version.split()[0],
             # One entry per run, as poolscope's writer lists them: each run's own chunksize and wall time.
             "runs": [{"mode": run.mode, "workers": run.workers, "chunksize": run.chunksize,
                       "workload": run.workload, "label": run.label, "engine": run.engine_name(),
                       "caller_pid": run.caller_pid, "tasks": len(run.tasks),
                       "wall_us": _micros(run.end_ns, run.origin_ns)} for run in runs]}
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
# Live stream: one JSON event per line, for `poolscope watch`.

class _Stream:
    """Writes run and task events to a file descriptor as they happen; a reader that went away only
    ends the stream, never the program being recorded."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.Lock()
        self.broken = False

    def write(self, event):
        line = (json.dumps(event, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        with self.lock:
            if self.broken:
                return
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(self.fd, view):]
            except OSError:
                self.broken = True


_watch_stream = [None]  # set by `poolscope watch`
_stream_numbers = itertools.count()


class Recorder:
    """Collects recorded calls; `save()` writes them as one trace. With a stream, every change is also
    sent as it happens."""

    def __init__(self, path=None, label=None, stream=None, on_emit=None):
        self.path = path
        self.label = label
        self._stream = stream
        self.on_emit = on_emit
        self.runs = []
        self.lock = threading.Lock()

    @property
    def stream(self):
        # Under `poolscope watch` every recorded call is streamed, also those of a recording block the
        # program opens itself.
        return self._stream if self._stream is not None else _watch_stream[0]

    def new_run(self, mode, engine, workers, chunksize, workload):
        run = _Run(self, mode, engine, workers, chunksize, workload, self.label or ENGINES[engine][1])
        with self.lock:
            run.number = len(self.runs)
            self.runs.append(run)
        run.stream_number = next(_stream_numbers)
        _get_channel().runs[run.token] = run
        self.publish_run(run)
        return run

    def publish_run(self, run):
        if self.stream is not None:
            self.stream.write({"event": "run", "run": run.stream_number, "mode": run.mode, "engine": run.engine_name(),
                               "label": run.label, "workers": run.workers, "chunksize": run.chunksize,
                               "workload": run.workload, "caller_pid": run.caller_pid, "origin_ns": run.origin_ns})

    def publish_task(self, run, task):
        if self.stream is None:
            return
        event = {"event": "task", "run": run.stream_number, "index": task["index"], "input": _json_literal(task["input"], 200),
                 "status": task["status"], "chunk": task["chunk"], "submit_ns": task["submit_ns"]}
        for key in ("worker", "pid", "start_ns", "finish_ns", "emit_ns", "emit_order", "message"):
            if key in task:
                event[key] = task[key]
        if "result" in task:
            event["result"] = _json_literal(task["result"], 200)
        self.stream.write(event)

    def publish_end(self, run):
        if self.stream is not None:
            self.stream.write({"event": "end", "run": run.stream_number, "end_ns": run.end_ns})

    def emitted(self, run, task):
        if self.on_emit is not None:
            self.on_emit(task, run)

    def close(self):
        for run in list(self.runs):
            run.end()

    def save(self, path=None):
        path = path or self.path
        if path is None:
            raise InputError("no trace file to write: give recording() a path")
        write_trace(path, trace_document(self.runs, label=self.label))
        return path


# ----------------------------------------------------------------------------------------------------
# The engines, recorded. Each function makes the call the user made, with the task function wrapped and
# the input numbered, and returns what the engine returns (results, iterators and exceptions unchanged).

def _pool_call(recorder, pool, mode, func, iterable, chunksize, original, inputs=None):
    processes = list(getattr(pool, "_pool", ()))
    workers = len(processes) or 1
    if mode == "map" and not hasattr(iterable, "__len__"):
        iterable = list(iterable)  # what Pool.map itself does first
    effective = _python_chunksize(mode, chunksize, len(iterable) if mode == "map" else 0, workers)
    run = recorder.new_run(mode, "pool", workers, effective, _name_of(func))
    numbers = [n for n in (_worker_id_from_name(p.name) for p in processes) if n > 0]
    run.worker_offset = min(numbers) - 1 if numbers else 0
    timed = _Timed(func, _get_channel().path, run.token, "pool", tagged=(mode == "imap_unordered"))
    source = _indexed(run, iterable, inputs)
    if mode == "map":
        try:
            values = original(pool, timed, source, chunksize)
        except Exception as exc:
            run.failed(exc)
            run.end()
            raise
        _drain()
        now = time.monotonic_ns()
        for index, value in enumerate(values):
            run.handed(index, True, value, now=now)
        run.end()
        return values
    if mode == "imap":
        inner = original(pool, timed, source, 1 if chunksize is None else chunksize)
    else:
        inner = original(pool, timed, source, 1 if chunksize is None else chunksize)
    return _Handover(run, inner, ordered=(mode == "imap"), tagged=(mode == "imap_unordered"))


_busy = threading.local()


@contextlib.contextmanager
def _inside():
    """Calls an engine makes on itself while a recorded call runs are not recorded twice."""
    before = getattr(_busy, "on", False)
    _busy.on = True
    try:
        yield
    finally:
        _busy.on = before


def _executor_map(recorder, executor, func, iterables, timeout, chunksize, original, inputs=None):
    workers = getattr(executor, "_max_workers", 0)
    run = recorder.new_run("map", "executor", workers, chunksize, _name_of(func))
    call = "star" if len(iterables) > 1 else "one"
    timed = _Timed(func, _get_channel().path, run.token, "executor", call=call)
    source = _indexed(run, zip(*iterables) if call == "star" else iterables[0], inputs)
    with _inside():
        inner = original(executor, timed, source, timeout=timeout, chunksize=chunksize)
    return _Handover(run, inner, ordered=True)


def _submit_run(recorder, engine, owner, workers, func):
    """Tasks submitted one by one to one executor or client form one run until all are handed over."""
    runs = owner.__dict__.setdefault("_poolscope_runs", {})
    run = runs.get(id(recorder))
    if run is None or run.finished or run.recorder is not recorder:
        run = recorder.new_run(None, engine, workers, 1, _name_of(func))
        run.input_done = True  # one by one: the run ends once everything submitted so far is handed over
        runs[id(recorder)] = run
    return run


def _tag(future, run, index):
    future._poolscope = (run, index)
    return future


def _result_of(future, getter):
    """Calls getter() (the future's own result()) and notes the hand-over of a recorded future."""
    tag = getattr(future, "_poolscope", None)
    try:
        value = getter()
    except Exception as exc:
        if tag is not None and not isinstance(exc, TimeoutError) and type(exc).__name__ != "CancelledError":
            run, index = tag
            _drain()
            run.handed(index, False, message=_describe(exc))
            if run.all_handed():
                run.end()
        raise
    if tag is not None:
        run, index = tag
        _drain()
        run.handed(index, True, value)
        if run.all_handed():
            run.end()
    return value


def _gather(client, futures, getter):
    """client.gather(...) that notes every recorded future it hands back, all at one moment."""
    tagged = []

    def collect(obj):
        if isinstance(obj, dict):
            for value in obj.values():
                collect(value)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for value in obj:
                collect(value)
        elif getattr(obj, "_poolscope", None) is not None:
            tagged.append(obj)

    collect(futures)
    try:
        values = getter()
    except Exception as exc:
        for run in {f._poolscope[0] for f in tagged}:
            run.failed(exc, {f._poolscope[1] for f in tagged if f._poolscope[0] is run})
        raise
    _drain()
    now = time.monotonic_ns()
    runs = set()
    with _inside():
        for future in tagged:
            run, index = future._poolscope
            run.gathered = True
            runs.add(run)
            with contextlib.suppress(Exception):
                run.handed(index, True, future.result() if future.status == "finished" else None, now=now)
    for run in runs:
        if run.all_handed():
            run.end()
    return values


_DASK_SUBMIT_OPTIONS = ("key", "workers", "resources", "retries", "priority", "fifo_timeout",
                        "allow_other_workers", "actor", "actors", "pure")


def _dask_workers(client):
    with contextlib.suppress(Exception):
        return len(client.scheduler_info().get("workers", {}))
    return 0


def _dask_map(recorder, client, func, iterables, kwargs, original, mode=None, inputs=None):
    run = recorder.new_run(mode, "dask", _dask_workers(client), 1, _name_of(func))
    call = "star" if len(iterables) > 1 else "one"
    items = list(_indexed(run, zip(*iterables) if call == "star" else iterables[0], inputs))
    timed = _Timed(func, _get_channel().path, run.token, "dask", call=call)
    with _inside():
        futures = original(client, timed, items, **kwargs)
    for index, future in enumerate(futures):
        _tag(future, run, index)
    return futures


# ----------------------------------------------------------------------------------------------------
# Recording a user's own code: the engines' methods, replaced while a `recording` block is open.

_active = []  # recorders of the `recording` blocks currently open, innermost last
_originals = {}


def _recording_now():
    return _active and not getattr(_busy, "on", False)


def _patch(owner, name, make):
    key = (owner, name)
    if key not in _originals:
        _originals[key] = owner.__dict__[name]
        setattr(owner, name, make(_originals[key]))


def _unpatch_all():
    for (owner, name), original in list(_originals.items()):
        if (owner, name) in _PERMANENT:
            continue
        setattr(owner, name, original)
        del _originals[(owner, name)]


def _patch_pool():
    pool_class = multiprocessing.pool.Pool
    for mode in MODES:
        def make(original, mode=mode):
            @functools.wraps(original)
            def method(self, func, iterable, chunksize=None, *args, **kwargs):
                # Calls the recorder cannot reproduce exactly (callbacks of map_async...) are left alone.
                if not _recording_now() or args or kwargs:
                    return original(self, func, iterable, chunksize, *args, **kwargs)
                return _pool_call(_active[-1], self, mode, func, iterable, chunksize, original)
            return method
        _patch(pool_class, mode, make)


def _patch_executor():
    import concurrent.futures.process as process  # noqa: PLC0415
    executor_class = process.ProcessPoolExecutor

    def make_map(original):
        @functools.wraps(original)
        def map(self, fn, *iterables, timeout=None, chunksize=1):  # noqa: A001 - the executor's own name
            if not _recording_now() or not iterables:
                return original(self, fn, *iterables, timeout=timeout, chunksize=chunksize)
            return _executor_map(_active[-1], self, fn, iterables, timeout, chunksize,
                                 lambda ex, f, source, timeout, chunksize: original(ex, f, source, timeout=timeout,
                                                                                    chunksize=chunksize))
        return map

    def make_submit(original):
        @functools.wraps(original)
        def submit(self, fn, /, *args, **kwargs):
            if not _recording_now():
                return original(self, fn, *args, **kwargs)
            run = _submit_run(_active[-1], "executor", self, getattr(self, "_max_workers", 0), fn)
            index = run.next_index
            run.next_index += 1
            run.submitted(index, args[0] if len(args) == 1 and not kwargs else list(args))
            timed = _Timed(fn, _get_channel().path, run.token, "executor", call="call")
            with _inside():
                future = original(self, timed, (index, (args, kwargs)))
            return _tag(future, run, index)
        return submit

    _patch(executor_class, "map", make_map)
    _patch(executor_class, "submit", make_submit)


def _patch_result(future_class):
    """Future.result() notes when a recorded future's result reaches the caller. It stays in place: for
    futures the recorder did not make it is the original."""
    def make(original):
        @functools.wraps(original)
        def result(self, *args, **kwargs):
            if getattr(self, "_poolscope", None) is None or getattr(_busy, "on", False):
                return original(self, *args, **kwargs)
            return _result_of(self, lambda: original(self, *args, **kwargs))
        return result
    if (future_class, "result") not in _originals:
        _patch(future_class, "result", make)
        _PERMANENT.add((future_class, "result"))


_PERMANENT = set()


def _patch_dask():
    import distributed  # noqa: PLC0415
    client_class = distributed.Client

    def make_map(original):
        @functools.wraps(original)
        def map(self, func, *iterables, **kwargs):  # noqa: A001 - the client's own name
            if not _recording_now() or not iterables or kwargs.get("key") is not None \
                    or not all(isinstance(i, (list, tuple, range)) or hasattr(i, "__iter__") for i in iterables):
                return original(self, func, *iterables, **kwargs)
            return _dask_map(_active[-1], self, func, iterables, kwargs,
                             lambda client, f, items, **kw: original(client, f, items, **kw))
        return map

    def make_submit(original):
        @functools.wraps(original)
        def submit(self, func, *args, **kwargs):
            if not _recording_now() or kwargs.get("key") is not None:
                return original(self, func, *args, **kwargs)
            options = {k: kwargs.pop(k) for k in _DASK_SUBMIT_OPTIONS if k in kwargs}
            run = _submit_run(_active[-1], "dask", self, _dask_workers(self), func)
            index = run.next_index
            run.next_index += 1
            run.submitted(index, args[0] if len(args) == 1 and not kwargs else list(args))
            timed = _Timed(func, _get_channel().path, run.token, "dask", call="call")
            options.setdefault("pure", False)
            with _inside():
                future = original(self, timed, (index, (args, kwargs)), **options)
            return _tag(future, run, index)
        return submit

    def make_gather(original):
        @functools.wraps(original)
        def gather(self, futures, *args, **kwargs):
            if getattr(_busy, "on", False):
                return original(self, futures, *args, **kwargs)
            with _inside():
                return _gather(self, futures, lambda: original(self, futures, *args, **kwargs))
        return gather

    _patch(client_class, "map", make_map)
    _patch(client_class, "submit", make_submit)
    _patch(client_class, "gather", make_gather)
    _patch_result(distributed.Future)


class _DaskImportHook:
    """Patches Dask's Client when the program imports `distributed`, so recording costs nothing (and
    imports nothing) in programs that never use Dask."""

    def find_spec(self, name, path=None, target=None):
        if name != "distributed" or "distributed" in sys.modules:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            if _active:
                with contextlib.suppress(Exception):
                    _patch_dask()

        loader.exec_module = exec_module
        return spec


_hook = _DaskImportHook()


def _install():
    _patch_pool()
    _patch_executor()
    _patch_result(concurrent.futures.Future)
    if "distributed" in sys.modules:
        _patch_dask()
    elif _hook not in sys.meta_path:
        sys.meta_path.insert(0, _hook)


def _uninstall():
    _unpatch_all()
    if _hook in sys.meta_path:
        sys.meta_path.remove(_hook)


class recording(contextlib.ContextDecorator):
    """Records every Pool.map / imap / imap_unordered, ProcessPoolExecutor.map / submit and Dask
    Client.map / submit call made inside the block (or the decorated function) and writes them to
    `path` as one trace when the block ends, even if it ends with an exception. `label` names the runs
    in PoolScope's compare view (by default the engine's name)."""

    def __init__(self, path=None, label=None, stream=None):
        self.path = path
        self.label = label
        self.stream = stream
        self.recorder = None

    def __enter__(self):
        # A trace that cannot be written should stop the program now, not after a long computation.
        if self.path is not None:
            directory = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(directory):
                raise InputError("cannot write trace %s: the folder %s does not exist" % (self.path, directory))
        self.recorder = Recorder(self.path, self.label, self.stream)
        if not _active:
            _install()
        _active.append(self.recorder)
        return self.recorder

    def __exit__(self, *exc_info):
        _active.remove(self.recorder)
        if not _active:
            _uninstall()
        self.recorder.close()
        if self.path is not None:
            self.recorder.save()
        return False


class recorded:
    """Wraps one Pool, ProcessPoolExecutor or Dask Client: its map / imap / imap_unordered (Pool),
    map / submit (executor, Client) and gather (Client) are recorded, everything else passes through.
    Use as a context manager (the trace is written on exit) or call `save()` yourself."""

    def __init__(self, engine, path=None, label=None):
        self._engine_object = engine
        self.recorder = Recorder(path, label)
        _patch_result(concurrent.futures.Future)

    def _kind(self):
        module = type(self._engine_object).__module__
        if module.startswith("distributed"):
            return "dask"
        if isinstance(self._engine_object, multiprocessing.pool.Pool):
            return "pool"
        return "executor"

    def _pool(self, mode, func, iterable, chunksize):
        original = _originals.get((multiprocessing.pool.Pool, mode), getattr(multiprocessing.pool.Pool, mode))
        return _pool_call(self.recorder, self._engine_object, mode, func, iterable, chunksize, original)

    def map(self, func, *iterables, chunksize=None, **kwargs):
        kind = self._kind()
        if kind == "pool":
            return self._pool("map", func, iterables[0], chunksize if len(iterables) < 2 else iterables[1])
        if kind == "executor":
            import concurrent.futures.process as process  # noqa: PLC0415
            original = _originals.get((process.ProcessPoolExecutor, "map"), process.ProcessPoolExecutor.map)
            return _executor_map(self.recorder, self._engine_object, func, iterables, kwargs.get("timeout"),
                                 chunksize or 1, lambda ex, f, source, timeout, chunksize: original(
                                     ex, f, source, timeout=timeout, chunksize=chunksize))
        import distributed  # noqa: PLC0415
        _patch_result(distributed.Future)
        original = _originals.get((distributed.Client, "map"), distributed.Client.map)
        return _dask_map(self.recorder, self._engine_object, func, iterables, kwargs,
                         lambda client, f, items, **kw: original(client, f, items, **kw))

    def imap(self, func, iterable, chunksize=1):
        return self._pool("imap", func, iterable, chunksize)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._pool("imap_unordered", func, iterable, chunksize)

    def gather(self, futures, *args, **kwargs):
        return _gather(self._engine_object, futures,
                       lambda: self._engine_object.gather(futures, *args, **kwargs))

    def save(self, path=None):
        self.recorder.close()
        return self.recorder.save(path)

    def __getattr__(self, name):
        return getattr(self._engine_object, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.save()
        return False


def _watch(fd):
    """Switched on by `poolscope watch` (through sitecustomize): records every call of the program and
    streams it to the descriptor `fd`, until the program ends."""
    os.set_inheritable(fd, False)
    _watch_stream[0] = _Stream(fd)
    block = recording(None)
    recorder = block.__enter__()
    atexit.register(recorder.close)

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
    parser.add_argument("--engine", choices=tuple(ENGINES), default="pool",
                        help="what runs the tasks: multiprocessing.Pool, ProcessPoolExecutor or Dask distributed")
    parser.add_argument("--scheduler", help="with --engine dask: the address of a running scheduler "
                                            "(tcp://host:port) instead of a LocalCluster")
    parser.add_argument("--label", help="name of the runs in PoolScope's compare view (default: the engine's)")
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
    if options.scheduler is not None and options.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if options.scheduler is not None and not re.fullmatch(r"(tcp|tls|inproc|ws|wss|ucx)://\S+", options.scheduler):
        raise InputError("--scheduler %s is not a scheduler address such as tcp://127.0.0.1:8786"
                         % options.scheduler)
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


# ----------------------------------------------------------------------------------------------------
# Running a scenario through one engine, consuming what it hands back as a program would: each result
# inside a try/except, so an exception is seen where Python raises it and the loop goes on if it can.

def _fork_context():
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
        else multiprocessing.get_context()


def _consume(iterator):
    while True:
        try:
            next(iterator)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - recorded; the loop goes on as far as the iterator lets it
            continue


def _scenario_items(scenario):
    return [(value, duration, index == scenario["fail_task"])
            for index, (value, duration) in enumerate(zip(scenario["inputs"], scenario["durations"]))]


def _run_pool(recorder, scenario, mode):
    task = _ScenarioTask(scenario["workload"])
    chunksize = scenario["chunksize"] or (None if mode == "map" else 1)
    with _fork_context().Pool(scenario["workers"]) as pool:
        original = getattr(multiprocessing.pool.Pool, mode)
        result = None
        try:
            result = _pool_call(recorder, pool, mode, task, _scenario_items(scenario), chunksize, original,
                                inputs=scenario["inputs"])
        except Exception:  # noqa: BLE001 - map raised: recorded
            pass
        if mode != "map" and result is not None:
            _consume(result)
    return recorder.runs[-1]


def _consume_futures(mode, futures, as_completed):
    if mode == "imap_unordered":
        futures = as_completed(futures)
    for future in futures:
        with contextlib.suppress(Exception):
            future.result()


def _run_executor(recorder, scenario, mode):
    import concurrent.futures  # noqa: PLC0415
    task = _ScenarioTask(scenario["workload"])
    items = _scenario_items(scenario)
    with concurrent.futures.ProcessPoolExecutor(scenario["workers"], mp_context=_fork_context()) as executor:
        if mode == "map":
            # executor.map submits every task at once, then hands the results back in order.
            iterator = _executor_map(recorder, executor, task, (items,), None, scenario["chunksize"] or 1,
                                     lambda ex, f, source, timeout, chunksize: concurrent.futures.ProcessPoolExecutor.map(
                                         ex, f, source, timeout=timeout, chunksize=chunksize),
                                     inputs=scenario["inputs"])
            _consume(iterator)
        else:
            run = recorder.new_run(mode, "executor", scenario["workers"], 1, scenario["workload"])
            timed = _Timed(task, _get_channel().path, run.token, "executor")
            futures = [_tag(concurrent.futures.ProcessPoolExecutor.submit(executor, timed, (index, item)), run, index)
                       for index, item in _indexed(run, items, scenario["inputs"])]
            _patch_result(concurrent.futures.Future)
            _consume_futures(mode, futures, concurrent.futures.as_completed)
    run = recorder.runs[-1]
    run.workload = scenario["workload"]
    return run


class _DaskCluster:
    """A LocalCluster of worker processes (one thread each), or a connection to an existing scheduler."""

    def __init__(self, workers, scheduler):
        import logging  # noqa: PLC0415
        import distributed  # noqa: PLC0415
        logging.getLogger("distributed").setLevel(logging.ERROR)
        self.distributed = distributed
        self.cluster = None
        if scheduler:
            # Workers elsewhere may not have this module: send its classes with the tasks.
            import cloudpickle  # noqa: PLC0415
            cloudpickle.register_pickle_by_value(sys.modules[__name__])
            self.client = distributed.Client(scheduler, timeout=20)
        else:
            self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                    dashboard_address=None)
            self.client = distributed.Client(self.cluster)
            self.client.wait_for_workers(workers, timeout=60)
        self.workers = _dask_workers(self.client)
        _patch_result(distributed.Future)

    def close(self):
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


def _run_dask(recorder, scenario, mode, cluster):
    client = cluster.client
    task = _ScenarioTask(scenario["workload"])
    futures = _dask_map(recorder, client, task, (_scenario_items(scenario),), {"pure": False},
                        lambda c, f, items, **kw: cluster.distributed.Client.map(c, f, items, **kw), mode=mode,
                        inputs=scenario["inputs"])
    run = recorder.runs[-1]
    run.workers = cluster.workers
    run.workload = scenario["workload"]
    if mode == "map":
        with contextlib.suppress(Exception):
            _gather(client, futures, lambda: cluster.distributed.Client.gather(client, futures))
    else:
        _consume_futures(mode, futures, cluster.distributed.as_completed)
    run.end()
    return run


def run_scenario(scenario, mode, label=None, on_emit=None, engine="pool", cluster=None):
    """Runs the scenario in `mode` through a fresh Pool or executor (or the Dask cluster given), as a
    notebook cell does with `with Pool(3) as p:`; returns the recorded _Run. on_emit(task, run) sees each
    result as it arrives."""
    recorder = Recorder(label=label, on_emit=on_emit)
    if engine == "pool":
        run = _run_pool(recorder, scenario, mode)
    elif engine == "executor":
        run = _run_executor(recorder, scenario, mode)
    else:
        run = _run_dask(recorder, scenario, mode, cluster)
    run.workload = scenario["workload"]
    run.end()
    return run


def _print_line(task, run):
    at = (task["emit_ns"] - run.origin_ns) / 1e9
    if task.get("status") == "ok":
        print("%s doubled to %s by Worker-%d (pid %d) at +%.3f s"
              % (task["input"], task["result"], task.get("worker", 0), task.get("pid", 0), at), flush=True)
    else:
        print("task %d (input %s) raised an error on Worker-%d (pid %d) at +%.3f s: %s"
              % (task["index"], task["input"], task.get("worker", 0), task.get("pid", 0), at,
                 task.get("message", "")), flush=True)


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def _lost_line(run):
    """What `poolscope run` says when the caller's loop ends at an exception with results unreceived."""
    lost = [t["index"] for t in run.ordered_tasks() if t["status"] == "ok" and "emit_order" not in t
            and "finish_ns" in t]
    if not lost:
        return None
    return "%s: results of tasks %s were computed but never handed over" % (run.mode, ", ".join(map(str, lost)))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        scenario, options = scenario_from_args(argv)
        cluster = None
        if options.engine == "dask":
            try:
                cluster = _DaskCluster(scenario["workers"], options.scheduler)
            except ImportError:
                raise InputError("--engine dask needs Dask distributed for this Python (on Debian: apt-get "
                                 "install python3-distributed)") from None
            except (OSError, TimeoutError) as exc:
                raise InputError("cannot reach the Dask scheduler %s: %s" % (options.scheduler, exc)) from None
    except InputError as exc:
        print("poolscope_record.py: %s" % exc, file=sys.stderr)
        return 2
    modes = MODES if scenario["mode"] == "all" else (scenario["mode"],)
    runs = []
    failed_total = 0
    try:
        for mode in modes:
            if len(modes) > 1 and not options.quiet:
                print("== %s ==" % mode, flush=True)
            run = run_scenario(scenario, mode, options.label, None if options.quiet else _print_line,
                               options.engine, cluster)
            runs.append(run)
            failed = sum(1 for t in run.tasks.values() if t.get("status") == "error")
            results = sum(1 for t in run.tasks.values() if t.get("status") == "ok" and "emit_order" in t)
            failed_total += failed
            wall = (run.end_ns - run.origin_ns) / 1e9
            lost = _lost_line(run)
            if lost and not options.quiet:
                print(lost, flush=True)
            # The summary line of `poolscope run`, word for word.
            print("%s: %s from %s in %.3f s%s" % (mode, _plural(results, "result"),
                                                  _plural(run.workers or scenario["workers"], "worker"), wall,
                                                  " (%s failed)" % _plural(failed, "task") if failed else ""),
                  flush=True)
    finally:
        if cluster is not None:
            cluster.close()
    if options.trace:
        try:
            write_trace(options.trace, trace_document(runs, scenario["workers"], None, scenario["workload"],
                                                      options.label))
        except (InputError, OSError) as exc:
            print("poolscope_record.py: cannot write trace %s: %s" % (options.trace, exc), file=sys.stderr)
            return 2
    return 3 if failed_total else 0


if __name__ == "__main__":
    # Run as the module itself, so that the classes pickled for the workers (Dask's included) are
    # poolscope_record's, which every worker can import, not this script's __main__.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import poolscope_record  # noqa: PLC0415

    sys.exit(poolscope_record.main())
