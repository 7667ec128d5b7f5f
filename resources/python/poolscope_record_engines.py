"""The engines recorded, for poolscope_record: multiprocessing.Pool, ProcessPoolExecutor and Dask
distributed. Each call is made as the user made it, with the task function wrapped and the input numbered;
what the engine returns (results, iterators, exceptions) reaches the caller unchanged. Also the
`recording` block and `recorded` wrapper, and the live stream `poolscope watch` reads.
"""

import atexit
import concurrent.futures
import contextlib
import functools
import importlib.util
import itertools
import json
import multiprocessing
import multiprocessing.pool
import os
import sys
import threading
import time

from poolscope_record_calls import (ENGINES, MODES, InputError, _describe, _drain, _get_channel, _Handover,
                                    _indexed, _json_literal, _name_of, _idle_hooks, _python_chunksize, _Run,
                                    _Timed, _worker_id_from_name, trace_document, write_trace)

# ----------------------------------------------------------------------------------------------------
# Live stream: one JSON event per line, for `poolscope watch`.

class _Stream:
    """Writes run and task events to a file descriptor as they happen, a few milliseconds' worth at a time
    (one write per event would cost the program a system call per event); a reader that went away only
    ends the stream, never the program being recorded."""

    FLUSH_SECONDS = 0.015
    FLUSH_BYTES = 1 << 16

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.Lock()
        self.broken = False
        self.pending = []
        self.size = 0
        self.flushed_at = time.monotonic()

    def write(self, event):
        line = json.dumps(event, separators=(",", ":"), allow_nan=False) + "\n"
        with self.lock:
            if self.broken:
                return
            self.pending.append(line)
            self.size += len(line)
            if self.size >= self.FLUSH_BYTES or time.monotonic() - self.flushed_at >= self.FLUSH_SECONDS:
                self._flush()

    def flush(self):
        """Sends what is waiting; the recorder's thread calls it every few milliseconds."""
        with self.lock:
            if self.pending and not self.broken:
                self._flush()

    def _flush(self):
        data = "".join(self.pending).encode("utf-8")
        self.pending.clear()
        self.size = 0
        self.flushed_at = time.monotonic()
        try:
            view = memoryview(data)
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
            self.stream.flush()

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
            run.handed(index, False, message=_describe(exc))
            if run.all_handed():
                run.end()
        raise
    if tag is not None:
        run, index = tag
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
    stream = _watch_stream[0] = _Stream(fd)
    _idle_hooks.append(stream.flush)
    block = recording(None)
    recorder = block.__enter__()
    atexit.register(stream.flush)  # runs last: after the runs below are closed
    atexit.register(recorder.close)
