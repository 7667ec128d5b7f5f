// Imports trace files into a Trace: PoolScope's own, the Python recorder's, and any Chrome trace JSON
// with complete ("X") events or B/E pairs (ray timeline, Perfetto, chrome://tracing exports).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

// Thrown by read_trace / parse_trace when TraceReadOptions::cancel was set while reading.
class TraceReadCancelled : public BasicError<std::runtime_error> {
 public:
  TraceReadCancelled() : BasicError("reading the trace was cancelled") {}
};

struct TraceReadOptions {
  // Called on the reading thread about every megabyte, and once at the end with bytes_read == bytes_total.
  std::function<void(std::uint64_t bytes_read, std::uint64_t bytes_total)> progress;
  // Set from any thread (e.g. the GUI's Cancel button) to abandon the read; it throws TraceReadCancelled
  // within a megabyte of input.
  const std::atomic<bool>* cancel = nullptr;
};

// What a trace file holds, as far as the importer could tell.
enum class TraceFlavor : std::uint8_t {
  poolscope,  // tasks with PoolScope's args (written by poolscope or poolscope_record.py)
  chrome,     // any other Chrome trace: each (pid, tid) is a row, each slice a task named by its event
};

// Imported times keep their offsets from the start of each run; since the file does not say when on
// the monotonic clock a run began, every imported run starts at this origin_ns (never 0, which
// TaskRecord reserves for "not yet").
inline constexpr std::int64_t kImportedOriginNs = 1'000'000'000;

// Reads `file`, streaming it (memory grows with the number of tasks, not the size of the file).
// Throws InputError with one sentence naming the file and what is wrong (which event, which field) for a
// missing, truncated, non-JSON or non-trace file, negative or out-of-range times, duplicate tasks...
// Runs are in the order they first appear in the file; tasks of a run are ordered by index.
Trace read_trace(const std::filesystem::path& file, const TraceReadOptions& options = {},
                 TraceFlavor* flavor = nullptr);

// The same for trace JSON already in memory (progress counts its bytes).
Trace parse_trace(std::string_view json_text, const TraceReadOptions& options = {}, TraceFlavor* flavor = nullptr);

}  // namespace poolscope
