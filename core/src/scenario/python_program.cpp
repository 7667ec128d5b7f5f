// Writes the Python program for a scenario. The program is made for reading in a lecture, so only the
// code the scenario needs is written (no spin helper for a sleep run, no crash guard without a crash).
#include "poolscope/scenario/python_program.hpp"

#include <algorithm>
#include <sstream>

#include "poolscope/util/python_repr.hpp"

namespace poolscope {
namespace {

bool inputs_are_one_to_n(const std::vector<std::int64_t>& inputs) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] != static_cast<std::int64_t>(i + 1)) return false;
  }
  return true;
}

bool all_same(const std::vector<double>& values) {
  return std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) == values.end();
}

// A long list on lines of at most ~100 characters, as a person would format it.
template <class T> std::string wrapped_list(const std::vector<T>& values, const std::string& indent) {
  std::string out = "[";
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string item = python_repr(values[i]);
    if (i + 1 < values.size()) item += ",";
    if (out.size() - line_start + item.size() > 96 && i > 0) {
      out += "\n" + indent;
      line_start = out.size() - indent.size();
    } else if (i > 0) {
      out += " ";
    }
    out += item;
  }
  return out + "]";
}

class ProgramWriter {
 public:
  ProgramWriter(const Scenario& s, const PythonProgramOptions& o) : s_(s), o_(o) {
    modes_ = o.modes.empty() ? std::vector<Mode>{s.mode} : o.modes;
    raise_ = s.workload == Workload::raise && s.fail_task.has_value();
    crash_ = s.workload == Workload::crash && s.fail_task.has_value();
  }

  std::string write() {
    header();
    settings();
    if (raise_) task_failed_class();
    if (s_.workload == Workload::spin) burn_cpu();
    task();
    helpers();
    run_map();
    run_imap();
    run();
    main();
    return out_.str();
  }

 private:
  void line(const std::string& text = "") { out_ << text << '\n'; }

  bool has(Mode mode) const { return std::find(modes_.begin(), modes_.end(), mode) != modes_.end(); }
  bool has_imap() const { return has(Mode::imap) || has(Mode::imap_unordered); }
  std::string chunksize_arg() const { return s_.chunksize > 0 ? ", CHUNKSIZE" : ""; }
  // The print call of a line the caller shows, or nothing with --quiet.
  void show(const std::string& indent, const std::string& fstring) {
    if (!o_.quiet) line(indent + "print(" + fstring + ", flush=True)");
  }

  void header() {
    line("#!/usr/bin/env python3");
    const std::string made_by = o_.made_by.empty() ? "poolscope python" : o_.made_by;
    line("# The tasks of `poolscope run` with the same flags, in plain Python 3 (standard library only). Made by");
    line("#   " + made_by);
    line("# Run it with python3: it prints each result as the caller receives it, in the same order and at about");
    line("# the same times as `poolscope run` prints them.");
    line("import multiprocessing");
    line("import os");
    if (crash_) line("import signal");
    line("import sys");
    line("import time");
    line();
  }

  void settings() {
    line("WORKERS = " + std::to_string(s_.workers));
    if (s_.chunksize > 0) {
      line("CHUNKSIZE = " + std::to_string(s_.chunksize) + "  # tasks a worker takes at a time");
    } else {
      line("# CHUNKSIZE is left out of the calls below: Python's default, ceil(tasks / (4 x WORKERS)) for map,");
      line("# 1 for imap and imap_unordered.");
    }
    if (inputs_are_one_to_n(s_.inputs) && s_.inputs.size() > 3) {
      line("INPUTS = list(range(1, " + std::to_string(s_.inputs.size() + 1) + "))");
    } else {
      line("INPUTS = " + wrapped_list(s_.inputs, "    "));
    }
    if (all_same(s_.durations) && s_.durations.size() > 1) {
      line("DURATIONS = [" + python_repr(s_.durations.front()) + "] * len(INPUTS)  # seconds, one per input");
    } else {
      line("DURATIONS = " + wrapped_list(s_.durations, "    ") + "  # seconds, one per input");
    }
    if (raise_) line("FAIL_TASK = " + std::to_string(*s_.fail_task) + "  # index of the task that raises");
    if (crash_) {
      line("FAIL_TASK = " + std::to_string(*s_.fail_task) + "  # index of the task that kills its own worker");
      line("# CPython's Pool never hands anything back for a task whose worker was killed: map and imap wait");
      line("# for it forever (PoolScope reports the task as crashed and goes on). So the caller here waits at");
      line("# most GIVE_UP_AFTER seconds, longer than all the tasks take one after the other, then gives up.");
      line("GIVE_UP_AFTER = sum(DURATIONS) + 5.0");
    }
    std::string modes = "MODES = [";
    for (std::size_t i = 0; i < modes_.size(); ++i) {
      modes += (i > 0 ? ", \"" : "\"") + std::string(to_string(modes_[i])) + "\"";
    }
    line(modes + "]");
    line();
    line();
  }

  void task_failed_class() {
    line("class TaskFailed(Exception):");
    line("    \"\"\"What the failing task raises. It says which worker raised it, for the caller's line.\"\"\"");
    line();
    line("    def __init__(self, index, x, worker, pid):");
    line("        super().__init__(index, x, worker, pid)  # the pool pickles the exception from its args");
    line("        self.index, self.x, self.worker, self.pid = index, x, worker, pid");
    line();
    line("    def __str__(self):");
    line("        return f\"task with input {self.x} raised an error on purpose (workload raise)\"");
    line();
    line();
  }

  void burn_cpu() {
    line("def burn_cpu(seconds):");
    line("    \"\"\"Burns `seconds` of CPU time: a fixed amount of work, which takes longer on the clock when");
    line("    there are more workers than cores.\"\"\"");
    line("    end = time.thread_time() + seconds");
    line("    while time.thread_time() < end:");
    line("        pass");
    line();
    line();
  }

  void task() {
    const bool spin = s_.workload == Workload::spin;
    line("def task(job):");
    line(std::string("    \"\"\"One task, run in a worker process: ") + (spin ? "burns CPU" : "sleeps") +
         " for its duration, then returns 2 x its input.");
    line();
    line("    It is a top-level function because the pool sends it to the workers by name: with the spawn and");
    line("    forkserver start methods (the default on macOS and Windows, and on Linux from Python 3.14) each");
    line("    worker imports this file and looks `task` up in it. The input comes back with the result so that");
    line("    the caller of imap_unordered knows which result is which.");
    line("    \"\"\"");
    line("    index, x, seconds = job");
    line(spin ? "    burn_cpu(seconds)" : "    time.sleep(seconds)");
    line("    # ForkPoolWorker-N, ForkServerPoolWorker-N or SpawnPoolWorker-N, depending on the start method.");
    line("    worker = multiprocessing.current_process().name");
    if (raise_) {
      line("    if index == FAIL_TASK:");
      line("        raise TaskFailed(index, x, worker, os.getpid())");
    }
    if (crash_) {
      line("    if index == FAIL_TASK:");
      line("        os.kill(os.getpid(), signal.SIGKILL)  # dies as a segfault or the OOM killer would kill it");
    }
    line("    return x, 2 * x, worker, os.getpid()");
    line();
    line();
  }

  void helpers() {
    line("def worker_started(started):");
    line("    \"\"\"Pool initializer: each worker says it is up.\"\"\"");
    line("    started.release()");
    line();
    line();
    line("def plural(n, word):");
    line("    return f\"{n} {word}{'' if n == 1 else 's'}\"");
    line();
    line();
    line("def since(t0):");
    line("    return f\"+{time.monotonic() - t0:.3f} s\"");
    line();
    line();
  }

  void run_map() {
    if (!has(Mode::map)) return;
    line("def run_map(pool, jobs, t0):");
    line(
        "    \"\"\"map: nothing comes back until every task is done, then every result at once, in input order.\"\"\"");
    if (raise_ || crash_) line("    try:");
    const std::string in = raise_ || crash_ ? "        " : "    ";
    if (crash_) {
      line(in + "outputs = pool.map_async(task, jobs" + chunksize_arg() + ").get(GIVE_UP_AFTER)");
    } else {
      line(in + "outputs = pool.map(task, jobs" + chunksize_arg() + ")");
    }
    if (raise_) {
      line("    except TaskFailed as e:  # the first exception to arrive; no result is handed over");
      show("        ",
           "f\"task {e.index} (input {e.x}) raised an error on {e.worker} (pid {e.pid}) at {since(t0)}: {e}\"");
      line("        return 0, 1");
    }
    if (crash_) {
      line("    except multiprocessing.TimeoutError:");
      show(
          "        ",
          "f\"task {FAIL_TASK} (input {INPUTS[FAIL_TASK]}) crashed: its worker was killed and the pool never hands \"\n"
          "              f\"anything back for it; gave up waiting at {since(t0)}\"");
      line("        return 0, 1");
    }
    if (!o_.quiet) {
      line("    for x, y, worker, pid in outputs:");
      line("        print(f\"{x} doubled to {y} by {worker} (pid {pid}) at {since(t0)}\", flush=True)");
    }
    line("    return len(outputs), 0");
    line();
    line();
  }

  void run_imap() {
    if (!has_imap()) return;
    line("def run_imap(pool, jobs, t0, mode):");
    line("    \"\"\"imap hands results back one by one in input order; imap_unordered as soon as each is ready.\"\"\"");
    line("    results = failed = 0");
    line("    if mode == \"imap\":");
    line("        it = pool.imap(task, jobs" + chunksize_arg() + ")");
    line("    else:");
    line("        it = pool.imap_unordered(task, jobs" + chunksize_arg() + ")");
    if (crash_) line("    deadline = time.monotonic() + GIVE_UP_AFTER");
    line("    while True:");
    line("        try:");
    if (crash_) {
      line("            x, y, worker, pid = it.next(max(0.0, deadline - time.monotonic()))");
    } else {
      line("            x, y, worker, pid = next(it)");
    }
    line("        except StopIteration:");
    line("            break");
    if (raise_) {
      line("        except TaskFailed as e:");
      line("            # With chunksize 1 the caller can go on with the next result; with bigger chunks the");
      line("            # iterator ends at the exception.");
      line("            failed += 1");
      show("            ",
           "f\"task {e.index} (input {e.x}) raised an error on {e.worker} (pid {e.pid}) at {since(t0)}: {e}\"");
      line("            continue");
    }
    if (crash_) {
      line("        except multiprocessing.TimeoutError:");
      line("            failed += 1");
      show("            ",
           "f\"task {FAIL_TASK} (input {INPUTS[FAIL_TASK]}) crashed: its worker was killed and the pool never \"\n"
           "                  f\"hands anything back for it; gave up waiting at {since(t0)}\"");
      line("            break");
    }
    line("        results += 1");
    show("        ", "f\"{x} doubled to {y} by {worker} (pid {pid}) at {since(t0)}\"");
    line("    return results, failed");
    line();
    line();
  }

  void run() {
    line("def run(mode):");
    line("    jobs = [(index, x, seconds) for index, (x, seconds) in enumerate(zip(INPUTS, DURATIONS))]");
    line("    started = multiprocessing.Semaphore(0)");
    const std::string lifetime =
        s_.maxtasksperchild ? ", maxtasksperchild=" + std::to_string(*s_.maxtasksperchild) : std::string();
    line("    with multiprocessing.Pool(WORKERS, initializer=worker_started, initargs=(started,)" + lifetime +
         ") as pool:");
    line("        # Time counts from the moment every worker is up, as in PoolScope: spawn and forkserver workers");
    line("        # take longer to start than forked ones.");
    line("        for _ in range(WORKERS):");
    line("            started.acquire()");
    line("        t0 = time.monotonic()");
    if (has(Mode::map) && has_imap()) {
      line("        if mode == \"map\":");
      line("            results, failed = run_map(pool, jobs, t0)");
      line("        else:");
      line("            results, failed = run_imap(pool, jobs, t0, mode)");
    } else if (has(Mode::map)) {
      line("        results, failed = run_map(pool, jobs, t0)");
    } else {
      line("        results, failed = run_imap(pool, jobs, t0, mode)");
    }
    line("        wall = time.monotonic() - t0");
    line("    summary = f\"{mode}: {plural(results, 'result')} from {plural(WORKERS, 'worker')} in {wall:.3f} s\"");
    line("    if failed:");
    line("        summary += f\" ({plural(failed, 'task')} failed)\"");
    line("    print(summary, flush=True)");
    line("    return failed");
    line();
    line();
  }

  void main() {
    line("if __name__ == \"__main__\":");
    line("    failed = 0");
    line("    for mode in MODES:");
    if (modes_.size() > 1 && !o_.quiet) line("        print(f\"== {mode} ==\", flush=True)");
    line("        failed += run(mode)");
    line("    sys.exit(3 if failed else 0)  # as poolscope run: 3 when a task failed");
  }

  const Scenario& s_;
  const PythonProgramOptions& o_;
  std::vector<Mode> modes_;
  bool raise_ = false;
  bool crash_ = false;
  std::ostringstream out_;
};

}  // namespace

std::string python_program(const Scenario& scenario, const PythonProgramOptions& options) {
  validate(scenario);
  return ProgramWriter(scenario, options).write();
}

}  // namespace poolscope
