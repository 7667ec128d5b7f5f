// BufferedSink: hands the pool's snapshots from the driving thread to a reader thread in batches.
#include "poolscope/trace/trace_sink.hpp"

#include <iterator>

namespace poolscope {

void BufferedSink::publish(std::span<const TaskRecord> changed) {
  if (changed.empty()) return;
  std::vector<TaskRecord> copy(changed.begin(), changed.end());
  const std::lock_guard lock(mutex_);
  pending_.push_back(std::move(copy));
}

void BufferedSink::publish_batch(std::vector<TaskRecord>& batch) {
  if (batch.empty()) return;
  std::vector<TaskRecord> taken;
  taken.swap(batch);
  const std::lock_guard lock(mutex_);
  pending_.push_back(std::move(taken));
  batch = take_spare();
}

std::vector<TaskRecord> BufferedSink::drain() {
  auto batches = drain_batches();
  if (batches.empty()) return {};
  if (batches.size() == 1) return std::move(batches.front());
  std::vector<TaskRecord> out;
  {
    // Joined into a vector given back earlier, whose pages are already there.
    const std::lock_guard lock(mutex_);
    out = take_spare();
  }
  std::size_t total = 0;
  for (const auto& b : batches) total += b.size();
  out.reserve(total);
  for (auto& b : batches) {
    out.insert(out.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
    recycle(std::move(b));
  }
  return out;
}

std::vector<std::vector<TaskRecord>> BufferedSink::drain_batches() {
  std::vector<std::vector<TaskRecord>> batches;
  const std::lock_guard lock(mutex_);
  batches.swap(pending_);
  return batches;
}

void BufferedSink::recycle(std::vector<TaskRecord>&& used) {
  if (used.capacity() == 0) return;
  used.clear();
  const std::lock_guard lock(mutex_);
  if (spare_.size() < kKeptVectors) spare_.push_back(std::move(used));
}

std::vector<TaskRecord> BufferedSink::take_spare() {
  if (spare_.empty()) return {};
  std::vector<TaskRecord> v = std::move(spare_.back());
  spare_.pop_back();
  return v;
}

}  // namespace poolscope
