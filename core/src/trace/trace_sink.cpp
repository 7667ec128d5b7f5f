// BufferedSink: hands the pool's snapshots from the driving thread to a reader thread in batches.
#include "poolscope/trace/trace_sink.hpp"

#include <iterator>

namespace poolscope {

void BufferedSink::publish(std::span<const TaskRecord> changed) {
  const std::lock_guard lock(mutex_);
  pending_.insert(pending_.end(), changed.begin(), changed.end());
}

void BufferedSink::publish_batch(std::vector<TaskRecord>& batch) {
  const std::lock_guard lock(mutex_);
  if (pending_.empty()) {
    pending_.swap(batch);
  } else {
    pending_.insert(pending_.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
  }
  batch.clear();
}

std::vector<TaskRecord> BufferedSink::drain() {
  std::vector<TaskRecord> out;
  const std::lock_guard lock(mutex_);
  out.swap(pending_);
  return out;
}

}  // namespace poolscope
