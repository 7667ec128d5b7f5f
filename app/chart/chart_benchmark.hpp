// Chart scale benchmark (poolscope bench --chart): a 10,000-task / 16-worker trace rendered offscreen,
// and the cost of appending one live batch of 100 records. A QApplication must exist.
#pragma once

#include <cstddef>
#include <cstdint>

#include "poolscope/task_record.hpp"

namespace poolscope::chart {

struct ChartBenchResult {
  std::size_t tasks = 0;
  int workers = 0;
  std::size_t batch = 0;
  double load_ms = 0.0;          // RunModel::reset with the whole trace
  double render_ms = 0.0;        // first full offscreen render at 1920x1080 (layout + paint into a QImage)
  double append_ms = 0.0;        // apply one batch of `batch` new records to a live model + repaint what changed
  double append_full_ms = 0.0;   // for contrast: the same batch followed by a full repaint
};

// A synthetic finished imap run: `tasks` tasks of 1..20 ms spread over `workers` workers, deterministic.
RunTrace make_synthetic_trace(std::size_t tasks = 10'000, int workers = 16, std::uint32_t seed = 1);

// Measures the figures above (best of `repeats`).
ChartBenchResult run_chart_benchmark(std::size_t tasks = 10'000, int workers = 16, std::size_t batch = 100,
                                     int repeats = 3);

}  // namespace poolscope::chart
