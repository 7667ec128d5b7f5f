// Hand-made traces for the chart tests: the notebook's examples scheduled the way Python's Pool would,
// with exact timestamps, so expected bars, markers and held-results values can be written down.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/trace/task_record.hpp"

namespace poolscope_test {

inline constexpr std::int64_t kOrigin = 5'000'000'000;  // monotonic ns of a run's start
inline constexpr std::int64_t kSecond = 1'000'000'000;

struct TraceSpec {
  poolscope::Mode mode = poolscope::Mode::map;
  int workers = 3;
  int chunksize = 1;
  std::vector<std::int64_t> inputs;
  std::vector<double> durations;  // seconds
  std::optional<std::size_t> failTask;
  std::string label = "PoolScope";
};

inline TraceSpec spec(poolscope::Mode mode, int workers, int chunksize, std::vector<std::int64_t> inputs,
                      std::vector<double> durations, std::optional<std::size_t> failTask = std::nullopt) {
  TraceSpec s;
  s.mode = mode;
  s.workers = workers;
  s.chunksize = chunksize;
  s.inputs = std::move(inputs);
  s.durations = std::move(durations);
  s.failTask = failTask;
  return s;
}

// Workers take the next chunk when idle (Worker-1 first on ties); a chunk's results reach the pool when the
// chunk is done; map hands everything over at the end, imap in input order, imap_unordered as they arrive.
inline poolscope::RunTrace makeTrace(const TraceSpec& spec) {
  using namespace poolscope;
  RunTrace run;
  run.mode = spec.mode;
  run.workers = spec.workers;
  run.chunksize = spec.chunksize;
  run.label = spec.label;
  run.caller_pid = 5580;
  run.origin_ns = kOrigin;
  for (int w = 1; w <= spec.workers; ++w) run.processes.push_back({w, 5580 + w});
  std::vector<std::int64_t> freeAt(static_cast<std::size_t>(spec.workers), kOrigin);
  const std::size_t n = spec.inputs.size();
  std::vector<std::int64_t> available(n, 0);
  for (std::size_t first = 0; first < n; first += static_cast<std::size_t>(spec.chunksize)) {
    const auto it = std::min_element(freeAt.begin(), freeAt.end());
    const int worker = static_cast<int>(it - freeAt.begin()) + 1;
    std::int64_t t = *it;
    const std::size_t last = std::min(n, first + static_cast<std::size_t>(spec.chunksize));
    for (std::size_t i = first; i < last; ++i) {
      TaskRecord r;
      r.index = i;
      r.input = std::to_string(spec.inputs[i]);
      r.worker = worker;
      r.pid = 5580 + worker;
      r.chunk = first / static_cast<std::size_t>(spec.chunksize);
      r.submit_ns = kOrigin;
      r.start_ns = t;
      t += static_cast<std::int64_t>(spec.durations[i] * static_cast<double>(kSecond));
      r.finish_ns = t;
      if (spec.failTask && *spec.failTask == i) {
        r.status = TaskStatus::error;
        r.message = "ValueError: bad input " + r.input;
      } else {
        r.status = TaskStatus::ok;
        r.result = std::to_string(2 * spec.inputs[i]);
      }
      run.tasks.push_back(r);
    }
    for (std::size_t i = first; i < last; ++i) available[i] = t;
    *it = t;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::int64_t allDone = kOrigin;
  for (std::int64_t a : available) allDone = std::max(allDone, a);
  if (spec.mode == Mode::imap_unordered) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return available[a] < available[b]; });
  }
  std::int64_t previous = kOrigin;
  for (std::size_t k = 0; k < n; ++k) {
    TaskRecord& r = run.tasks[order[k]];
    // Handing a result over takes the caller a moment (0.4 ms here), as it does in a real run.
    constexpr std::int64_t kDelivery = 400'000;
    std::int64_t emittedAt =
        spec.mode == Mode::map ? allDone + kDelivery : std::max(available[order[k]] + kDelivery, previous);
    r.emit_ns = emittedAt;
    r.emit_order = static_cast<std::int64_t>(k);
    previous = emittedAt;
  }
  run.end_ns = previous;
  return run;
}

// The notebook's three timing examples (Pool(3), result = 2 x input).
inline poolscope::RunTrace in12Map() { return makeTrace(spec(poolscope::Mode::map, 3, 1, {5, 10, 20}, {3, 3, 3})); }
inline poolscope::RunTrace in14Imap() { return makeTrace(spec(poolscope::Mode::imap, 3, 1, {1, 2, 3}, {1, 2, 3})); }
inline poolscope::RunTrace in15ImapUnordered() {
  return makeTrace(spec(poolscope::Mode::imap_unordered, 3, 1, {1, 2, 3}, {2, 1, 0}));
}

// slow-first: the first task twice as long as the others, the same tasks in all three modes.
inline poolscope::Trace slowFirstCompare(int tasks = 6) {
  std::vector<std::int64_t> inputs;
  std::vector<double> durations;
  for (int i = 0; i < tasks; ++i) {
    inputs.push_back(i + 1);
    durations.push_back(i == 0 ? 2.0 : 1.0);
  }
  poolscope::Trace trace;
  for (auto mode : {poolscope::Mode::map, poolscope::Mode::imap, poolscope::Mode::imap_unordered}) {
    trace.runs.push_back(makeTrace(spec(mode, 3, 1, inputs, durations)));
  }
  return trace;
}

}  // namespace poolscope_test
