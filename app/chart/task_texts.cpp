// TaskTexts: labels and tooltips of the chart. Tooltips are built on hover only, so their cost does not
// matter; bar labels are measured on every paint and give up early when nothing fits.
#include "chart/task_texts.hpp"

#include <algorithm>

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace poolscope::chart {

namespace {

// In the interface language's format: "1,500 s" in Russian.
QString secondsText(double s) { return QStringLiteral("%1 s").arg(QLocale().toString(s, 'f', 3)); }

}  // namespace

QString displayValue(const std::string& jsonLiteral) {
  QString text = QString::fromStdString(jsonLiteral);
  if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"'))) {
    text = text.mid(1, text.size() - 2);
  }
  if (text.size() > 40) text = text.left(39) + QStringLiteral("…");
  return text;
}

QString barText(const TaskRecord& task, double room, const QFontMetricsF& fm, bool resultShown, bool cancelled) {
  if (room < fm.averageCharWidth() * 1.5) return {};
  const QString input = displayValue(task.input);
  QString full;
  if (task.status == TaskStatus::ok) {
    full = input + QStringLiteral(" → ") + (resultShown ? displayValue(task.result) : QStringLiteral("?"));
  } else if (task.status == TaskStatus::error || task.status == TaskStatus::crashed) {
    QString what = task.message.empty() ? (task.status == TaskStatus::crashed
                                               ? QCoreApplication::translate("poolscope::chart::GanttItem", "crashed")
                                               : QCoreApplication::translate("poolscope::chart::GanttItem", "error"))
                                        : QString::fromStdString(task.message);
    // The exception's type without its namespace fits a bar better: "invalid_argument: bad input".
    if (const auto& type = task.exception_type; !type.empty()) {
      const auto colons = type.rfind("::");
      what = QString::fromStdString(colons == std::string::npos ? type : type.substr(colons + 2)) +
             QStringLiteral(": ") + what;
    }
    full = input + QStringLiteral(" ✗ ") + what;
    if (fm.horizontalAdvance(full) > room) return fm.elidedText(full, Qt::ElideRight, room);
    return full;
  } else if (cancelled) {
    full = input + QLatin1Char(' ') + QCoreApplication::translate("poolscope::chart::GanttItem", "cancelled");
  } else {
    full = input + QStringLiteral(" …");
  }
  if (fm.horizontalAdvance(full) <= room) return full;
  if (fm.horizontalAdvance(input) <= room) return input;
  return {};
}

QString arrivalTooltip(const RunModel& model, std::size_t first, std::size_t last) {
  const auto& order = model.emissionOrder();
  QStringList lines;
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Results %1–%2 handed to the caller at %3")
               .arg(first + 1)
               .arg(last + 1)
               .arg(secondsText(model.seconds(model.run().tasks[order[first]].emit_ns)));
  for (std::size_t k = first; k <= last && k < first + 12; ++k) {
    const TaskRecord& m = model.run().tasks[order[k]];
    const double waited = model.seconds(m.emit_ns) - model.seconds(std::max(m.finish_ns, m.start_ns));
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "#%1  task %2: %3 → %4, waited %5")
                 .arg(k + 1)
                 .arg(m.index + 1)
                 .arg(displayValue(m.input))
                 .arg(m.status == TaskStatus::ok ? displayValue(m.result)
                                                 : QCoreApplication::translate("poolscope::chart::GanttItem", "failed"))
                 .arg(secondsText(waited));
  }
  if (last >= first + 12)
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "… and %1 more").arg(last - first - 11);
  return lines.join(QLatin1Char('\n'));
}

QString taskTooltip(const RunModel& model, const TaskRecord& t, bool fateShown) {
  QStringList lines;
  // Tasks are numbered from 1 everywhere in the window, as in the task list.
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Task %1 — input %2")
               .arg(t.index + 1)
               .arg(displayValue(t.input));
  if (t.status == TaskStatus::ok)
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Result: %1").arg(displayValue(t.result));
  if (t.status == TaskStatus::error || t.status == TaskStatus::crashed) {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Failed (%1): %2")
                 .arg(t.status == TaskStatus::crashed
                          ? QCoreApplication::translate("poolscope::chart::GanttItem", "crashed")
                          : QCoreApplication::translate("poolscope::chart::GanttItem", "error"),
                      QString::fromStdString(t.exception_type.empty() ? t.message
                                                                      : t.exception_type + ": " + t.message));
  }
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Worker-%1 (pid %2)").arg(t.worker).arg(t.pid);
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Started: %1")
               .arg(secondsText(model.seconds(t.start_ns)));
  if (is_finished(t.status)) {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Finished: %1")
                 .arg(secondsText(model.seconds(std::max(t.finish_ns, t.start_ns))));
  } else if (model.finished()) {
    // The run ended with this task unfinished: Stop (or the end of a recording) cut it off.
    lines << QCoreApplication::translate("poolscope::chart::GanttItem",
                                         "Cancelled: the run was stopped before it finished");
  } else {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Running");
  }
  if (const double planned = model.plannedSeconds(t.index); planned >= 0.0 && model.run().workload == "spin") {
    const QString cores = model.coresNote();
    lines << (cores.isEmpty() ? QCoreApplication::translate("poolscope::chart::GanttItem", "Planned: %1 of CPU")
                                    .arg(secondsText(planned))
                              : QCoreApplication::translate("poolscope::chart::GanttItem", "Planned: %1 of CPU (%2)")
                                    .arg(secondsText(planned), cores));
  }
  const bool failed = t.status == TaskStatus::error || t.status == TaskStatus::crashed;
  if (t.emit_order >= 0) {
    lines << (failed ? QCoreApplication::translate("poolscope::chart::GanttItem", "Raised in the caller: %1 (#%2)")
                     : QCoreApplication::translate("poolscope::chart::GanttItem", "Handed to the caller: %1 (#%2)"))
                 .arg(secondsText(model.seconds(t.emit_ns)))
                 .arg(t.emit_order + 1);
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Waited: %1")
                 .arg(secondsText(model.seconds(t.emit_ns) - model.seconds(std::max(t.finish_ns, t.start_ns))));
  }
  if (const QString why = fateShown ? neverHandedOverReason(model, t) : QString(); !why.isEmpty()) lines << why;
  if (model.run().chunksize > 1)
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Chunk %1").arg(t.chunk + 1);
  return lines.join(QLatin1Char('\n'));
}

QString neverHandedOverReason(const RunModel& model, const TaskRecord& t) {
  if (!model.neverHandedOver(t)) return {};
  const auto& tasks = model.run().tasks;
  auto isFailed = [](const TaskRecord& r) { return r.status == TaskStatus::error || r.status == TaskStatus::crashed; };
  if (isFailed(t)) {
    return model.run().mode == Mode::map
               ? QCoreApplication::translate("poolscope::chart::GanttItem",
                                             "Its exception never reached the caller: map raises only the first "
                                             "exception to arrive")
               : QCoreApplication::translate("poolscope::chart::GanttItem",
                                             "Its exception never reached the caller: the caller's loop had ended");
  }
  if (model.run().mode == Mode::map) {
    return QCoreApplication::translate("poolscope::chart::GanttItem",
                                       "Computed, but never handed to the caller: map raised an exception and "
                                       "handed over no result");
  }
  if (model.run().chunksize > 1) {
    for (const TaskRecord& other : tasks) {
      if (other.chunk == t.chunk && other.index != t.index && isFailed(other)) {
        return QCoreApplication::translate("poolscope::chart::GanttItem",
                                           "Computed, but never handed to the caller: lost with its chunk (task %1 "
                                           "raised)")
            .arg(other.index + 1);
      }
    }
  }
  return QCoreApplication::translate("poolscope::chart::GanttItem",
                                     "Computed, but never handed to the caller: the caller's loop ended at an "
                                     "exception before it");
}

QString lostResultsNote(const RunModel& model) {
  const RunMetrics m = model.metrics();
  if (m.lost == 0) return {};
  const int lost = static_cast<int>(m.lost);
  std::size_t handedResults = 0;
  for (std::uint64_t i : model.emissionOrder()) handedResults += model.run().tasks[i].status == TaskStatus::ok ? 1 : 0;
  if (handedResults == 0 && model.run().mode == Mode::map) {
    return QCoreApplication::translate("poolscope::chart::GanttItem", "map raised: no result handed over (%n computed)",
                                       nullptr, lost);
  }
  return QCoreApplication::translate("poolscope::chart::GanttItem", "Computed but never handed over: %1").arg(lost);
}

}  // namespace poolscope::chart
