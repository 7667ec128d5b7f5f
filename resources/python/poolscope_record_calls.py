"""The recording of one pool call, for poolscope_record: what runs in the workers (the task function,
wrapped so that it reports its start and finish on a side channel and otherwise returns or raises exactly
what it would), the caller's end of that channel, the recorded call itself, and its trace file.

Imported by poolscope_record; the workers import it too, to run the wrapped task.
"""

import atexit
import contextlib
import json
import math
import multiprocessing
import os
import re
import reprlib
import select
import shutil
import socket
import sys
import tempfile
import threading
import itertools
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
    """A Unix datagram socket; a thread files each report under its run. On Linux the socket has an
    abstract name (no file), so even a program that is killed leaves nothing behind; elsewhere it lives in
    a private folder removed at exit."""

    def __init__(self):
        self.folder = None
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if sys.platform.startswith("linux"):
            self.path = "\0poolscope-%d-%s" % (os.getpid(), os.urandom(8).hex())
        else:
            self.folder = tempfile.mkdtemp(prefix="poolscope-")
            self.path = os.path.join(self.folder, "tasks")
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
                select.select([self.sock], [], [], 0.01)
            except (OSError, ValueError):
                return
            self.drain()
            for hook in _idle_hooks:
                hook()

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
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


_channel = [None]
_idle_hooks = []  # called by the channel's thread every few milliseconds (the live stream's flush)
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
        known = self.tasks.get(index)
        if known is None or "finish_ns" not in known:
            # The worker's report was sent before its result, so it is waiting in the channel: file it
            # first (outside this run's lock, which the channel's thread takes after its own).
            _drain()
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
        # Counted, not scanned: this is asked after every result of a call of 100,000 tasks.
        with self.lock:
            return self.input_done and bool(self.tasks) and self.emitted == len(self.tasks)

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
