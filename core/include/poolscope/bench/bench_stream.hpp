// The notebook's "500 GB of text" story, measured: lower-case N text records through imap from a lazy
// input with a bounded window of tasks in flight, and through map for contrast; peak RSS per N.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "poolscope/bench/bench_figures.hpp"

namespace poolscope::bench {

struct StreamOptions {
  std::vector<std::size_t> sizes;  // record counts, e.g. 10^4, 10^5, 10^6
  std::size_t record_bytes = 1024;
  std::size_t window = 256;  // imap's max_in_flight
  int chunksize = 1;         // the same for imap and map, so only holding-everything differs
  int workers = 0;           // 0 = number of cores
  bool with_map = true;
  std::size_t map_max_records = 1'000'000;  // map runs above this are skipped (they need ~2 KB per record)
  bool in_child = true;                     // each run in its own forked process, so peaks do not mix
  // Shared-memory bytes of the pool's input buffer and of each worker's result buffer. 0 sizes them to
  // the window (stream_buffer_bytes); default_buffers keeps PoolOptions' defaults (32 MiB / 8 MiB), whose
  // pages are touched once on the buffer's first lap and then reused, so RSS plateaus higher.
  std::size_t buffer_bytes = 0;
  bool default_buffers = false;
};

// The buffer size used when StreamOptions::buffer_bytes is 0: room for four windows of records.
std::size_t stream_buffer_bytes(const StreamOptions& options);

// {N/100, N/10, N}, without duplicates and without zeros.
std::vector<std::size_t> stream_ladder(std::size_t n);

// Runs imap (and map) for every size. Throws InputError for bad options, SystemError if a run fails.
StreamFigures run_stream(const StreamOptions& options);

// One run in this process: `via` is "imap" or "map".
StreamRun stream_once(const std::string& via, std::size_t records, const StreamOptions& options);

// The same in a forked child process (this process must be single-threaded).
StreamRun stream_in_child(const std::string& via, std::size_t records, const StreamOptions& options);

// The task of the stream: the record lower-cased. And the caller's check that a result is one.
std::string lower_text(std::string text);
bool is_lowered_text(const std::string& text, std::size_t bytes);

// Record `index` of the synthetic input: `bytes` characters of mixed-case text, deterministic.
std::string make_text_record(std::size_t index, std::size_t bytes);

}  // namespace poolscope::bench
