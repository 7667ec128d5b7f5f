// The figures `poolscope bench` measures, and their JSON form (what the comparison with Python reads).
// Each section is optional: only the parts that were run appear in the output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "poolscope/bench/bench_stats.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::bench {

// No-op tasks through one mode at one chunksize, with tracing off (as Python) or on (as the GUI runs it).
struct ThroughputFigure {
  Mode mode = Mode::map;
  bool auto_chunksize = false;  // true: `chunksize` is Python's map default, ceil(tasks / (4 x workers))
  int chunksize = 1;
  double tasks_per_s = 0.0;
  bool traced = false;  // PoolOptions::trace on, records published to a BufferedSink drained at ~60 Hz
};

// Time from constructing a pool until its first result is back (so every worker process exists).
struct StartupFigure {
  std::string method;  // "fork" or "forkserver"
  int workers = 0;
  double ms = 0.0;  // median of the repetitions
};

// The same no-op map with PoolOptions::trace on (records published to a sink) and off.
struct TracingFigure {
  double traced_tasks_per_s = 0.0;
  double untraced_tasks_per_s = 0.0;
  double overhead_percent() const;  // extra time per task with tracing; may be <= 0 within noise
};

// One streaming run: `records` text records lower-cased through imap (bounded) or map (holds all).
struct StreamRun {
  std::string via;  // "imap" or "map"
  std::size_t records = 0;
  double peak_rss_mib = 0.0;   // VmHWM of the calling process during the run
  double start_rss_mib = 0.0;  // VmRSS just before the run
  double seconds = 0.0;
  std::size_t max_in_flight = 0;  // most records read from the input but not yet received back (imap only)
};

struct StreamFigures {
  std::size_t record_bytes = 0;
  std::size_t window = 0;  // the bound on tasks in flight given to imap
  int chunksize = 1;
  std::size_t input_buffer_bytes = 0;   // PoolOptions::input_bytes used
  std::size_t result_buffer_bytes = 0;  // PoolOptions::result_bytes used (per worker)
  std::vector<StreamRun> runs;          // ordered by via, then records
  // Peak RSS at the largest N minus peak RSS at the smallest, per route (MiB); nullopt with one run.
  std::optional<double> growth_mib(const std::string& via) const;
};

// The Gantt chart's scale benchmark (filled by the app, which owns the chart).
struct ChartFigures {
  std::size_t tasks = 0;
  int workers = 0;
  std::size_t batch = 0;
  double load_ms = 0.0;
  double render_ms = 0.0;
  double apply_ms = 0.0;        // a batch into the live model and scene, without painting: the O(batch) part
  double append_ms = 0.0;       // the same plus repainting only what changed
  double append_full_ms = 0.0;  // the same batch followed by a full repaint, for contrast
  double dirty_fraction = 0.0;  // share of the image the batch repainted (0..1)
  // The full render again with many more tasks (render_big_tasks = 0: not measured).
  std::size_t render_big_tasks = 0;
  double load_big_ms = 0.0;
  double render_big_ms = 0.0;
};

struct BenchFigures {
  int cores = 0;
  int workers = 0;
  std::size_t tasks = 0;  // no-op tasks per throughput run
  int auto_chunksize = 1;
  std::vector<ThroughputFigure> throughput;
  std::optional<LatencySummary> apply_async;  // round trip of apply_async(noop).get()
  std::optional<LatencySummary> emission;     // worker finished -> caller received (trace records)
  std::vector<StartupFigure> startup;
  std::optional<TracingFigure> tracing;
  std::optional<StreamFigures> stream;
  std::optional<ChartFigures> chart;
};

// JSON object with these keys (sections only when measured; rates in tasks/s, times as named):
//   cores, workers, tasks, auto_chunksize
//   throughput_tasks_per_s: { <mode>_chunksize_<K> for every mode (map, imap, imap_unordered) and every
//                             measured chunksize K (default 1, 10, 100, 1000), and <mode>_chunksize_auto
//                             (Python's map default, the `auto_chunksize` above): map_chunksize_1, ... }
//   traced_throughput_tasks_per_s: { the same keys, the same runs with tracing on }
//   apply_async_us, emission_latency_us: { median, p99, max, samples }
//   startup_ms: { fork_2, fork_4, fork_8, forkserver_2, ... }
//   tracing: { traced_tasks_per_s, untraced_tasks_per_s, overhead_percent }
//   stream: { record_bytes, window, chunksize, input_buffer_bytes, result_buffer_bytes, imap: [run...], map: [run...],
//   imap_growth_mib, map_growth_mib }
//           run = { records, peak_rss_mib, start_rss_mib, seconds, records_per_s, max_in_flight (imap) }
//   chart: { tasks, workers, batch, load_ms, render_ms, apply_ms, append_ms, append_full_ms, dirty_fraction,
//            render_big_tasks, load_big_ms, render_big_ms (these three when measured) }
std::string to_json(const BenchFigures& figures, int indent = 2);

// "map_chunksize_1", "imap_chunksize_100", "imap_unordered_chunksize_auto", ...: the JSON key of a throughput
// figure within its object (throughput_tasks_per_s or, when traced, traced_throughput_tasks_per_s).
std::string throughput_key(const ThroughputFigure& figure);

}  // namespace poolscope::bench
