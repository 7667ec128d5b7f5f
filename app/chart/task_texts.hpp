// What the chart says about tasks in words: the label inside a bar, the tooltip of a bar or marker, and how
// a JSON value reads on screen. Shared by the Gantt item and anything else that names a task.
#pragma once

#include <cstddef>
#include <string>

#include <QFontMetricsF>
#include <QString>

#include "chart/run_model.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::chart {

// Display form of a JSON literal: strings lose their quotes, long text is cut.
QString displayValue(const std::string& jsonLiteral);
// The label of a bar `room` pixels wide: "5 → 10", else just the input, else "" (a failed task's message is
// elided instead). A result not to be shown yet (predict, then reveal) reads "5 → ?"; an unfinished task the
// run's Stop cut off (`cancelled`) reads "5 cancelled".
QString barText(const TaskRecord& task, double room, const QFontMetricsF& fm, bool resultShown = true,
                bool cancelled = false);
// Tooltip of a task's bar or of its own marker in the caller lane; `fateShown` adds why a result never reached
// the caller (left out while the viewer is still to predict it).
QString taskTooltip(const RunModel& model, const TaskRecord& task, bool fateShown = true);
// Why a finished task's result (or exception) never reached the caller, in one line; "" if it did.
QString neverHandedOverReason(const RunModel& model, const TaskRecord& task);
// The caller lane's note on a finished run that lost results: "map raised: no result handed over (5 computed)",
// "2 results computed but never handed over"; "" when every result reached the caller.
QString lostResultsNote(const RunModel& model);
// Tooltip of a marker for the results at emission positions first..last (handed over together).
QString arrivalTooltip(const RunModel& model, std::size_t first, std::size_t last);

}  // namespace poolscope::chart
