// Where a pool reports task progress: live consumers (the GUI) read it in batches.
// The pool calls publish_snapshots() from the thread that drives it; BufferedSink hands batches to another
// thread.
#pragma once

#include <mutex>
#include <span>
#include <vector>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/task_snapshot.hpp"

namespace poolscope {

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // Each record is a full snapshot of a task that changed (started, finished or emitted).
  virtual void publish(std::span<const TaskRecord> changed) = 0;
  // A batch of records to publish: a sink that keeps the records may take them out of `batch` (leaving
  // it empty) instead of copying them. The default publishes a view of them.
  virtual void publish_batch(std::vector<TaskRecord>& batch) { publish(batch); }
  // The pool hands its snapshots over here, in compact form (task_snapshot.hpp). A sink that reads them
  // so overrides this, and may swap the batch for an empty one; the default turns them into TaskRecords
  // for publish_batch().
  virtual void publish_snapshots(SnapshotBatch& batch);
};

// Thread-safe buffer: the pool's thread publishes, a reader drains whenever it likes (e.g. a 60 Hz timer).
// It keeps what it is given in compact form; drain() and drain_batches() make TaskRecords of it.
class BufferedSink final : public TraceSink {
 public:
  void publish(std::span<const TaskRecord> changed) override;
  // Keeps a copy in compact form and leaves `batch` empty, as a sink that takes the records would.
  void publish_batch(std::vector<TaskRecord>& batch) override {
    publish(batch);
    batch.clear();
  }
  void publish_snapshots(SnapshotBatch& batch) override;

  // Everything published since the last drain, batch by batch in publication order: the fastest way to
  // read it (nothing is copied). Give each batch back with recycle() once read.
  std::vector<SnapshotBatch> drain_snapshots();
  // Gives a drained batch back: the pool fills it again instead of fresh memory, which at a million
  // snapshots a second costs more in page faults than the snapshots themselves.
  void recycle(SnapshotBatch&& used);

  // The same as TaskRecords, all in one vector.
  std::vector<TaskRecord> drain();
  // The same as TaskRecords, batch by batch as the pool published them.
  std::vector<std::vector<TaskRecord>> drain_batches();
  // Gives a vector of records back once read: the next drain fills it instead of fresh memory.
  void recycle(std::vector<TaskRecord>&& used);

 private:
  // An emptied batch / record vector given back earlier, or an empty one; the caller holds mutex_.
  SnapshotBatch take_spare();
  std::vector<TaskRecord> take_spare_records();

  static constexpr std::size_t kKept = 4;
  std::mutex mutex_;
  std::vector<SnapshotBatch> pending_;  // batches as published: taking one is O(1)
  std::vector<SnapshotBatch> spare_;    // emptied batches, for the pool's next ones
  std::vector<std::vector<TaskRecord>> spare_records_;  // emptied record vectors, for the next drain
};

}  // namespace poolscope
