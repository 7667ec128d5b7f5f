// What one task did, as the trace, the CLI and the charts see it.
// Timestamps are CLOCK_MONOTONIC nanoseconds (0 = not yet), comparable across processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

enum class TaskStatus : std::uint8_t {
  pending,  // submitted, no worker has it yet
  running,  // a worker has started it
  ok,       // finished with a result
  error,    // the task threw; `message` holds what it said
  crashed,  // its worker died while running it
};

std::string_view to_string(TaskStatus status);
std::optional<TaskStatus> task_status_from_string(std::string_view text);
inline bool is_finished(TaskStatus s) {
  return s == TaskStatus::ok || s == TaskStatus::error || s == TaskStatus::crashed;
}

struct TaskRecord {
  std::uint64_t index = 0;  // position in the input
  std::string input;        // JSON literal of the task's input, e.g. `5` or `"abc"`
  std::string result;       // JSON literal of the result; empty unless status == ok
  int worker = 0;           // 1-based worker id (Worker-N); 0 until started
  int pid = 0;              // pid of the worker process that ran it; 0 until started
  std::uint64_t chunk = 0;  // index of the chunk the task travelled in
  std::int64_t submit_ns = 0;
  std::int64_t start_ns = 0;
  std::int64_t finish_ns = 0;
  std::int64_t emit_ns = 0;  // when the caller received the result (or, for a failed task, its exception)
  // 0-based order in which the caller received it; -1 until then, and for good if it never reaches the
  // caller (lost with a failed chunk, after the caller's loop ended, or in a map that raised).
  std::int64_t emit_order = -1;
  TaskStatus status = TaskStatus::pending;
  std::string message;  // error text for error / crashed
  // error: the C++ type of the exception the task threw, demangled ("std::invalid_argument"); empty if
  // it was not a std::exception, and for crashed tasks.
  std::string exception_type;
};

// One worker process as it lived during a run; a replaced worker keeps its id and gets a new pid.
struct WorkerProcess {
  int worker = 0;  // 1-based id
  int pid = 0;
};

enum class Mode : std::uint8_t { map, imap, imap_unordered };
std::string_view to_string(Mode mode);
std::optional<Mode> mode_from_string(std::string_view text);

// One run of one mode: everything needed to draw or write it.
struct RunTrace {
  Mode mode = Mode::map;
  int workers = 0;
  int chunksize = 1;  // the effective chunksize used
  std::string workload = "sleep";
  std::string label;  // free text, e.g. "PoolScope" or "Python" for imported traces
  int caller_pid = 0;
  std::int64_t origin_ns = 0;  // monotonic time the run started; trace times are relative to it
  std::int64_t end_ns = 0;     // monotonic time the last result reached the caller
  std::vector<WorkerProcess> processes;
  std::vector<TaskRecord> tasks;  // ordered by index
};

// A trace file holds one run per mode (`--mode all` writes three).
struct Trace {
  std::vector<RunTrace> runs;
};

}  // namespace poolscope
