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
#include "cli/run_request.hpp"
#include "poolscope/pool/stop_flag.hpp"
#include "poolscope/scenario/scenario_runner.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::cli {
namespace {

StopFlag g_stop;
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int signal_number) {
  g_signal = signal_number;
  g_stop.request();
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // printing to a pipe must not fail with EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // `poolscope run | head -1`: a closed stdout must stop the pool and reap the workers, not kill this
  // process on the spot and orphan them. Writes then fail with EPIPE instead, handled in print_line().
  signal(SIGPIPE, SIG_IGN);
}

// Prints and flushes one line; if the reader went away, stops the run like a signal would.
void print_line(const std::string& line) {
  if (g_signal == SIGPIPE) return;
  std::cout << line << std::endl;
  if (!std::cout) {
    g_signal = SIGPIPE;
    g_stop.request();
  }
}

// 128 + signal number, as shells report a process killed by it: 130 for SIGINT, 143 for SIGTERM.
int stopped_exit_code() {
  if (g_signal == SIGPIPE) return 128 + SIGPIPE;  // nobody is reading: nothing to say, as `yes | head` does
  std::cerr << "poolscope: stopped by " << (g_signal == SIGTERM ? "SIGTERM" : "SIGINT")
            << "; every worker was stopped and no file was written\n";
  return 128 + (g_signal != 0 ? static_cast<int>(g_signal) : SIGINT);
}

std::string seconds_since(std::int64_t origin_ns, std::int64_t t_ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(t_ns - origin_ns) / 1e9);
  return buffer;
}

std::string worker_label(const TaskRecord& t) {
  return "Worker-" + std::to_string(t.worker) + " (pid " + std::to_string(t.pid) + ")";
}

// The notebook's line: `10 doubled to 20 by Worker-2 (pid 5582) at +1.003 s`.
std::string result_line(const TaskRecord& t, std::int64_t origin_ns) {
  const std::string at = " at +" + seconds_since(origin_ns, t.emit_ns) + " s";
  if (t.status == TaskStatus::ok) return t.input + " doubled to " + t.result + " by " + worker_label(t) + at;
  const std::string what = t.status == TaskStatus::crashed ? " crashed on " : " raised an error on ";
  return "task " + std::to_string(t.index) + " (input " + t.input + ")" + what + worker_label(t) + at + ": " +
         t.message;
}

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string task_list(const std::vector<std::uint64_t>& indices) {
  std::string list = indices.size() == 1 ? "task " : "tasks ";
  for (std::size_t k = 0; k < indices.size(); ++k) list += (k == 0 ? "" : ", ") + std::to_string(indices[k]);
  return list;
}

// Where the caller's loop ended, when a failure ended it before every task was handed over (Python's rules:
// map raises and hands over no result; imap / imap_unordered with chunksize > 1 end at a chunk's exception).
std::optional<std::string> loop_end_line(const RunTrace& run) {
  std::vector<std::uint64_t> computed;
  std::vector<std::uint64_t> never_ran;  // the rest of a chunk abandoned at its exception
  std::vector<std::uint64_t> failed;
  for (const auto& t : run.tasks) {
    if (t.emit_order >= 0) continue;
    if (t.status == TaskStatus::ok) {
      computed.push_back(t.index);
    } else {
      (t.start_ns == t.finish_ns ? never_ran : failed).push_back(t.index);
    }
  }
  if (computed.empty() && never_ran.empty() && failed.empty()) return std::nullopt;
  std::string line = std::string(to_string(run.mode)) + ": the exception ends the " +
                     (run.mode == Mode::map ? "call" : "loop") + " (chunksize " + std::to_string(run.chunksize) + ")";
  std::string sep = ": ";
  if (!computed.empty()) {
    line += sep + "results of " + task_list(computed) + (computed.size() == 1 ? " was" : " were") +
            " computed but never handed over";
    sep = "; ";
  }
  if (!never_ran.empty()) {
    line += sep + task_list(never_ran) + " never ran (" + (never_ran.size() == 1 ? "its" : "their") +
            " chunk stopped at the exception)";
    sep = "; ";
  }
  if (!failed.empty()) line += sep + task_list(failed) + " failed too";
  return line;
}

std::string summary_line(const RunTrace& run) {
  std::size_t ok = 0;
  std::size_t handed = 0;
  for (const auto& t : run.tasks) {
    ok += t.status == TaskStatus::ok ? 1 : 0;
    handed += t.status == TaskStatus::ok && t.emit_order >= 0 ? 1 : 0;
  }
  const std::size_t failed = run.tasks.size() - ok;
  std::string line = std::string(to_string(run.mode)) + ": " + plural(handed, "result") + " from " +
                     plural(static_cast<std::size_t>(run.workers), "worker") + " in " +
                     seconds_since(run.origin_ns, run.end_ns) + " s";
  if (failed > 0) line += " (" + plural(failed, "task") + " failed)";
  return line;
}

bool any_failed(const Trace& trace) {
  for (const auto& run : trace.runs) {
    for (const auto& t : run.tasks) {
      if (t.status != TaskStatus::ok) return true;
    }
  }
  return false;
}

}  // namespace

int run_command(const Args& args) {
  RunRequest request;
  try {
    request = parse_run_request(args);
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  if (request.help) {
    std::cout << run_help();
    return 0;
  }

  install_stop_handlers();
  Trace trace;
  const bool several = request.modes.size() > 1;
  try {
    for (const Mode mode : request.modes) {
      if (g_stop.requested()) return stopped_exit_code();
      if (several && !request.quiet) print_line("== " + std::string(to_string(mode)) + " ==");
      RunOptions options;
      options.start_method = StartMethod::fork;
      options.stop = &g_stop;
      // Lines show times from the start of this mode's run, as the trace does.
      std::int64_t origin_ns = 0;
      options.on_start = [&origin_ns](std::int64_t origin) { origin_ns = origin; };
      if (!request.quiet) {
        options.on_emit = [&origin_ns](const TaskRecord& t) { print_line(result_line(t, origin_ns)); };
      }
      trace.runs.push_back(run_scenario(request.scenario, mode, options));
      if (!request.quiet) {
        if (const auto line = loop_end_line(trace.runs.back())) print_line(*line);
      }
      print_line(summary_line(trace.runs.back()));
    }
  } catch (const PoolStopped&) {
    return stopped_exit_code();
  } catch (const SystemError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 1;
  }
  if (g_stop.requested()) return stopped_exit_code();

  // Each file is written whole (temp + rename), but a stop or a failure between two of them would leave
  // some outputs and not others; the ones this run wrote are removed, so "no file was written" holds.
  std::vector<std::filesystem::path> written;
  const auto remove_written = [&written] {
    std::error_code ec;
    for (const auto& file : written) std::filesystem::remove(file, ec);
  };
  try {
    if (request.trace) {
      write_trace_json(trace, *request.trace);
      written.push_back(*request.trace);
    }
    if (g_stop.requested()) {
      remove_written();
      return stopped_exit_code();
    }
    if (request.csv) {
      write_trace_csv(trace, *request.csv);
      written.push_back(*request.csv);
    }
    if (g_stop.requested()) {
      remove_written();
      return stopped_exit_code();
    }
    export_charts(trace, request.exports);
  } catch (const InputError& e) {
    remove_written();
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  if (g_stop.requested()) {
    for (const auto* file : {&request.exports.png, &request.exports.svg, &request.exports.pdf}) {
      if (*file) written.push_back(**file);
    }
    remove_written();
    return stopped_exit_code();
  }
  return any_failed(trace) ? 3 : 0;
}

}  // namespace poolscope::cli
