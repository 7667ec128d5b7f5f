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
  if (!spare_.empty()) {
    batch.swap(spare_.back());
    spare_.pop_back();
  }
}

std::vector<TaskRecord> BufferedSink::drain() {
  std::vector<std::vector<TaskRecord>> batches;
  std::vector<TaskRecord> out;
  {
    const std::lock_guard lock(mutex_);
    batches.swap(pending_);
    if (batches.size() > 1 && !spare_.empty()) {
      // Joined into a vector given back earlier, whose pages are already there.
      out.swap(spare_.back());
      spare_.pop_back();
    }
  }
  if (batches.empty()) return {};
  if (batches.size() == 1) return std::move(batches.front());
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

}  // namespace poolscope
