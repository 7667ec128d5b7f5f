// MetricsView: a replay cursor shows the figures as they stood then (RunModel::metricsAt), and an open
// prediction hides every figure that depends on when results reached the caller.
#include "chart/metrics_view.hpp"

namespace poolscope::chart {

ShownMetrics shownMetrics(const RunModel& model, std::int64_t nowNs, const MetricsView& view) {
  ShownMetrics out;
  out.m = view.cursor ? model.metricsAt(*view.cursor) : model.metrics(model.finished() ? 0 : nowNs);
  out.restHidden = view.answersHidden;
  out.firstHidden = view.answersHidden && !view.firstRevealed;
  return out;
}

}  // namespace poolscope::chart
