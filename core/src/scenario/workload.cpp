// The scenario task. Sleeping uses an absolute deadline so signals (EINTR) cannot stretch or cut it;
// spinning counts CPU time, so a task is a fixed amount of work that slows down when cores are shared.
#include "poolscope/scenario/workload.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <stdexcept>

#include "poolscope/util/clock.hpp"

namespace poolscope {
namespace {

void sleep_until(std::int64_t deadline_ns) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(deadline_ns / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(deadline_ns % 1'000'000'000);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {}
}

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// A CPU-bound task is a fixed amount of work, not a fixed wall time: it burns `ns` of CPU time, so with
// more workers than cores each task takes longer on the chart, as the same Python function would.
void spin_for_cpu(std::int64_t ns) {
  const std::int64_t end = thread_cpu_ns() + ns;
  volatile std::uint64_t sink = 0;
  while (thread_cpu_ns() < end) {
    for (int i = 0; i < 1000; ++i) sink = sink + static_cast<std::uint64_t>(i);
  }
}

}  // namespace

std::string trace_repr(const WorkloadArgs& args) { return std::to_string(args.input); }

std::int64_t run_workload(WorkloadArgs args) {
  const double seconds = args.seconds > 0 ? args.seconds : 0.0;
  const std::int64_t deadline = monotonic_ns() + static_cast<std::int64_t>(seconds * 1e9);
  if (args.workload == Workload::spin) {
    spin_for_cpu(static_cast<std::int64_t>(seconds * 1e9));
  } else if (seconds > 0) {
    sleep_until(deadline);
  }
  if (args.fail) {
    if (args.workload == Workload::crash) {
      // The worker dies the way a segfault or the OOM killer would kill it: no cleanup, no goodbye.
      ::kill(::getpid(), SIGKILL);
      ::pause();
    }
    if (args.workload == Workload::raise) {
      throw std::runtime_error("task with input " + std::to_string(args.input) +
                               " raised an error on purpose (workload raise)");
    }
  }
  return 2 * args.input;
}

WorkloadArgs workload_args(const Scenario& scenario, std::size_t index) {
  WorkloadArgs args;
  args.input = scenario.inputs.at(index);
  args.seconds = scenario.durations.at(index);
  args.workload = scenario.workload;
  args.fail = scenario.fail_task && *scenario.fail_task == index &&
              (scenario.workload == Workload::crash || scenario.workload == Workload::raise);
  return args;
}

}  // namespace poolscope
