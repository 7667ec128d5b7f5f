// MarkerLayout: greedy interval packing in emission order, as a live run delivers results left to right,
// so placing the newest results never moves the markers already drawn.
#include "chart/marker_layout.hpp"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>

#include "chart/task_texts.hpp"

namespace poolscope::chart {

namespace {

constexpr std::size_t kMaxChips = 8;  // more values at one instant fold into "first … last"
constexpr double kChipGap = 2.0;

bool isFailed(const TaskRecord& t) { return t.status == TaskStatus::error || t.status == TaskStatus::crashed; }

}  // namespace

void MarkerLayout::reset(std::size_t tasks, int levels, double plotLeft, double plotRight, double diameter,
                         const QFont& font, bool clampToPlot) {
  font_ = font;
  clamp_ = clampToPlot;
  plotLeft_ = plotLeft;
  plotRight_ = plotRight;
  diameter_ = diameter;
  levels_ = std::max(1, levels);
  placed_ = 0;
  markers_.clear();
  anchor_.clear();
  levelEnd_.assign(static_cast<std::size_t>(levels_), -1e18);
  markerOfTask_.assign(tasks, -1);
}

std::int64_t MarkerLayout::markerOf(std::uint64_t index) const {
  return index < markerOfTask_.size() ? markerOfTask_[index] : -1;
}

std::vector<MarkerLayout::Chip> MarkerLayout::chips(const RunModel& model, const Marker& marker,
                                                    std::size_t last) const {
  const auto& order = model.emissionOrder();
  const auto& tasks = model.run().tasks;
  last = std::min({last, marker.last, order.empty() ? 0 : order.size() - 1});
  const QFontMetricsF fm(font_);
  auto chip = [&](std::uint64_t task, const QString& text, bool failed) {
    return Chip{task, text, std::max(diameter_, fm.horizontalAdvance(text) + 14.0), failed};
  };
  std::vector<Chip> out;
  if (marker.first >= order.size()) return out;
  const std::size_t count = last - marker.first + 1;
  const std::size_t all = marker.last - marker.first + 1;
  // The exception the caller received says so: it is the one thing in the lane that is not a result.
  auto textOf = [](const TaskRecord& t) {
    return isFailed(t) ? QStringLiteral("✗ ") + QCoreApplication::translate("poolscope::chart::GanttItem", "exception")
                       : displayValue(t.result);
  };
  if (all > kMaxChips) {
    const TaskRecord& a = tasks[order[marker.first]];
    const TaskRecord& b = tasks[order[last]];
    const QString text = count == 1 ? textOf(a) : textOf(a) + QStringLiteral(" … ") + textOf(b);
    bool failed = false;
    for (std::size_t k = marker.first; k <= last; ++k) failed = failed || isFailed(tasks[order[k]]);
    out.push_back(chip(order[marker.first], text, failed));
    return out;
  }
  for (std::size_t k = marker.first; k <= last; ++k) {
    const TaskRecord& t = tasks[order[k]];
    out.push_back(chip(t.index, textOf(t), isFailed(t)));
  }
  return out;
}

double MarkerLayout::widthOf(const std::vector<Chip>& chips) const {
  double w = 0.0;
  for (const Chip& c : chips) w += c.width;
  return w + kChipGap * static_cast<double>(chips.empty() ? 0 : chips.size() - 1);
}

QRectF MarkerLayout::rect(const RunModel& model, const Marker& marker, std::size_t last, double top) const {
  const double w = last >= marker.last ? marker.width : widthOf(chips(model, marker, last));
  return QRectF(marker.left, top + marker.level * (diameter_ + 4.0), w, diameter_);
}

void MarkerLayout::place(const RunModel& model, const TimeScale& scale) {
  const auto& order = model.emissionOrder();
  const auto& tasks = model.run().tasks;
  if (markerOfTask_.size() < tasks.size()) markerOfTask_.resize(tasks.size(), -1);
  auto fit = [this](Marker& m, double anchor) {
    // Centred on the moment of hand-over, then pushed inside the plot: a marker at 0 s is not cut in half.
    m.left = anchor - m.width / 2.0;
    if (!clamp_) return;
    m.left = std::clamp(anchor - m.width / 2.0, plotLeft_ + 1.0, std::max(plotLeft_ + 1.0, plotRight_ - m.width - 1.0));
  };
  for (std::size_t k = placed_; k < order.size(); ++k) {
    const TaskRecord& task = tasks[order[k]];
    const double x = scale.x(model.seconds(task.emit_ns));
    const double waitStart = scale.x(model.seconds(std::max(task.finish_ns, task.start_ns))) - 3.0;
    if (!markers_.empty() && markers_.back().last + 1 == k && std::fabs(x - anchor_.back()) <= diameter_ * 0.6) {
      Marker& m = markers_.back();
      m.last = k;
      m.failed = m.failed || isFailed(task);
      m.width = widthOf(chips(model, m, m.last));
      fit(m, anchor_.back());
      auto& end = levelEnd_[static_cast<std::size_t>(m.level)];
      end = std::max(end, m.left + m.width + 3.0);
      markerOfTask_[order[k]] = static_cast<std::int64_t>(markers_.size() - 1);
      continue;
    }
    Marker m;
    m.first = m.last = k;
    m.failed = isFailed(task);
    m.width = widthOf(chips(model, m, k));
    fit(m, x);
    // The lowest level whose last marker (and its shaded wait) ends before this one's wait begins; if none is
    // free, the level that frees up first.
    int level = -1;
    for (int l = 0; l < levels_; ++l) {
      if (levelEnd_[static_cast<std::size_t>(l)] <= std::min(waitStart, m.left - 3.0)) {
        level = l;
        break;
      }
    }
    if (level < 0) level = static_cast<int>(std::min_element(levelEnd_.begin(), levelEnd_.end()) - levelEnd_.begin());
    m.level = level;
    levelEnd_[static_cast<std::size_t>(level)] = m.left + m.width + 3.0;
    markers_.push_back(m);
    anchor_.push_back(x);
    markerOfTask_[order[k]] = static_cast<std::int64_t>(markers_.size() - 1);
  }
  placed_ = order.size();
}

}  // namespace poolscope::chart
