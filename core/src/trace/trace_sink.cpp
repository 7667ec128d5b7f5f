// TraceSink's default hand-over of snapshots, and BufferedSink, which hands the pool's snapshots from the
// driving thread to a reader thread in batches.
#include "poolscope/trace/trace_sink.hpp"

#include <utility>

namespace poolscope {

void TraceSink::publish_snapshots(SnapshotBatch& batch) {
  if (batch.empty()) return;
  // One vector per thread, refilled from batch to batch (a sink may take its records out).
  thread_local std::vector<TaskRecord> records;
  records.resize(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) batch.fill(i, records[i]);
  publish_batch(records);
  records.clear();
}

void BufferedSink::publish(std::span<const TaskRecord> changed) {
  if (changed.empty()) return;
  SnapshotBatch batch;
  {
    const std::lock_guard lock(mutex_);
    batch = take_spare();
  }
  for (const TaskRecord& r : changed) batch.append(r);
  const std::lock_guard lock(mutex_);
  pending_.push_back(std::move(batch));
}

void BufferedSink::publish_snapshots(SnapshotBatch& batch) {
  if (batch.empty()) return;
  const std::lock_guard lock(mutex_);
  pending_.push_back(std::move(batch));
  batch = take_spare();
}

std::vector<SnapshotBatch> BufferedSink::drain_snapshots() {
  std::vector<SnapshotBatch> batches;
  const std::lock_guard lock(mutex_);
  batches.swap(pending_);
  return batches;
}

void BufferedSink::recycle(SnapshotBatch&& used) {
  if (used.capacity() == 0) return;
  used.clear();
  const std::lock_guard lock(mutex_);
  if (spare_.size() < kKept) spare_.push_back(std::move(used));
}

std::vector<TaskRecord> BufferedSink::drain() {
  auto batches = drain_snapshots();
  if (batches.empty()) return {};
  std::vector<TaskRecord> out;
  {
    const std::lock_guard lock(mutex_);
    out = take_spare_records();
  }
  std::size_t total = 0;
  for (const auto& b : batches) total += b.size();
  out.resize(total);
  std::size_t next = 0;
  for (auto& b : batches) {
    for (std::size_t i = 0; i < b.size(); ++i) b.fill(i, out[next++]);
    recycle(std::move(b));
  }
  return out;
}

std::vector<std::vector<TaskRecord>> BufferedSink::drain_batches() {
  auto batches = drain_snapshots();
  std::vector<std::vector<TaskRecord>> out;
  out.reserve(batches.size());
  for (auto& b : batches) {
    {
      const std::lock_guard lock(mutex_);
      out.push_back(take_spare_records());
    }
    out.back().resize(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) b.fill(i, out.back()[i]);
    recycle(std::move(b));
  }
  return out;
}

void BufferedSink::recycle(std::vector<TaskRecord>&& used) {
  if (used.capacity() == 0) return;
  used.clear();  // the records' strings go; the vector's memory stays for the next drain
  const std::lock_guard lock(mutex_);
  if (spare_records_.size() < kKept) spare_records_.push_back(std::move(used));
}

SnapshotBatch BufferedSink::take_spare() {
  if (spare_.empty()) return {};
  SnapshotBatch b = std::move(spare_.back());
  spare_.pop_back();
  return b;
}

std::vector<TaskRecord> BufferedSink::take_spare_records() {
  if (spare_records_.empty()) return {};
  std::vector<TaskRecord> v = std::move(spare_records_.back());
  spare_records_.pop_back();
  return v;
}

}  // namespace poolscope
