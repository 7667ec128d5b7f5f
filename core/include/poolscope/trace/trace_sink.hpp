// Where a pool reports task progress: live consumers (the GUI) read it in batches.
// The pool calls publish() from the thread that drives it; BufferedSink hands batches to another thread.
#pragma once

#include <mutex>
#include <span>
#include <vector>

#include "poolscope/trace/task_record.hpp"

namespace poolscope {

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // Each record is a full snapshot of a task that changed (started, finished or emitted).
  virtual void publish(std::span<const TaskRecord> changed) = 0;
  // The pool hands its batches over here: a sink that keeps the records may take them out of `batch`
  // (leaving it empty) instead of copying them. The default publishes a view of them.
  virtual void publish_batch(std::vector<TaskRecord>& batch) { publish(batch); }
};

// Thread-safe buffer: the pool's thread publishes, a reader drains whenever it likes (e.g. a 60 Hz timer).
class BufferedSink final : public TraceSink {
 public:
  void publish(std::span<const TaskRecord> changed) override;
  void publish_batch(std::vector<TaskRecord>& batch) override;
  // Moves out everything published since the last drain, in publication order.
  std::vector<TaskRecord> drain();
  // The same, batch by batch as the pool published them: nothing is moved twice.
  std::vector<std::vector<TaskRecord>> drain_batches();
  // Gives a drained vector back once read: the pool fills it again instead of fresh memory, which at a
  // million snapshots a second costs more in page faults than the snapshots themselves.
  void recycle(std::vector<TaskRecord>&& used);

 private:
  // An emptied vector given back earlier, or an empty one; the caller holds mutex_.
  std::vector<TaskRecord> take_spare();

  static constexpr std::size_t kKeptVectors = 4;
  std::mutex mutex_;
  std::vector<std::vector<TaskRecord>> pending_;  // batches as published: taking one is O(1)
  std::vector<std::vector<TaskRecord>> spare_;    // emptied vectors, for the pool's next batches
};

}  // namespace poolscope
