// Task snapshots on their way to the pool's trace sink, published in batches (by count or age)
// so a million-task run does not call the sink once per event. A task that changes twice within one
// batch (finished, then handed over) appears in it once, with its latest state.
#pragma once

#include <cstdint>

#include "pool/job.hpp"
#include "poolscope/trace/task_snapshot.hpp"
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope::detail {

class RecordBatch {
 public:
  RecordBatch(TraceSink* sink, bool trace);

  bool enabled() const { return enabled_; }
  // The task at `pos` of chunk `c` changed: its snapshot joins the batch, or replaces the one already there.
  void note(TaskColumns& tasks, const ChunkResults& c, std::uint32_t pos) {
    if (!enabled_) return;
    std::uint64_t& at = tasks.snapshot[tasks.at(c.first + pos)];
    if (at >> 32 == generation_) {
      c.fill_snapshot(tasks, pos, changes_, changes_.at((at & 0xffffffffu) - 1));
      return;
    }
    if (changes_.size() >= changes_.capacity() || changes_.size() >= kFlushBatch) make_room();
    append(tasks, c, pos);
    at = (generation_ << 32) | changes_.size();
  }
  // The same, when only its hand-over (emit time and order) changed.
  void note_emit(TaskColumns& tasks, const ChunkResults& c, std::uint32_t pos) {
    if (enabled_) add_emit(tasks, c, pos);
  }
  // Publishes what is held now.
  void flush();
  // Publishes if the batch is big or old enough.
  void maybe_flush(std::int64_t now);

 private:
  // Publishes a full batch, and reserves a whole batch's room in an empty one.
  void make_room();
  // A new snapshot of the task at `pos` of `c` at the batch's end (none if it cannot be written).
  void append(TaskColumns& tasks, const ChunkResults& c, std::uint32_t pos) {
    TaskSnapshot& s = changes_.append();
    try {
      c.fill_snapshot(tasks, pos, changes_, s);
    } catch (...) {
      changes_.pop_back();
      throw;
    }
  }
  void add_emit(TaskColumns& tasks, const ChunkResults& c, std::uint32_t pos);

  // Big enough that a chunk's tasks, finished and then handed over, usually go out once each.
  static constexpr std::size_t kFlushBatch = 16384;

  TraceSink* sink_;
  bool enabled_;
  SnapshotBatch changes_;
  std::uint64_t generation_ = 1;  // counts batches: a chunk's snapshot positions are valid for one
  std::int64_t last_flush_ = 0;
};

}  // namespace poolscope::detail
