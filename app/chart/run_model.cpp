// RunModel: keeps per-row task lists, emission order, held-results events and running sums up to date as
// live batches arrive, so a batch costs O(batch log n) and views can repaint only the tasks it touched.
#include "chart/run_model.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace poolscope::chart {

namespace {

const std::vector<std::uint64_t> kNoTasks;

QString modeName(Mode mode) {
  switch (mode) {
    case Mode::map: return QStringLiteral("map");
    case Mode::imap: return QStringLiteral("imap");
    case Mode::imap_unordered: return QStringLiteral("imap_unordered");
  }
  return QStringLiteral("?");
}

bool started(const TaskRecord& r) { return r.status != TaskStatus::pending && r.worker > 0; }
bool emitted(const TaskRecord& r) { return r.emit_order >= 0; }
// A crashed task may carry no finish time of its own; it ended no earlier than it started.
std::int64_t finishOf(const TaskRecord& r) { return std::max(r.finish_ns, r.start_ns); }

}  // namespace

QString WorkerRow::label() const {
  QString text = QStringLiteral("Worker-%1").arg(worker);
  if (pids.empty()) return text;
  if (pids.size() == 1) return text + QStringLiteral(" (pid %1)").arg(pids.front());
  if (pids.size() == 2) return text + QStringLiteral(" (pid %1 → %2)").arg(pids.front()).arg(pids.back());
  return text + QStringLiteral(" (pid %1 → … → %2)").arg(pids.front()).arg(pids.back());
}

QStringList WorkerRow::labelForms() const {
  QStringList forms = {label()};
  // A few replacements (maxtasksperchild) are worth naming one by one: the middle pids ran tasks too.
  if (pids.size() >= 3 && pids.size() <= 4) {
    QStringList all;
    for (int pid : pids) all << QString::number(pid);
    forms.prepend(QStringLiteral("Worker-%1 (pid %2)").arg(worker).arg(all.join(QStringLiteral(" → "))));
  }
  const QString name = QStringLiteral("Worker-%1").arg(worker);
  if (forms.front() != name) forms << name;
  forms << QStringLiteral("W%1").arg(worker);
  return forms;
}

RunModel::RunModel(QObject* parent) : QObject(parent) {}

void RunModel::clear() {
  run_ = RunTrace{};
  seen_.clear();
  rows_.clear();
  rowTasks_.clear();
  taskRow_.clear();
  emitted_.clear();
  heldDeltas_.clear();
  running_.clear();
  totals_ = Totals{};
  heldSteps_.clear();
  heldStaleFrom_ = std::numeric_limits<std::int64_t>::min();
  latestNs_ = 0;
  finished_ = false;
}

void RunModel::reset(const RunTrace& meta) {
  clear();
  run_.mode = meta.mode;
  run_.workers = meta.workers;
  run_.chunksize = meta.chunksize;
  run_.workload = meta.workload;
  run_.label = meta.label;
  run_.caller_pid = meta.caller_pid;
  run_.origin_ns = meta.origin_ns;
  run_.end_ns = meta.end_ns;
  run_.processes = meta.processes;
  latestNs_ = meta.origin_ns;
  bool rowsDirty = false;
  for (int w = 1; w <= meta.workers; ++w) notePid(w, 0, rowsDirty);
  for (const WorkerProcess& p : meta.processes) notePid(p.worker, p.pid, rowsDirty);

  // Bulk load: append everything, then sort once (a trace's tasks are by index, not by start time).
  std::vector<std::uint64_t> touched;
  touched.reserve(meta.tasks.size());
  for (const TaskRecord& record : meta.tasks) {
    if (record.index >= run_.tasks.size()) {
      const std::size_t size = static_cast<std::size_t>(record.index) + 1;
      run_.tasks.resize(size);
      seen_.resize(size, false);
      taskRow_.resize(size, -1);
    }
    TaskRecord& slot = run_.tasks[record.index];
    slot = record;
    seen_[record.index] = true;
    account(slot, +1);
    updateHeld(nullptr, slot);
    if (started(slot)) {
      notePid(slot.worker, slot.pid, rowsDirty);
      const int row = rowOfWorker(slot.worker);
      taskRow_[record.index] = row;
      rowTasks_[static_cast<std::size_t>(row)].push_back(record.index);
    }
    if (emitted(slot)) emitted_.push_back(record.index);
  }
  for (std::size_t i = 0; i < run_.tasks.size(); ++i) {
    if (!seen_[i]) run_.tasks[i].index = i;
  }
  for (auto& row : rowTasks_) {
    std::sort(row.begin(), row.end(), [this](std::uint64_t a, std::uint64_t b) {
      const auto& ta = run_.tasks[a];
      const auto& tb = run_.tasks[b];
      return ta.start_ns != tb.start_ns ? ta.start_ns < tb.start_ns : a < b;
    });
  }
  std::sort(emitted_.begin(), emitted_.end(),
            [this](std::uint64_t a, std::uint64_t b) { return run_.tasks[a].emit_order < run_.tasks[b].emit_order; });
  finished_ = meta.end_ns > 0 || (!run_.tasks.empty() && totals_.emitted == run_.tasks.size());
  if (finished_ && run_.end_ns == 0) run_.end_ns = latestNs_;
  emit modelReset();
}

void RunModel::apply(std::span<const TaskRecord> records) {
  if (records.empty()) return;
  std::vector<std::uint64_t> touched;
  touched.reserve(records.size());
  bool rowsDirty = false;
  for (const TaskRecord& record : records) upsert(record, touched, rowsDirty);
  if (rowsDirty) emit rowsChanged();
  emit tasksChanged(touched);
}

void RunModel::apply(const SnapshotBatch& batch) {
  if (batch.empty()) return;
  std::vector<std::uint64_t> touched;
  touched.reserve(batch.size());
  bool rowsDirty = false;
  TaskRecord record;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch.fill(i, record);
    upsert(record, touched, rowsDirty);
  }
  if (rowsDirty) emit rowsChanged();
  emit tasksChanged(touched);
}

void RunModel::finish(std::int64_t endNs) {
  if (endNs == 0) {
    endNs = latestNs_;
    if (!emitted_.empty()) endNs = std::max(endNs, run_.tasks[emitted_.back()].emit_ns);
  }
  run_.end_ns = endNs;
  latestNs_ = std::max(latestNs_, endNs);
  finished_ = true;
  emit runFinished();
}

void RunModel::upsert(const TaskRecord& record, std::vector<std::uint64_t>& touched, bool& rowsDirty) {
  const std::uint64_t index = record.index;
  if (index >= run_.tasks.size()) {
    const std::size_t oldSize = run_.tasks.size();
    const std::size_t size = static_cast<std::size_t>(index) + 1;
    run_.tasks.resize(size);
    seen_.resize(size, false);
    taskRow_.resize(size, -1);
    for (std::size_t i = oldSize; i < size; ++i) run_.tasks[i].index = i;
  }
  TaskRecord& slot = run_.tasks[index];
  const bool wasSeen = seen_[index];
  if (wasSeen) {
    account(slot, -1);
    if (emitted(slot) && (!emitted(record) || record.emit_order != slot.emit_order)) {
      auto it = std::find(emitted_.begin(), emitted_.end(), index);
      if (it != emitted_.end()) emitted_.erase(it);
    }
  }
  const bool wasPlaced = taskRow_[index] >= 0;
  const bool moved =
      wasPlaced && (!started(record) || record.worker != slot.worker || record.start_ns != slot.start_ns);
  if (moved) removeFromRow(index);
  const bool newlyEmitted = emitted(record) && !(wasSeen && emitted(slot) && slot.emit_order == record.emit_order);
  updateHeld(wasSeen ? &slot : nullptr, record);

  slot = record;
  seen_[index] = true;
  account(slot, +1);
  if (started(slot)) {
    notePid(slot.worker, slot.pid, rowsDirty);
    if (taskRow_[index] < 0) placeInRow(index, rowsDirty);
  }
  if (newlyEmitted) {
    // Emissions arrive in order almost always: append, else insert at the sorted position.
    auto pos = emitted_.end();
    if (!emitted_.empty() && run_.tasks[emitted_.back()].emit_order > slot.emit_order) {
      pos = std::upper_bound(emitted_.begin(), emitted_.end(), slot.emit_order,
                             [this](std::int64_t order, std::uint64_t i) { return order < run_.tasks[i].emit_order; });
    }
    emitted_.insert(pos, index);
  }
  touched.push_back(index);
}

void RunModel::account(const TaskRecord& r, int sign) {
  const std::int64_t s = sign;
  totals_.seen = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.seen) + s);
  if (r.status == TaskStatus::running && r.worker > 0) {
    if (sign > 0)
      running_.insert(r.index);
    else
      running_.erase(r.index);
  }
  if (is_finished(r.status)) {
    totals_.finished = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.finished) + s);
    if (r.status != TaskStatus::ok)
      totals_.failed = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.failed) + s);
    if (r.start_ns != 0 || r.worker > 0) totals_.busyNs += s * (finishOf(r) - r.start_ns);
    if (r.status == TaskStatus::ok && !emitted(r))
      totals_.okNotEmitted = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.okNotEmitted) + s);
    if (sign > 0) totals_.maxFinishNs = std::max(totals_.maxFinishNs, finishOf(r));
  }
  if (emitted(r)) {
    totals_.emitted = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.emitted) + s);
    if (is_finished(r.status)) {
      const std::int64_t wait = std::max<std::int64_t>(0, r.emit_ns - finishOf(r));
      totals_.waited = static_cast<std::size_t>(static_cast<std::int64_t>(totals_.waited) + s);
      totals_.waitNs += s * wait;
      if (sign > 0) totals_.maxWaitNs = std::max(totals_.maxWaitNs, wait);
    }
  }
  if (sign > 0) {
    for (std::int64_t ns : {r.submit_ns, r.start_ns, r.finish_ns, r.emit_ns}) {
      if (ns != 0) latestNs_ = std::max(latestNs_, ns);
    }
  }
}

void RunModel::addHeld(std::int64_t ns, int delta) {
  auto it = heldDeltas_.try_emplace(ns, 0).first;
  it->second += delta;
  if (it->second == 0) heldDeltas_.erase(it);
  heldStaleFrom_ = std::min(heldStaleFrom_, ns);
}

void RunModel::refreshHeld() const {
  if (heldStaleFrom_ == std::numeric_limits<std::int64_t>::max()) return;
  const std::int64_t from = heldStaleFrom_;
  heldSteps_.erase(std::lower_bound(heldSteps_.begin(), heldSteps_.end(), from,
                                    [](const HeldStep& s, std::int64_t ns) { return s.ns < ns; }),
                   heldSteps_.end());
  int level = heldSteps_.empty() ? 0 : heldSteps_.back().level;
  int peak = heldSteps_.empty() ? 0 : heldSteps_.back().peak;
  for (auto it = heldDeltas_.lower_bound(from); it != heldDeltas_.end(); ++it) {
    level += it->second;
    peak = std::max(peak, level);
    heldSteps_.push_back({it->first, level, peak});
  }
  heldStaleFrom_ = std::numeric_limits<std::int64_t>::max();
}

std::ptrdiff_t RunModel::heldStepAt(double tSeconds) const {
  refreshHeld();
  const auto it = std::upper_bound(heldSteps_.begin(), heldSteps_.end(), tSeconds,
                                   [this](double t, const HeldStep& s) { return t < seconds(s.ns); });
  return (it - heldSteps_.begin()) - 1;
}

void RunModel::updateHeld(const TaskRecord* before, const TaskRecord& after) {
  // Only changed events move, so a task going finished -> emitted adds one event and removes none.
  // A result counts as held once it has waited longer than the hand-over itself takes (kHeldGraceNs):
  // otherwise every imap_unordered result would flicker "held" for the microseconds of its delivery.
  auto finishEvent = [](const TaskRecord* r) -> std::optional<std::int64_t> {
    if (r == nullptr || !is_finished(r->status)) return std::nullopt;
    if (emitted(*r) && r->emit_ns - finishOf(*r) <= kHeldGraceNs) return std::nullopt;
    return finishOf(*r) + kHeldGraceNs;
  };
  auto emitEvent = [](const TaskRecord* r) -> std::optional<std::int64_t> {
    if (r == nullptr || !is_finished(r->status) || !emitted(*r)) return std::nullopt;
    if (r->emit_ns - finishOf(*r) <= kHeldGraceNs) return std::nullopt;
    return r->emit_ns;
  };
  const auto f0 = finishEvent(before), f1 = finishEvent(&after);
  const auto e0 = emitEvent(before), e1 = emitEvent(&after);
  if (f0 != f1) {
    if (f0) addHeld(*f0, -1);
    if (f1) addHeld(*f1, +1);
  }
  if (e0 != e1) {
    if (e0) addHeld(*e0, +1);
    if (e1) addHeld(*e1, -1);
  }
}

void RunModel::notePid(int worker, int pid, bool& rowsDirty) {
  if (worker <= 0) return;
  int row = rowOfWorker(worker);
  if (row < 0) {
    auto it =
        std::lower_bound(rows_.begin(), rows_.end(), worker, [](const WorkerRow& r, int w) { return r.worker < w; });
    const auto pos = it - rows_.begin();
    rows_.insert(it, WorkerRow{worker, {}});
    rowTasks_.insert(rowTasks_.begin() + pos, std::vector<std::uint64_t>{});
    // Rows after the new one moved down by one.
    for (int& r : taskRow_) {
      if (r >= pos) ++r;
    }
    row = static_cast<int>(pos);
    rowsDirty = true;
  }
  if (pid > 0) {
    auto& pids = rows_[static_cast<std::size_t>(row)].pids;
    if (std::find(pids.begin(), pids.end(), pid) == pids.end()) {
      pids.push_back(pid);
      rowsDirty = true;
    }
  }
}

int RunModel::rowOfWorker(int worker) const {
  // Rows are few (<= 64) and sorted by worker id.
  auto it =
      std::lower_bound(rows_.begin(), rows_.end(), worker, [](const WorkerRow& r, int w) { return r.worker < w; });
  if (it == rows_.end() || it->worker != worker) return -1;
  return static_cast<int>(it - rows_.begin());
}

void RunModel::placeInRow(std::uint64_t index, bool& rowsDirty) {
  const TaskRecord& r = run_.tasks[index];
  notePid(r.worker, r.pid, rowsDirty);
  const int row = rowOfWorker(r.worker);
  auto& list = rowTasks_[static_cast<std::size_t>(row)];
  auto before = [this](std::uint64_t a, std::uint64_t b) {
    const auto& ta = run_.tasks[a];
    const auto& tb = run_.tasks[b];
    return ta.start_ns != tb.start_ns ? ta.start_ns < tb.start_ns : a < b;
  };
  if (list.empty() || before(list.back(), index)) {
    list.push_back(index);
  } else {
    list.insert(std::upper_bound(list.begin(), list.end(), index, before), index);
  }
  taskRow_[index] = row;
}

void RunModel::removeFromRow(std::uint64_t index) {
  const int row = taskRow_[index];
  if (row < 0) return;
  auto& list = rowTasks_[static_cast<std::size_t>(row)];
  auto it = std::find(list.rbegin(), list.rend(), index);
  if (it != list.rend()) list.erase(std::next(it).base());
  taskRow_[index] = -1;
}

const std::vector<std::uint64_t>& RunModel::rowTasks(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= rowTasks_.size()) return kNoTasks;
  return rowTasks_[static_cast<std::size_t>(row)];
}

const TaskRecord* RunModel::task(std::uint64_t index) const {
  if (index >= run_.tasks.size() || !seen_[index]) return nullptr;
  return &run_.tasks[index];
}

double RunModel::seconds(std::int64_t ns) const { return static_cast<double>(ns - run_.origin_ns) / 1e9; }

double RunModel::latestSeconds() const { return seconds(latestNs_); }

std::vector<HeldPoint> RunModel::heldCurve(double untilSeconds, double fromSeconds) const {
  std::vector<HeldPoint> curve;
  visitHeldCurve(untilSeconds, fromSeconds, [&curve](const HeldPoint& point) {
    curve.push_back(point);
    return true;
  });
  return curve;
}

double RunModel::heldCurveEnd(double untilSeconds) const {
  refreshHeld();
  const std::ptrdiff_t last =
      untilSeconds >= 0.0 ? heldStepAt(untilSeconds) : static_cast<std::ptrdiff_t>(heldSteps_.size()) - 1;
  const double lastT = last >= 0 ? std::max(0.0, seconds(heldSteps_[static_cast<std::size_t>(last)].ns)) : 0.0;
  return std::max(lastT, untilSeconds >= 0.0 ? untilSeconds : latestSeconds());
}

std::size_t RunModel::heldCurveSize(double untilSeconds) const {
  refreshHeld();
  // The first point, one per step after 0 s (and not after untilSeconds), and the end point.
  const std::ptrdiff_t zero = heldStepAt(0.0);
  const std::ptrdiff_t last =
      untilSeconds >= 0.0 ? heldStepAt(untilSeconds) : static_cast<std::ptrdiff_t>(heldSteps_.size()) - 1;
  const std::size_t steps = last > zero ? static_cast<std::size_t>(last - zero) : 0;
  const double lastT = last > zero ? seconds(heldSteps_[static_cast<std::size_t>(last)].ns) : 0.0;
  const double end = untilSeconds >= 0.0 ? untilSeconds : latestSeconds();
  return 1 + steps + (end > lastT ? 1 : 0);
}

int RunModel::heldAt(double tSeconds) const {
  const std::ptrdiff_t at = heldStepAt(tSeconds);
  return at < 0 ? 0 : heldSteps_[static_cast<std::size_t>(at)].level;
}

RunMetrics RunModel::metrics(std::int64_t nowNs) const {
  RunMetrics m;
  m.tasks = run_.tasks.size();
  m.finished = totals_.finished;
  m.emitted = totals_.emitted;
  m.failed = totals_.failed;
  std::int64_t end = latestNs_;
  if (finished_ && run_.end_ns != 0) end = run_.end_ns;
  if (!finished_ && nowNs != 0) end = std::max(end, nowNs);
  m.wallSeconds = std::max(0.0, seconds(end));
  // A result, not an exception: a map that raised handed over none.
  for (std::uint64_t i : emitted_) {
    if (run_.tasks[i].status != TaskStatus::ok) continue;
    m.firstResultSeconds = seconds(run_.tasks[i].emit_ns);
    break;
  }
  if (totals_.waited > 0) {
    m.meanWaitSeconds = static_cast<double>(totals_.waitNs) / 1e9 / static_cast<double>(totals_.waited);
    m.maxWaitSeconds = static_cast<double>(totals_.maxWaitNs) / 1e9;
  }
  refreshHeld();
  m.peakHeld = heldSteps_.empty() ? 0 : heldSteps_.back().peak;
  m.lost = finished_ ? totals_.okNotEmitted : 0;
  std::int64_t busy = totals_.busyNs;
  for (std::uint64_t i : running_) busy += std::max<std::int64_t>(0, end - run_.tasks[i].start_ns);
  const double workers =
      static_cast<double>(std::max<std::size_t>(static_cast<std::size_t>(std::max(run_.workers, 0)), rows_.size()));
  const double capacity = workers * static_cast<double>(end - run_.origin_ns);
  if (capacity > 0.0) m.idlePercent = std::clamp(100.0 * (1.0 - static_cast<double>(busy) / capacity), 0.0, 100.0);
  return m;
}

void RunModel::setPlan(std::vector<double> plannedSeconds, int cores) {
  planned_ = std::move(plannedSeconds);
  cores_ = std::max(0, cores);
}

QString RunModel::coresNote() const {
  const int workers = std::max(run_.workers, static_cast<int>(rows_.size()));
  // Only a CPU-bound run shares cores; sleeping workers do not compete for them.
  if (cores_ <= 0 || workers <= 0 || run_.workload != "spin") return {};
  // Whole phrases per count, so that no "(s)" shows on a slide in English.
  const QString who = workers == 1 ? tr("1 worker") : tr("%1 workers").arg(workers);
  const QString where = cores_ == 1 ? tr("1 core") : tr("%1 cores").arg(cores_);
  return tr("%1 on %2", "6 workers on 2 cores").arg(who, where);
}

double RunModel::endSeconds() const {
  return seconds(finished_ && run_.end_ns != 0 ? std::max(run_.end_ns, latestNs_) : latestNs_);
}

RunMetrics RunModel::metricsAt(double tSeconds) const {
  if (tSeconds >= endSeconds()) return metrics();
  RunMetrics m;
  m.tasks = run_.tasks.size();
  const double t = std::max(0.0, tSeconds);
  m.wallSeconds = t;
  double busy = 0.0, waitSum = 0.0, maxWait = 0.0;
  std::size_t waited = 0;
  for (std::size_t i = 0; i < run_.tasks.size(); ++i) {
    if (!seen_[i]) continue;
    const TaskRecord& r = run_.tasks[i];
    if (!started(r) || seconds(r.start_ns) > t) continue;
    const bool done = is_finished(r.status) && seconds(finishOf(r)) <= t;
    const double end = is_finished(r.status) ? std::min(seconds(finishOf(r)), t) : t;
    busy += std::max(0.0, end - seconds(r.start_ns));
    if (!done) continue;
    ++m.finished;
    if (r.status != TaskStatus::ok) ++m.failed;
    if (!emitted(r) || seconds(r.emit_ns) > t) continue;
    ++m.emitted;
    const double e = seconds(r.emit_ns);
    if (r.status == TaskStatus::ok && (m.firstResultSeconds < 0.0 || e < m.firstResultSeconds))
      m.firstResultSeconds = e;
    const double wait = std::max(0.0, e - seconds(finishOf(r)));
    waitSum += wait;
    maxWait = std::max(maxWait, wait);
    ++waited;
  }
  if (waited > 0) {
    m.meanWaitSeconds = waitSum / static_cast<double>(waited);
    m.maxWaitSeconds = maxWait;
  }
  if (const std::ptrdiff_t at = heldStepAt(t); at >= 0) m.peakHeld = heldSteps_[static_cast<std::size_t>(at)].peak;
  const double workers =
      static_cast<double>(std::max<std::size_t>(static_cast<std::size_t>(std::max(run_.workers, 0)), rows_.size()));
  if (workers * t > 0.0) m.idlePercent = std::clamp(100.0 * (1.0 - busy / (workers * t)), 0.0, 100.0);
  return m;
}

QString RunModel::title() const {
  QString text = modeName(run_.mode);
  // Our own runs need no label; a loaded or recorded one says where it came from.
  if (!run_.label.empty() && (showLabel_ || run_.label != "PoolScope")) {
    text += QStringLiteral(" — ") + QString::fromStdString(run_.label);
  }
  return text;
}

}  // namespace poolscope::chart
