// Chart scale benchmark (poolscope bench --chart): a large trace rendered offscreen, and the cost of one live
// 60 Hz frame (a batch of 100 records, "now" moved on, the view repainted). A QApplication must exist.
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
  double renderMs = 0.0;       // first full offscreen render at 1920x1080 (scene, layout, paint into a QImage)
  double applyMs = 0.0;        // one batch of `batch` new records into a live model and "now" moved on: the model
                               // and scene work, no painting
  double appendMs = 0.0;       // the same, then the window's view repaints what it was told changed
  double appendFullMs = 0.0;   // for contrast: the same batch followed by a repaint of the whole view
  double dirtyFraction = 0.0;  // share of the view the batch repainted (0..1)
  // The full offscreen render again at a larger size (0 tasks = not measured).
  std::size_t bigTasks = 0;
  double bigLoadMs = 0.0;
  double bigRenderMs = 0.0;
};

// A synthetic finished imap run: `tasks` tasks of 1..20 ms spread over `workers` workers, deterministic.
RunTrace makeSyntheticTrace(std::size_t tasks = 10'000, int workers = 16, std::uint32_t seed = 1);

// Measures the figures above (best of `repeats`); `bigTasks` > 0 adds the full render of that many tasks.
ChartBenchResult runChartBenchmark(std::size_t tasks = 10'000, int workers = 16, std::size_t batch = 100,
                                   int repeats = 3, std::size_t bigTasks = 0);

}  // namespace poolscope::chart
