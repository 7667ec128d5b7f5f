// Runs a scenario through a Pool in one mode and returns its trace.
// Shared by the CLI, the GUI's run controller, the conformance tests and the benchmarks.
#pragma once

#include <functional>

#include "poolscope/pool/pool.hpp"
#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope {

struct RunOptions {
  StartMethod start_method = StartMethod::fork;
  TraceSink* sink = nullptr;  // live progress, optional
  // Called on the driving thread each time the caller receives a result (or an error), in emission order.
  std::function<void(const TaskRecord&)> on_emit;
  // Called on the driving thread once the workers exist, just before the tasks are submitted, with the
  // run's origin (RunTrace::origin_ns): the instant the trace's and the CLI's times count from.
  std::function<void(std::int64_t origin_ns)> on_start;
  // Set from any thread (or a signal handler) to stop the run; run_scenario then throws PoolStopped.
  StopFlag* stop = nullptr;
};

// Runs `scenario` in `mode` (the scenario's own mode is ignored). Failed tasks do not throw: they are
// recorded with status error / crashed. Throws InputError for an invalid scenario, PoolStopped if stopped.
RunTrace run_scenario(const Scenario& scenario, Mode mode, const RunOptions& options = {});

}  // namespace poolscope
