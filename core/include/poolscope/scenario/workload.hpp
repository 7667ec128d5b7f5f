// The task every scenario run sends to the pool: double the input after sleeping or spinning for the
// task's duration, or (for the one chosen task) kill its own worker / throw, to show how failures look.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "poolscope/scenario/scenario.hpp"

namespace poolscope {

// What crosses to the worker for one task. Trivially copyable, so the codec ships it as raw bytes.
struct WorkloadArgs {
  std::int64_t input = 0;
  double seconds = 0.0;
  Workload workload = Workload::sleep;
  bool fail = false;  // this is the task that crashes (workload crash) or throws (workload raise)
};
static_assert(std::is_trivially_copyable_v<WorkloadArgs>);

// The trace shows a task's input as the scenario wrote it (`5`), not the whole argument struct.
std::string trace_repr(const WorkloadArgs& args);

// The pool task: returns 2 x input. With `fail` set, `crash` SIGKILLs the calling process after the
// duration and `raise` throws std::runtime_error after it, so the bar still shows how long it ran.
std::int64_t run_workload(WorkloadArgs args);

// Builds the argument of task `index` of a scenario.
WorkloadArgs workload_args(const Scenario& scenario, std::size_t index);

}  // namespace poolscope
