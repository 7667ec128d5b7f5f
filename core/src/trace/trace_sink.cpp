// BufferedSink: hands the pool's snapshots from the driving thread to a reader thread in batches.
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope {

void BufferedSink::publish(std::span<const TaskRecord> changed) {
  const std::lock_guard lock(mutex_);
  pending_.insert(pending_.end(), changed.begin(), changed.end());
}

std::vector<TaskRecord> BufferedSink::drain() {
  std::vector<TaskRecord> out;
  const std::lock_guard lock(mutex_);
  out.swap(pending_);
  return out;
}

}  // namespace poolscope
