"""What the caller of CPython's multiprocessing.Pool receives when a task raises: one line per thing
handed over, in order ("result 8" or "raise 2", the index of the task whose exception it is).
Takes the flags of `poolscope run` that matter here; the task sleeps its duration, then returns 2 x input
or, for --fail-task, raises. Each next() of imap / imap_unordered is wrapped in try/except, like a loop
that goes on after a failure as far as Python lets it."""
import argparse
import multiprocessing
import time


def task(args):
    index, value, seconds, fail = args
    time.sleep(seconds)
    if fail:
        raise ValueError(index)
    return 2 * value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--chunksize", type=int, required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--durations", required=True)
    parser.add_argument("--fail-task", type=int, required=True)
    parser.add_argument("--workload", default="raise")
    o = parser.parse_args()
    inputs = [int(v) for v in o.inputs.split(",")]
    durations = [float(v) for v in o.durations.split(",")]
    tasks = [(i, v, d, i == o.fail_task) for i, (v, d) in enumerate(zip(inputs, durations))]
    with multiprocessing.Pool(o.workers) as pool:
        if o.mode == "map":
            try:
                for r in pool.map(task, tasks, o.chunksize):
                    print("result", r, flush=True)
            except ValueError as e:
                print("raise", e.args[0], flush=True)
            return
        it = (pool.imap if o.mode == "imap" else pool.imap_unordered)(task, tasks, o.chunksize)
        while True:
            try:
                r = next(it)
            except StopIteration:
                break
            except ValueError as e:
                print("raise", e.args[0], flush=True)
                continue
            print("result", r, flush=True)


if __name__ == "__main__":
    main()
