// Where the caller lane's markers go: each shows the results that reached the caller at one instant, in their
// tasks' colours, stacked in levels so none hides another and kept inside the plot so none is cut.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <QFont>
#include <QRectF>
#include <QString>

#include "chart/run_model.hpp"
#include "chart/time_scale.hpp"

namespace poolscope::chart {

class MarkerLayout {
 public:
  // One marker: the results at emission positions first..last.
  struct Marker {
    std::size_t first = 0;
    std::size_t last = 0;
    double left = 0.0;  // scene x of its left edge
    double width = 0.0;
    int level = 0;
    bool failed = false;  // any of its results is an exception
  };
  // One value in a marker: a task's result ("✗" for a failure), drawn in the task's colour.
  struct Chip {
    std::uint64_t task = 0;
    QString text;
    double width = 0.0;
    bool failed = false;
  };

  // Starts over for a lane spanning plotLeft..plotRight with `levels` rows of markers `diameter` high.
  // `clampToPlot`: a marker near an edge is pushed inside (off when zoomed in: it then sits at its time).
  void reset(std::size_t tasks, int levels, double plotLeft, double plotRight, double diameter, const QFont& font,
             bool clampToPlot = true);
  // Places the markers of emission positions placed()..end (live runs add results at the end).
  void place(const RunModel& model, const TimeScale& scale);
  std::size_t placed() const { return placed_; }
  const std::vector<Marker>& markers() const { return markers_; }
  // The marker that holds task `index`'s result, or -1.
  std::int64_t markerOf(std::uint64_t index) const;

  // The values of emission positions first..last of `marker` (last may be cut short by a replay cursor). Many
  // results at one instant fold into one neutral chip "2 … 200" (the tooltip lists them in arrival order).
  std::vector<Chip> chips(const RunModel& model, const Marker& marker, std::size_t last) const;
  // Scene rectangle of `marker` showing positions first..last, in a lane whose first level starts at `top`.
  QRectF rect(const RunModel& model, const Marker& marker, std::size_t last, double top) const;
  double diameter() const { return diameter_; }

 private:
  double widthOf(const std::vector<Chip>& chips) const;

  QFont font_;
  double plotLeft_ = 0.0;
  double plotRight_ = 0.0;
  double diameter_ = 24.0;
  int levels_ = 1;
  bool clamp_ = true;
  std::size_t placed_ = 0;
  std::vector<Marker> markers_;
  std::vector<double> levelEnd_;            // greedy placement state: right end of each level
  std::vector<std::int64_t> markerOfTask_;  // task index -> marker, -1
  std::vector<double> anchor_;              // per marker: scene x of its first result's emission
};

}  // namespace poolscope::chart
