// The moments a step-by-step replay stops at: every task's start, finish and hand-over to the caller, in every
// panel shown, in time order; and where the previous / next one is from a cursor.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QString>

#include "chart/run_model.hpp"

namespace poolscope::chart {

struct ReplayEvent {
  enum class Kind : std::uint8_t { start, finish, handOver };
  double tSeconds = 0.0;  // from its run's origin (the panels share one time axis)
  Kind kind = Kind::start;
  int panel = 0;
  std::uint64_t task = 0;
};

// All events of `models` (null ones skipped), by time; at one time, panels top to bottom.
std::vector<ReplayEvent> replayEvents(const std::vector<RunModel*>& models);

// The first event after `cursor` (nullopt cursor = before everything: the first event), or nullopt at the end.
// Events closer than 1 µs to the cursor count as reached.
std::optional<ReplayEvent> nextEvent(const std::vector<ReplayEvent>& events, std::optional<double> cursor);
// The last event before `cursor` (nullopt cursor = after everything: the last event), or nullopt at the start.
std::optional<ReplayEvent> previousEvent(const std::vector<ReplayEvent>& events, std::optional<double> cursor);

// "1.00 s: task 2 (input 2) finished on Worker-2" (tasks numbered from 1, as in the task list); every event at
// that same time counts ("3 hand-overs").
QString describeEvents(const std::vector<ReplayEvent>& events, double tSeconds, const std::vector<RunModel*>& models);

}  // namespace poolscope::chart
