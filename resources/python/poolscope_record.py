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

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import sys

# The recorder's parts live beside this file (and the workers, forked or spawned, find them there too).
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from poolscope_record_calls import (GENERATOR, MODES, InputError, PlannedFailure, _get_channel, _indexed,  # noqa: E402
                                    _ScenarioTask, _Timed, trace_document, write_trace)
from poolscope_record_engines import (Recorder, _dask_map, _dask_workers, _executor_map, _gather,  # noqa: E402
                                      _patch_result, _pool_call, _tag, _watch, recorded, recording)
from poolscope_record_scenario import load_preset, load_scenario, parse_scenario, scenario_from_args  # noqa: E402

__all__ = ["GENERATOR", "InputError", "PlannedFailure", "Recorder", "load_preset", "load_scenario", "main",
           "parse_scenario", "recorded", "recording", "run_scenario", "trace_document", "write_trace", "_watch"]

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
            cloudpickle.register_pickle_by_value(sys.modules["poolscope_record_calls"])
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
    sys.exit(main())
