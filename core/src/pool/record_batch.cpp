// Batches task record snapshots for the trace sink; see record_batch.hpp.
#include "pool/record_batch.hpp"

#include <cstddef>

#include "poolscope/util/clock.hpp"

namespace poolscope::detail {
namespace {

constexpr std::int64_t kFlushNs = 5'000'000;
// Text reserved per snapshot: room for a short input and result (more only grows the batch's buffer).
constexpr std::size_t kTextPerTask = 16;

}  // namespace

RecordBatch::RecordBatch(TraceSink* sink, bool trace)
    : sink_(sink), enabled_(trace && sink != nullptr), last_flush_(monotonic_ns()) {}

void RecordBatch::make_room() {
  if (changes_.size() >= kFlushBatch) flush();  // a batch's entries never outgrow their reserved room
  if (changes_.empty() && changes_.capacity() < kFlushBatch) changes_.reserve(kFlushBatch, kFlushBatch * kTextPerTask);
}

void RecordBatch::add_emit(TaskColumns& tasks, const ChunkResults& c, std::uint32_t pos) {
  const std::size_t k = tasks.at(c.first + pos);
  const std::uint64_t at = tasks.snapshot[k];
  if (at >> 32 != generation_) {
    note(tasks, c, pos);
    return;
  }
  // Only the hand-over changed since its snapshot in this batch.
  TaskSnapshot& s = changes_.at((at & 0xffffffffu) - 1);
  s.emit_ns = tasks.emit_ns[k];
  s.emit_order = tasks.emit_order[k];
}

void RecordBatch::flush() {
  if (changes_.empty()) return;
  if (sink_ != nullptr) sink_->publish_snapshots(changes_);
  changes_.clear();
  ++generation_;
  last_flush_ = monotonic_ns();
}

void RecordBatch::maybe_flush(std::int64_t now) {
  if (!changes_.empty() && (changes_.size() >= kFlushBatch || now - last_flush_ >= kFlushNs)) flush();
}

}  // namespace poolscope::detail
