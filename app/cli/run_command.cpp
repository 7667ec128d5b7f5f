// `poolscope run`: validate everything, run the scenario in one mode (or all three), print each result
// the moment the caller receives it, then write the requested files. Ctrl-C stops the pool cleanly.
#include <signal.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output_guard.hpp"
#include "cli/run_request.hpp"
#include "poolscope/pool/stop_flag.hpp"
#include "poolscope/scenario/scenario_runner.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::cli {
namespace {

StopFlag gStop;
volatile std::sig_atomic_t gSignal = 0;

extern "C" void onStopSignal(int signalNumber) {
  gSignal = signalNumber;
  gStop.request();
}

void installStopHandlers() {
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // printing to a pipe must not fail with EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // `poolscope run | head -1`: a closed stdout must stop the pool and reap the workers, not kill this
  // process on the spot and orphan them. Writes then fail with EPIPE instead, handled in printLine().
  signal(SIGPIPE, SIG_IGN);
}

// Prints and flushes one line; if the reader went away, stops the run like a signal would.
void printLine(const std::string& line) {
  if (gSignal == SIGPIPE) return;
  std::cout << line << std::endl;
  if (!std::cout) {
    gSignal = SIGPIPE;
    gStop.request();
  }
}

// 128 + signal number, as shells report a process killed by it: 130 for SIGINT, 143 for SIGTERM.
int stoppedExitCode() {
  if (gSignal == SIGPIPE) return 128 + SIGPIPE;  // nobody is reading: nothing to say, as `yes | head` does
  std::cerr << "poolscope: stopped by " << (gSignal == SIGTERM ? "SIGTERM" : "SIGINT")
            << "; every worker was stopped and no file was written\n";
  return 128 + (gSignal != 0 ? static_cast<int>(gSignal) : SIGINT);
}

std::string secondsSince(std::int64_t originNs, std::int64_t tNs) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(tNs - originNs) / 1e9);
  return buffer;
}

std::string workerLabel(const TaskRecord& t) {
  return "Worker-" + std::to_string(t.worker) + " (pid " + std::to_string(t.pid) + ")";
}

// The notebook's line: `10 doubled to 20 by Worker-2 (pid 5582) at +1.003 s`.
std::string resultLine(const TaskRecord& t, std::int64_t originNs) {
  const std::string at = " at +" + secondsSince(originNs, t.emit_ns) + " s";
  if (t.status == TaskStatus::ok) return t.input + " doubled to " + t.result + " by " + workerLabel(t) + at;
  const std::string what = t.status == TaskStatus::crashed ? " crashed on " : " raised an error on ";
  return "task " + std::to_string(t.index) + " (input " + t.input + ")" + what + workerLabel(t) + at + ": " +
         (t.exception_type.empty() ? t.message : t.exception_type + ": " + t.message);
}

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string taskList(const std::vector<std::uint64_t>& indices) {
  std::string list = indices.size() == 1 ? "task " : "tasks ";
  for (std::size_t k = 0; k < indices.size(); ++k) list += (k == 0 ? "" : ", ") + std::to_string(indices[k]);
  return list;
}

// Where the caller's loop ended, when a failure ended it before every task was handed over (Python's rules:
// map raises and hands over no result; imap / imap_unordered with chunksize > 1 end at a chunk's exception).
std::optional<std::string> loopEndLine(const RunTrace& run) {
  std::vector<std::uint64_t> computed;
  std::vector<std::uint64_t> neverRan;  // the rest of a chunk abandoned at its exception
  std::vector<std::uint64_t> failed;
  for (const auto& t : run.tasks) {
    if (t.emit_order >= 0) continue;
    if (t.status == TaskStatus::ok) {
      computed.push_back(t.index);
    } else {
      (t.start_ns == t.finish_ns ? neverRan : failed).push_back(t.index);
    }
  }
  if (computed.empty() && neverRan.empty() && failed.empty()) return std::nullopt;
  std::string line = std::string(to_string(run.mode)) + ": the exception ends the " +
                     (run.mode == Mode::map ? "call" : "loop") + " (chunksize " + std::to_string(run.chunksize) + ")";
  std::string sep = ": ";
  if (!computed.empty()) {
    line += sep + "results of " + taskList(computed) + (computed.size() == 1 ? " was" : " were") +
            " computed but never handed over";
    sep = "; ";
  }
  if (!neverRan.empty()) {
    line += sep + taskList(neverRan) + " never ran (" + (neverRan.size() == 1 ? "its" : "their") +
            " chunk stopped at the exception)";
    sep = "; ";
  }
  if (!failed.empty()) line += sep + taskList(failed) + " failed too";
  return line;
}

std::string summaryLine(const RunTrace& run) {
  std::size_t ok = 0;
  std::size_t handed = 0;
  for (const auto& t : run.tasks) {
    ok += t.status == TaskStatus::ok ? 1 : 0;
    handed += t.status == TaskStatus::ok && t.emit_order >= 0 ? 1 : 0;
  }
  const std::size_t failed = run.tasks.size() - ok;
  std::string line = std::string(to_string(run.mode)) + ": " + plural(handed, "result") + " from " +
                     plural(static_cast<std::size_t>(run.workers), "worker") + " in " +
                     secondsSince(run.origin_ns, run.end_ns) + " s";
  if (failed > 0) line += " (" + plural(failed, "task") + " failed)";
  return line;
}

bool anyFailed(const Trace& trace) {
  for (const auto& run : trace.runs) {
    for (const auto& t : run.tasks) {
      if (t.status != TaskStatus::ok) return true;
    }
  }
  return false;
}

}  // namespace

int runCommand(const Args& args) {
  RunRequest request;
  try {
    request = parseRunRequest(args);
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  if (request.help) {
    std::cout << runHelp();
    return 0;
  }

  installStopHandlers();
  Trace trace;
  const bool several = request.modes.size() > 1;
  try {
    for (const Mode mode : request.modes) {
      if (gStop.requested()) return stoppedExitCode();
      if (several && !request.quiet) printLine("== " + std::string(to_string(mode)) + " ==");
      RunOptions options;
      options.start_method = StartMethod::fork;
      options.stop = &gStop;
      // Lines show times from the start of this mode's run, as the trace does.
      std::int64_t originNs = 0;
      options.on_start = [&originNs](std::int64_t origin) { originNs = origin; };
      if (!request.quiet) {
        options.on_emit = [&originNs](const TaskRecord& t) { printLine(resultLine(t, originNs)); };
      }
      trace.runs.push_back(run_scenario(request.scenario, mode, options));
      if (!request.quiet) {
        if (const auto line = loopEndLine(trace.runs.back())) printLine(*line);
      }
      printLine(summaryLine(trace.runs.back()));
    }
  } catch (const PoolStopped&) {
    return stoppedExitCode();
  } catch (const SystemError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 1;
  }
  if (gStop.requested()) return stoppedExitCode();

  // Each file is written whole; a failure or a stop while they are drawn or written removes those this run
  // already wrote, so "no file was written" holds. The guard acts on a signal at once (not after a
  // seconds-long PNG), removing the files and exiting 130 / 143 from its handler.
  OutputGuard guard("every worker was stopped and no file was written");
  if (gStop.requested()) return stoppedExitCode();
  try {
    if (request.trace) guard.write(*request.trace, trace_to_json(trace));
    if (request.csv) guard.write(*request.csv, trace_to_csv(trace));
    exportCharts(trace, request.exports, guard, request.scenario.durations);
  } catch (const InputError& e) {
    guard.removeWritten();
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  return anyFailed(trace) ? 3 : 0;
}

}  // namespace poolscope::cli
