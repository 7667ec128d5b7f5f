// Adapts one poolscope::RunTrace for the chart views: worker rows, task bars, emissions, results held, metrics.
// Live snapshots arrive in batches (apply); signals name what changed so views repaint only that.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <vector>

#include <QObject>
#include <QString>
#include <QStringList>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/task_snapshot.hpp"

namespace poolscope::chart {

// Figures shown on the chart and in the compare table. Seconds from the run's origin.
struct RunMetrics {
  std::size_t tasks = 0;
  std::size_t finished = 0;          // ok + error + crashed
  std::size_t emitted = 0;           // handed to the caller
  std::size_t failed = 0;            // error + crashed
  double wallSeconds = 0.0;          // origin -> last result handed over (or the latest time seen, while live)
  double firstResultSeconds = -1.0;  // origin -> first result (not exception) handed over; -1 if none yet
  double meanWaitSeconds = 0.0;      // mean over emitted tasks of finish -> emit
  double maxWaitSeconds = 0.0;
  int peakHeld = 0;          // most results finished but not yet handed to the caller at one time
  double idlePercent = 0.0;  // share of workers x wall not spent running a task
  std::size_t lost = 0;      // results computed but never handed over (known once the run is finished)
};

// A result finished less than this long ago is being handed over, not held (see heldCurve()).
inline constexpr std::int64_t kHeldGraceNs = 2'000'000;

// One step of the results-held curve: from tSeconds on, `held` results are finished but not yet handed over.
struct HeldPoint {
  double tSeconds = 0.0;
  int held = 0;
};

// One Gantt row: a worker id and every pid it had (a replaced worker gets a new pid).
struct WorkerRow {
  int worker = 0;
  std::vector<int> pids;
  QString label() const;  // "Worker-1 (pid 5581)", "Worker-2 (pid 5582 → 5590)"
  // The label from longest to shortest, for narrow columns: every pid when there are 3 or 4
  // ("Worker-1 (pid 5581 → 5590 → 5597)"), the label, "Worker-1", "W1".
  QStringList labelForms() const;
};

class RunModel : public QObject {
  Q_OBJECT

 public:
  explicit RunModel(QObject* parent = nullptr);

  // Starts over with the run's metadata (mode, workers, chunksize, label, origin, processes) and whatever
  // tasks `meta` already holds (a finished trace loads in one call). Emits modelReset().
  void reset(const RunTrace& meta);
  // Upserts live snapshots by task index (a record may be newer than the one held). O(batch log n).
  // Emits tasksChanged() with the indices touched and rowsChanged() if a worker or pid appeared.
  void apply(std::span<const TaskRecord> records);
  // The same for a batch in compact form, as BufferedSink::drain_snapshots() hands it over.
  void apply(const SnapshotBatch& batch);
  // Marks the run finished at `endNs` (monotonic); 0 = the latest emission time.
  void finish(std::int64_t endNs = 0);
  void clear();

  const RunTrace& run() const { return run_; }
  bool empty() const { return run_.tasks.empty(); }
  bool finished() const { return finished_; }

  // Seconds from the run's origin; timestamps of 0 ("not yet") map to 0.
  double seconds(std::int64_t ns) const;
  // Latest timestamp seen in any record, as seconds from the origin.
  double latestSeconds() const;
  // Tasks that exist (index < size) and have a record; indices not yet seen are pending.
  const TaskRecord* task(std::uint64_t index) const;

  // Rows in worker order (Worker-1 first), one per worker that ran a task or is listed in processes.
  const std::vector<WorkerRow>& rows() const { return rows_; }
  int rowOfWorker(int worker) const;  // -1 if unknown
  // Task indices of one row, ordered by start time (tasks run one after the other on a worker).
  const std::vector<std::uint64_t>& rowTasks(int row) const;
  // Task indices in emission order (emission times are non-decreasing along it).
  const std::vector<std::uint64_t>& emissionOrder() const { return emitted_; }
  // Tasks started but not finished: their bars grow with "now" while live.
  const std::set<std::uint64_t>& running() const { return running_; }

  // Step curve of "results finished but not yet handed to the caller", from 0 to the latest time seen.
  // A result counts from kHeldGraceNs after its finish, and only if it waited longer than that.
  // `untilSeconds` >= 0 cuts it there (a live run's "now", a replay cursor).
  // `fromSeconds` >= 0 leaves out what comes before the last step at or before it (a partial repaint).
  std::vector<HeldPoint> heldCurve(double untilSeconds = -1.0, double fromSeconds = -1.0) const;
  // How many points heldCurve(untilSeconds) holds, and the time of its last one, without building it.
  std::size_t heldCurveSize(double untilSeconds = -1.0) const;
  double heldCurveEnd(double untilSeconds = -1.0) const;
  // Hands the points of heldCurve(untilSeconds, fromSeconds) to `visit` one by one, without building the curve (a
  // million-task run has two million steps); `visit` returns false to stop.
  template <typename Visit> void visitHeldCurve(double untilSeconds, double fromSeconds, Visit&& visit) const;
  int heldAt(double tSeconds) const;

  // `nowNs` (monotonic) counts running tasks up to then while live; 0 = use the latest time seen.
  RunMetrics metrics(std::int64_t nowNs = 0) const;
  // The figures as they stood `tSeconds` after the origin (a replay cursor): only what had happened by then
  // counts, and the wall time is the cursor's. At or after the run's end, the same as metrics(). O(tasks).
  RunMetrics metricsAt(double tSeconds) const;
  // A task that finished but whose result (or exception) never reached the caller: lost with a failed chunk,
  // after the caller's loop ended, or in a map that raised. Known only once the run is finished.
  bool neverHandedOver(const TaskRecord& task) const {
    return finished_ && is_finished(task.status) && task.emit_order < 0;
  }
  // Seconds from the origin to the run's end (the last hand-over, or the latest time seen while live).
  double endSeconds() const;

  // "imap" for our own runs; "imap — Python" when the run carries another label (a loaded or recorded run), or
  // any label once showLabel is set (a loaded PoolScope trace shown beside a live run).
  QString title() const;
  void setShowLabel(bool show) { showLabel_ = show; }

  // The plan behind the run, for explaining oversubscription: each task's intended duration in seconds (the
  // scenario's) and the cores of the machine that ran it. Kept across reset(); empty / 0 when unknown (a trace
  // read from a file).
  void setPlan(std::vector<double> plannedSeconds, int cores);
  // Task `index`'s planned duration in seconds, or -1 if unknown.
  double plannedSeconds(std::uint64_t index) const {
    return index < planned_.size() ? planned_[static_cast<std::size_t>(index)] : -1.0;
  }
  int cores() const { return cores_; }
  // "6 workers on 2 cores" when the run burnt CPU (spin) and the cores are known; "" otherwise.
  QString coresNote() const;

 signals:
  void modelReset();
  void tasksChanged(const std::vector<std::uint64_t>& indices);
  void rowsChanged();
  void runFinished();

 private:
  void upsert(const TaskRecord& record, std::vector<std::uint64_t>& touched, bool& rowsDirty);
  void notePid(int worker, int pid, bool& rowsDirty);
  void placeInRow(std::uint64_t index, bool& rowsDirty);
  void removeFromRow(std::uint64_t index);
  void account(const TaskRecord& record, int sign);
  void addHeld(std::int64_t ns, int delta);
  void updateHeld(const TaskRecord* before, const TaskRecord& after);

  // Running sums so metrics() is O(running tasks), not O(all tasks), during a live run.
  struct Totals {
    std::size_t seen = 0, finished = 0, emitted = 0, failed = 0, waited = 0;
    std::size_t okNotEmitted = 0;  // results computed and not (yet) handed over
    std::int64_t busyNs = 0;       // finished tasks: finish - start
    std::int64_t waitNs = 0;       // emitted tasks: emit - finish
    std::int64_t maxWaitNs = 0;
    std::int64_t maxFinishNs = 0;
  };

  RunTrace run_;
  std::vector<bool> seen_;  // per task index
  std::vector<WorkerRow> rows_;
  std::vector<std::vector<std::uint64_t>> rowTasks_;
  std::vector<int> taskRow_;  // per task index, -1 = not placed
  std::vector<std::uint64_t> emitted_;
  std::map<std::int64_t, int> heldDeltas_;  // ns -> +finishes - emissions
  std::set<std::uint64_t> running_;
  Totals totals_;
  // The held curve's steps, cumulated, rebuilt from heldDeltas_ only from the earliest time that changed: a live
  // batch touches the end of the curve, so neither its peak nor its drawing walk the whole map every frame.
  struct HeldStep {
    std::int64_t ns = 0;
    int level = 0;  // held after the events at ns
    int peak = 0;   // highest level up to ns
  };
  void refreshHeld() const;
  // The index of the last step at or before `tSeconds` (-1 if none).
  std::ptrdiff_t heldStepAt(double tSeconds) const;
  mutable std::vector<HeldStep> heldSteps_;
  mutable std::int64_t heldStaleFrom_ = std::numeric_limits<std::int64_t>::min();  // max = all fresh
  std::int64_t latestNs_ = 0;
  bool finished_ = false;
  bool showLabel_ = false;
  std::vector<double> planned_;
  int cores_ = 0;
};

template <typename Visit> void RunModel::visitHeldCurve(double untilSeconds, double fromSeconds, Visit&& visit) const {
  refreshHeld();
  HeldPoint point{0.0, 0};
  std::size_t k = 0;
  if (fromSeconds >= 0.0) {
    // Start at the step in force at fromSeconds; steps at or before 0 s merge into the first point, as below.
    if (const std::ptrdiff_t at = heldStepAt(fromSeconds); at >= 0) {
      const HeldStep& step = heldSteps_[static_cast<std::size_t>(at)];
      point = {std::max(0.0, seconds(step.ns)), step.level};
      k = static_cast<std::size_t>(at) + 1;
    }
  }
  for (; k < heldSteps_.size(); ++k) {
    const double t = seconds(heldSteps_[k].ns);
    if (untilSeconds >= 0.0 && t > untilSeconds) break;
    if (point.tSeconds >= t) {
      point.held = heldSteps_[k].level;  // several events at one instant: one step
      continue;
    }
    if (!visit(point)) return;
    point = {t, heldSteps_[k].level};
  }
  if (!visit(point)) return;
  const double end = untilSeconds >= 0.0 ? untilSeconds : latestSeconds();
  if (end > point.tSeconds) visit(HeldPoint{end, point.held});
}

}  // namespace poolscope::chart
