// The notebook's conclusion measured over time: N generated texts of B bytes lower-cased by the pool, read
// from a lazy stream and written on to a discarding sink, through one mode, in a child process of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "poolscope/trace/task_record.hpp"

namespace poolscope::bench {

struct MemoryOptions {
  std::size_t records = 200'000;
  std::size_t record_bytes = 1024;
  int workers = 0;  // 0 = number of cores
  int chunksize = 1;
  // imap / imap_unordered: at most this many records read but not yet handed on (Pool max_in_flight).
  // 0 = as CPython: the pool reads ahead as far as its input buffer allows.
  std::size_t window = 0;
  int sample_period_ms = 20;  // 50 samples a second
};

inline constexpr std::size_t kMaxMemoryRecords = 100'000'000;
inline constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;

// One sample of the caller (the child running the mode), `t_s` seconds after its pool was created.
struct MemorySample {
  double t_s = 0.0;
  double rss_mib = 0.0;         // resident memory, from /proc/PID/statm
  std::uint64_t held = 0;       // records read from the stream and not yet handed on
  std::uint64_t handed_on = 0;  // results written on to the sink
};

struct MemoryModeRun {
  Mode mode = Mode::map;
  double start_rss_mib = 0.0;  // before the pool existed
  double peak_rss_mib = 0.0;   // the kernel's high-water mark of the caller (VmHWM)
  std::uint64_t peak_held = 0;
  double wall_s = 0.0;  // pool created -> last result handed on
  std::vector<MemorySample> samples;
};

// Bytes the caller needs at most for `mode`: map holds every result (about 2 x B + 400 bytes each);
// imap / imap_unordered hold what the pool's buffers and window allow.
std::uint64_t memory_needed_bytes(Mode mode, const MemoryOptions& options);
// MemAvailable from /proc/meminfo (0 if unknown).
std::uint64_t memory_available_bytes();
// "1.9 GiB", "463.8 MiB"
std::string human_bytes(std::uint64_t bytes);

// Throws InputError with one sentence for bad options, or when `modes` could not fit in memory (saying
// what they would need and what is available).
void validate_memory_options(const MemoryOptions& options, const std::vector<Mode>& modes);

// Runs `mode` in a forked child (this process must be single-threaded) while this process samples the
// child's RSS and progress every sample_period_ms; `on_sample` sees each sample as it is taken.
// Throws SystemError if the child cannot be started or dies (e.g. killed for lack of memory).
MemoryModeRun run_memory_mode(Mode mode, const MemoryOptions& options,
                              const std::function<void(const MemorySample&)>& on_sample = {});

}  // namespace poolscope::bench
