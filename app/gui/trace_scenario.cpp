#include "gui/trace_scenario.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "poolscope/util/errors.hpp"

namespace poolscope::gui {

namespace {

constexpr std::size_t kMaxLiveTasks = 100'000;

bool parseInteger(const std::string& text, std::int64_t& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

Scenario scenarioFromRun(const RunTrace& run) {
  if (run.tasks.empty()) throw InputError("The trace's run has no task to run again.");
  if (run.tasks.size() > kMaxLiveTasks) {
    throw InputError("The trace has " + std::to_string(run.tasks.size()) + " tasks; a live run takes at most " +
                     std::to_string(kMaxLiveTasks) + ".");
  }
  Scenario scenario;
  scenario.mode = run.mode;
  int workers = run.workers;
  for (const WorkerProcess& p : run.processes) workers = std::max(workers, p.worker);
  for (const TaskRecord& t : run.tasks) workers = std::max(workers, t.worker);
  scenario.workers = std::clamp(workers, 1, kMaxWorkers);
  scenario.chunksize = std::max(run.chunksize, 0);
  scenario.workload = run.workload == "spin" ? Workload::spin : Workload::sleep;

  bool integers = true;
  for (const TaskRecord& t : run.tasks) {
    std::int64_t value = 0;
    integers = integers && parseInteger(t.input, value);
    scenario.inputs.push_back(value);
    const std::int64_t ns = t.start_ns > 0 && t.finish_ns > t.start_ns ? t.finish_ns - t.start_ns : 0;
    scenario.durations.push_back(std::min(static_cast<double>(ns) / 1e9, kMaxTaskSeconds));
  }
  if (!integers) {
    for (std::size_t i = 0; i < scenario.inputs.size(); ++i) scenario.inputs[i] = static_cast<std::int64_t>(i) + 1;
  }
  validate(scenario);
  return scenario;
}

}  // namespace poolscope::gui
