// Run models for every run of a trace, as the chart's exports and the window build them, for tests that lay
// out a ChartScene themselves.
#pragma once

#include <memory>
#include <vector>

#include "chart/run_model.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope_test {

struct ShownModels {
  std::vector<std::unique_ptr<poolscope::chart::RunModel>> owned;
  std::vector<poolscope::chart::RunModel*> shown;  // for ChartScene::setModels
};

// `finished`: each run is closed at its end (a finished run, as after a live one), else left as loaded.
inline ShownModels shownModels(const poolscope::Trace& trace, bool finished) {
  ShownModels models;
  for (const poolscope::RunTrace& run : trace.runs) {
    models.owned.push_back(std::make_unique<poolscope::chart::RunModel>());
    models.owned.back()->reset(run);
    if (finished) models.owned.back()->finish(run.end_ns);
    models.shown.push_back(models.owned.back().get());
  }
  return models;
}

}  // namespace poolscope_test
