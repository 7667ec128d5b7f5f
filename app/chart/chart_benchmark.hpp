// Chart scale benchmark (poolscope bench --chart): a 10,000-task / 16-worker trace rendered offscreen,
// and the cost of appending one live batch of 100 records. A QApplication must exist.
#pragma once

#include <cstddef>
#include <cstdint>

#include "poolscope/trace/task_record.hpp"

namespace poolscope::chart {

struct ChartBenchResult {
  std::size_t tasks = 0;
  int workers = 0;
  std::size_t batch = 0;
  double loadMs = 0.0;         // RunModel::reset with the whole trace
  double renderMs = 0.0;       // first full offscreen render at 1920x1080 (layout + paint into a QImage)
  double applyMs = 0.0;        // one batch of `batch` new records into a live model, and the scene told what
                               // changed: the O(batch) part (no painting)
  double appendMs = 0.0;       // the same, plus repainting only the region that changed
  double appendFullMs = 0.0;   // for contrast: the same batch followed by a full repaint
  double dirtyFraction = 0.0;  // share of the image the batch repainted (0..1)
};

// A synthetic finished imap run: `tasks` tasks of 1..20 ms spread over `workers` workers, deterministic.
RunTrace makeSyntheticTrace(std::size_t tasks = 10'000, int workers = 16, std::uint32_t seed = 1);

// Measures the figures above (best of `repeats`).
ChartBenchResult runChartBenchmark(std::size_t tasks = 10'000, int workers = 16, std::size_t batch = 100,
                                   int repeats = 3);

}  // namespace poolscope::chart
