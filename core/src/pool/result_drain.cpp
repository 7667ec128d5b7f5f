// Turns the workers' ring messages into task records and deliverable chunks; see result_drain.hpp.
#include "pool/result_drain.hpp"

#include <exception>

#include "poolscope/util/clock.hpp"

namespace poolscope::detail {

void ResultDrain::complete_chunk(ChunkInfo& ci) {
  ci.finished = true;
  Job& j = *ci.job;
  const bool failed = ci.failed_index >= 0;
  if (failed) {
    // map raises the exception that arrived first, not the one of the lowest index (Python's MapResult).
    const auto at = j.task(static_cast<std::uint64_t>(ci.failed_index)).rec.finish_ns;
    if (j.first_failure < 0 || at < j.first_failure_ns) {
      j.first_failure = ci.failed_index;
      j.first_failure_ns = at;
    }
  }
  // A chunk is one unit, as in Python: with chunksize > 1 a failure loses the whole chunk's results and
  // the caller receives one exception for it. With chunksize 1 each task is its own unit anyway.
  const bool as_unit = failed && j.spec.chunksize > 1;
  const bool dropped = j.released || j.ended;
  for (std::uint64_t i = ci.first; i < ci.first + ci.count; ++i) {
    TaskState& t = j.task(i);
    t.deliverable = true;
    if (as_unit) t.raised = ci.failed_index;
    if (dropped) {
      t.emitted = true;
      ++j.emitted;
    } else if (j.spec.kind == JobKind::imap_unordered || j.spec.kind == JobKind::apply) {
      if (!as_unit || static_cast<std::int64_t>(i) == ci.failed_index) j.ready.push_back(i);
    }
  }
  if (dropped) j.pop_emitted();
  chunks_.retire_finished();
  // Nobody will ask for a dropped job again: once its last chunk is in, forget it, or a long-lived pool
  // (the GUI's) keeps every stopped run's bookkeeping. Finished chunks still queued behind an unfinished
  // one keep a dangling `job`, but nothing reads a finished chunk's job.
  if (dropped && j.complete()) jobs_.erase(j.id);
}

void ResultDrain::finish_task(ChunkInfo& ci, TaskState& t) {
  t.done = true;
  ++ci.job->finished;
  batch_.note(t.rec);
  if (++ci.done == ci.count) complete_chunk(ci);
}

void ResultDrain::handle(std::uint32_t slot, const MsgHeader& m, const char* ring, std::uint64_t payload_pos) {
  ChunkInfo* found = chunks_.find(m.chunk);
  if (found == nullptr) return;
  ChunkInfo& ci = *found;
  if (ci.finished || m.pos >= ci.count) return;
  Job& j = *ci.job;
  TaskState& t = j.task(ci.first + m.pos);
  if (t.done) return;
  TaskRecord& rec = t.rec;
  rec.worker = static_cast<int>(slot) + 1;
  rec.pid = workers_.pid(slot);
  rec.start_ns = m.start_ns;
  switch (m.type) {
    case MsgType::start:
      rec.status = TaskStatus::running;
      batch_.note(rec);
      return;
    case MsgType::ok:
      rec.finish_ns = m.finish_ns;
      rec.status = TaskStatus::ok;
      read_payload(slot, m, ring, payload_pos, t.result);
      if (trace_ && j.spec.result_repr != nullptr) {
        try {
          rec.result = j.spec.result_repr(t.result);
        } catch (const std::exception&) {
          rec.result.clear();
        }
      }
      break;
    case MsgType::error:
      rec.finish_ns = m.finish_ns;
      rec.status = TaskStatus::error;
      read_payload(slot, m, ring, payload_pos, rec.message);
      // A task's exception comes as "type\0message" (task_adapters.hpp); the pool's own errors as text.
      if (const auto nul = rec.message.find('\0'); nul != std::string::npos) {
        rec.exception_type.assign(rec.message, 0, nul);
        rec.message.erase(0, nul + 1);
      } else {
        rec.exception_type.clear();
      }
      ci.failed_index = static_cast<std::int64_t>(rec.index);
      break;
    case MsgType::part: return;  // joined in drain_ring()
    case MsgType::skipped:
      rec.finish_ns = m.finish_ns;
      rec.status = TaskStatus::error;
      rec.message = "not run: task " + std::to_string(ci.failed_index) + " of the same chunk failed";
      break;
  }
  finish_task(ci, t);
}

void ResultDrain::read_payload(std::uint32_t slot, const MsgHeader& m, const char* ring, std::uint64_t pos,
                               std::string& out) {
  const auto cap = region_.header().result_capacity;
  std::string& parts = parts_[slot];
  if (parts.empty()) {
    out.resize(m.payload);
    ring_get(ring, cap, pos, out.data(), m.payload);
    return;
  }
  const auto had = parts.size();
  parts.resize(had + m.payload);
  ring_get(ring, cap, pos, parts.data() + had, m.payload);
  out.swap(parts);
}

bool ResultDrain::drain_ring(std::uint32_t slot) {
  const SharedView& v = region_.view();
  RingControl& r = v.rings[slot];
  const auto head = r.head.load(std::memory_order_acquire);
  auto tail = r.tail.load(std::memory_order_relaxed);
  if (head == tail) return false;
  const char* data = v.ring_data(slot);
  const auto cap = region_.header().result_capacity;
  while (tail < head) {
    MsgHeader m;
    ring_get(data, cap, tail, &m, sizeof m);
    const auto next = tail + sizeof m + pad8(m.payload);
    if (m.type == MsgType::part) {
      std::string& parts = parts_[slot];
      const auto had = parts.size();
      parts.resize(had + m.payload);
      ring_get(data, cap, tail + sizeof m, parts.data() + had, m.payload);
      tail = next;
      // Free the ring now: the worker waits for room to write the next part.
      r.tail.store(tail, std::memory_order_release);
      if (r.producer_waiting.load(std::memory_order_seq_cst) != 0) {
        r.producer_waiting.store(0, std::memory_order_seq_cst);
        futex_wake(r.producer_waiting, 1);
      }
      continue;
    }
    if (m.type == MsgType::start && next < head) {
      // Its finish is already here too: one snapshot says both.
      MsgHeader after;
      ring_get(data, cap, next, &after, sizeof after);
      if (after.chunk == m.chunk && after.pos == m.pos && after.type != MsgType::part) {
        tail = next;
        continue;
      }
    }
    handle(slot, m, data, tail + sizeof m);
    // The parts belonged to this message, taken or not (a message for a finished chunk is ignored).
    if (!parts_[slot].empty()) std::string().swap(parts_[slot]);
    tail = next;
  }
  r.tail.store(tail, std::memory_order_release);
  if (r.producer_waiting.load(std::memory_order_seq_cst) != 0) {
    r.producer_waiting.store(0, std::memory_order_seq_cst);
    futex_wake(r.producer_waiting, 1);
  }
  return true;
}

bool ResultDrain::drain() {
  bool progress = false;
  for (std::uint32_t w = 0; w < workers_.size(); ++w) progress |= drain_ring(w);
  return progress;
}

void ResultDrain::crash_chunks_of(std::uint32_t slot, const std::string& message) {
  std::string().swap(parts_[slot]);  // a large result cut short by the death
  const auto now = monotonic_ns();
  const auto owner = static_cast<std::uint64_t>(slot) + 1;
  SharedHeader& h = region_.header();
  for (std::size_t k = 0; k < chunks_.queue.size(); ++k) {
    ChunkInfo& ci = chunks_.queue[k];
    if (ci.finished) continue;
    const std::uint64_t c = chunks_.base + k;
    const auto state = region_.view().chunks[c % kChunkSlots].state.load(std::memory_order_acquire);
    if (state != ((c << kOwnerBits) | owner)) continue;
    bool first = true;
    for (std::uint64_t i = ci.first; i < ci.first + ci.count && !ci.finished; ++i) {
      TaskState& t = ci.job->task(i);
      if (t.done) continue;
      t.rec.worker = workers_.id(slot);
      t.rec.pid = workers_.pid(slot);
      if (t.rec.start_ns == 0) t.rec.start_ns = now;
      t.rec.finish_ns = now;
      t.rec.status = TaskStatus::crashed;
      t.rec.message = first ? message : message + " before this task of its chunk started";
      if (first && ci.failed_index < 0) ci.failed_index = static_cast<std::int64_t>(i);
      first = false;
      finish_task(ci, t);
    }
    // It may have died between claiming the chunk and advancing the queue.
    auto cur = c;
    h.next_claim.compare_exchange_strong(cur, c + 1);
  }
}

}  // namespace poolscope::detail
