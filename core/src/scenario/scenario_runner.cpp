// Drives one mode of a scenario through a fresh Pool and keeps every task's final record.
// A failed task is part of the lesson, not an error of the run: it is recorded and the run goes on.
#include "poolscope/scenario/scenario_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "poolscope/scenario/workload.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope {
namespace {

// Keeps each task's latest snapshot (the pool publishes one whenever a task starts, finishes or is
// handed over) and passes them on to the caller's sink. Tasks whose results never reach the caller
// (lost with a failed chunk, after the caller's loop ended, in a map that raised) are known only here.
class RunCollector final : public TraceSink {
 public:
  RunCollector(RunTrace& run, const RunOptions& options) : run_(run), options_(options) {}

  void publish(std::span<const TaskRecord> changed) override {
    for (const TaskRecord& record : changed) {
      if (record.index < run_.tasks.size() && record.emit_order < 0) settle(record);
    }
    if (options_.sink != nullptr) options_.sink->publish(changed);
  }

  // The pool's own hand-over: the caller's sink (the GUI's BufferedSink) gets the compact batch itself.
  void publish_snapshots(SnapshotBatch& batch) override {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const TaskSnapshot& s = batch[i];
      if (s.index >= run_.tasks.size() || s.emit_order >= 0) continue;
      batch.fill(i, scratch_);
      settle(scratch_);
    }
    if (options_.sink != nullptr) options_.sink->publish_snapshots(batch);
  }

  // The caller just received `record` (a result or a failure).
  void emitted(const TaskRecord& record) {
    if (record.index >= run_.tasks.size()) return;
    TaskRecord& slot = settle(record);
    if (slot.emit_order < 0) slot.emit_order = next_order_;
    if (slot.emit_ns == 0) slot.emit_ns = monotonic_ns();
    next_order_ = std::max(next_order_, slot.emit_order + 1);
    run_.end_ns = std::max(run_.end_ns, slot.emit_ns);
    if (options_.on_emit) options_.on_emit(slot);
  }

  void add_processes(const std::vector<WorkerProcess>& processes) {
    for (const auto& p : processes) {
      if (p.pid > 0) pids_.emplace(p.worker, p.pid);
    }
  }

  void finish() {
    run_.processes.clear();
    for (const auto& [worker, pid] : pids_) run_.processes.push_back({worker, pid});
    if (run_.end_ns == 0) run_.end_ns = monotonic_ns();
  }

 private:
  TaskRecord& settle(const TaskRecord& record) {
    TaskRecord& slot = run_.tasks[record.index];
    if (slot.emit_order >= 0) return slot;  // handed over: that snapshot is final
    std::string input = std::move(slot.input);
    slot = record;
    if (slot.input.empty()) slot.input = std::move(input);
    if (slot.pid > 0) pids_.emplace(slot.worker, slot.pid);
    return slot;
  }

  RunTrace& run_;
  const RunOptions& options_;
  std::int64_t next_order_ = 0;
  std::set<std::pair<int, int>> pids_;
  TaskRecord scratch_;  // a snapshot as a record, reusing its strings
};

}  // namespace

RunTrace run_scenario(const Scenario& scenario, Mode mode, const RunOptions& options) {
  validate(scenario);

  std::vector<WorkloadArgs> args;
  args.reserve(scenario.size());
  for (std::size_t i = 0; i < scenario.size(); ++i) args.push_back(workload_args(scenario, i));

  RunTrace run;
  run.mode = mode;
  run.workers = scenario.workers;
  run.chunksize = effective_chunksize(mode, scenario.chunksize, scenario.size(), scenario.workers);
  run.workload = std::string(to_string(scenario.workload));
  run.label = "PoolScope";
  run.caller_pid = static_cast<int>(::getpid());
  run.tasks.resize(scenario.size());
  for (std::size_t i = 0; i < scenario.size(); ++i) {
    run.tasks[i].index = i;
    run.tasks[i].input = std::to_string(scenario.inputs[i]);
  }

  PoolOptions pool_options;
  pool_options.start_method = options.start_method;
  RunCollector collector(run, options);
  pool_options.sink = &collector;
  pool_options.trace = true;
  pool_options.stop = options.stop;
  pool_options.maxtasksperchild = scenario.maxtasksperchild;

  Pool pool(scenario.workers, pool_options);
  collector.add_processes(pool.worker_processes());

  run.origin_ns = monotonic_ns();
  if (options.on_start) options.on_start(run.origin_ns);
  if (mode == Mode::map) {
    try {
      pool.map(&run_workload, args, run.chunksize);
    } catch (const TaskError&) {
      // map raises the first failure to arrive, after every chunk finished, and hands over no result.
    }
    std::vector<TaskRecord> records = pool.last_records();
    std::stable_sort(records.begin(), records.end(), [](const TaskRecord& a, const TaskRecord& b) {
      if ((a.emit_order < 0) != (b.emit_order < 0)) return b.emit_order < 0;
      return a.emit_order < b.emit_order;
    });
    // The others' final snapshots reached the collector as the pool published them.
    for (const TaskRecord& record : records) {
      if (record.emit_order >= 0) collector.emitted(record);
    }
  } else {
    auto results = mode == Mode::imap ? pool.imap(&run_workload, args, run.chunksize)
                                      : pool.imap_unordered(&run_workload, args, run.chunksize);
    while (true) {
      try {
        if (!results.next()) break;
      } catch (const TaskError&) {
        // A failure is handed over like a result. With chunksize 1 the next call goes on with the
        // following task; with chunksize > 1 it returns nullopt: the loop ended there, as in Python.
      }
      collector.emitted(results.record());
    }
  }
  collector.add_processes(pool.worker_processes());
  pool.close();
  pool.join();
  collector.finish();
  return run;
}

}  // namespace poolscope
