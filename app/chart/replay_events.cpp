// ReplayEvents: built on demand from the models (a step is a key press, so O(n log n) per step is fine), which
// keeps them right for a live run that has since finished, a trace just opened, or a compare view.
#include "chart/replay_events.hpp"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QLocale>

#include "chart/task_texts.hpp"

namespace poolscope::chart {

namespace {

constexpr double kSame = 1e-6;  // seconds: events this close are one moment

}  // namespace

std::vector<ReplayEvent> replayEvents(const std::vector<RunModel*>& models) {
  std::vector<ReplayEvent> events;
  for (std::size_t p = 0; p < models.size(); ++p) {
    const RunModel* m = models[p];
    if (m == nullptr) continue;
    for (const TaskRecord& t : m->run().tasks) {
      if (t.status == TaskStatus::pending || t.worker <= 0) continue;
      const int panel = static_cast<int>(p);
      events.push_back({m->seconds(t.start_ns), ReplayEvent::Kind::start, panel, t.index});
      if (is_finished(t.status)) {
        events.push_back({m->seconds(std::max(t.finish_ns, t.start_ns)), ReplayEvent::Kind::finish, panel, t.index});
      }
      if (t.emit_order >= 0) events.push_back({m->seconds(t.emit_ns), ReplayEvent::Kind::handOver, panel, t.index});
    }
  }
  std::stable_sort(events.begin(), events.end(), [](const ReplayEvent& a, const ReplayEvent& b) {
    if (a.tSeconds != b.tSeconds) return a.tSeconds < b.tSeconds;
    return a.panel < b.panel;
  });
  return events;
}

std::optional<ReplayEvent> nextEvent(const std::vector<ReplayEvent>& events, std::optional<double> cursor) {
  if (events.empty()) return std::nullopt;
  if (!cursor) return events.front();
  auto it = std::upper_bound(events.begin(), events.end(), *cursor + kSame,
                             [](double t, const ReplayEvent& e) { return t < e.tSeconds; });
  if (it == events.end()) return std::nullopt;
  return *it;
}

std::optional<ReplayEvent> previousEvent(const std::vector<ReplayEvent>& events, std::optional<double> cursor) {
  if (events.empty()) return std::nullopt;
  if (!cursor) return events.back();
  auto it = std::lower_bound(events.begin(), events.end(), *cursor - kSame,
                             [](const ReplayEvent& e, double t) { return e.tSeconds < t; });
  if (it == events.begin()) return std::nullopt;
  return *std::prev(it);
}

QString describeEvents(const std::vector<ReplayEvent>& events, double tSeconds, const std::vector<RunModel*>& models) {
  std::vector<const ReplayEvent*> here;
  for (const ReplayEvent& e : events) {
    if (std::fabs(e.tSeconds - tSeconds) <= kSame) here.push_back(&e);
  }
  const QString at = QStringLiteral("%1 s").arg(QLocale().toString(tSeconds, 'f', 3));
  if (here.empty()) return at;
  if (const int count = static_cast<int>(here.size()); count > 1) {
    return QCoreApplication::translate("poolscope::chart::ReplayEvents", "%1: %2 events at once").arg(at).arg(count);
  }
  const ReplayEvent& e = *here.front();
  const RunModel* m =
      static_cast<std::size_t>(e.panel) < models.size() ? models[static_cast<std::size_t>(e.panel)] : nullptr;
  if (m == nullptr) return at;
  const TaskRecord& t = m->run().tasks[e.task];
  const QString task = QCoreApplication::translate("poolscope::chart::ReplayEvents", "task %1 (input %2)")
                           .arg(t.index + 1)
                           .arg(displayValue(t.input));
  QString what;
  switch (e.kind) {
    case ReplayEvent::Kind::start:
      what = QCoreApplication::translate("poolscope::chart::ReplayEvents", "%1 started on Worker-%2")
                 .arg(task)
                 .arg(t.worker);
      break;
    case ReplayEvent::Kind::finish:
      what = QCoreApplication::translate("poolscope::chart::ReplayEvents", "%1 finished on Worker-%2")
                 .arg(task)
                 .arg(t.worker);
      break;
    case ReplayEvent::Kind::handOver:
      what = t.status == TaskStatus::ok
                 ? QCoreApplication::translate("poolscope::chart::ReplayEvents", "the caller receives %1's result")
                       .arg(task)
                 : QCoreApplication::translate("poolscope::chart::ReplayEvents", "the caller receives %1's exception")
                       .arg(task);
      break;
  }
  return QStringLiteral("%1: %2").arg(at, what);
}

}  // namespace poolscope::chart
