// What a run's metrics may say at a moment: the figures as they stood at a replay cursor, and a placeholder for
// what the class is still to predict. Shared by the panel header and the metrics table, so both agree.
#pragma once

#include <cstdint>
#include <optional>

#include <QString>

#include "chart/run_model.hpp"

namespace poolscope::chart {

struct MetricsView {
  std::optional<double> cursor;  // replay: the figures as of this time (seconds from the origin)
  bool answersHidden = false;    // predict, then reveal: not every hand-over is revealed yet
  bool firstRevealed = true;     // the first hand-over is revealed (so the time to the first result may show)
};

struct ShownMetrics {
  RunMetrics m;
  bool firstHidden = false;  // "first result" is a placeholder
  bool restHidden = false;   // wall, mean wait, peak held, idle, lost are placeholders
};

ShownMetrics shownMetrics(const RunModel& model, std::int64_t nowNs, const MetricsView& view);

// The placeholder of a hidden figure.
inline QString hiddenFigure() { return QStringLiteral("?"); }

}  // namespace poolscope::chart
