// The `--events` side channel of `poolscope lesson run`: one `@event {json}` line on stderr per process
// start / exit and per pool task, with times in seconds since the cell began.
#pragma once

#include "poolscope/lessons/lessons.hpp"
#include "poolscope/mp/process.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::lessons::events {

// Settings of the running cell (inherited by its forked processes).
const LessonSettings& settings();
void begin(const LessonSettings& settings);  // starts the clock and, with events on, the process hook

void process_event(const ProcessEvent& event);
void task_started(const TaskRecord& record);
void task_finished(const TaskRecord& record);
void task_emitted(const TaskRecord& record);

}  // namespace poolscope::lessons::events
