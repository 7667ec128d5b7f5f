// Turns the workers' ring messages into task records and deliverable chunks; see result_drain.hpp.
#include "pool/result_drain.hpp"

#include <cstring>
#include <exception>
#include <string_view>

#include "poolscope/util/clock.hpp"

namespace poolscope::detail {

void ResultDrain::complete_chunk(ChunkInfo& ci, ChunkResults& c) {
  ci.finished = true;
  c.complete = true;
  Job& j = *ci.job;
  if (c.failed >= 0) {
    // map raises the exception that arrived first, not the one of the lowest index (Python's MapResult).
    const auto at = j.tasks.finish_ns[j.tasks.at(c.first + static_cast<std::uint64_t>(c.failed))];
    if (j.first_failure < 0 || at < j.first_failure_ns) {
      j.first_failure = static_cast<std::int64_t>(c.first) + c.failed;
      j.first_failure_ns = at;
    }
  }
  if (j.released || j.ended) {
    j.let_go(c);
    j.pop_done();
  } else if (j.spec.kind == JobKind::imap_unordered || j.spec.kind == JobKind::apply) {
    j.ready.push_back(c.number);
  }
  chunks_.retire_finished();
  // Nobody will ask for a dropped job again: once its last chunk is in, forget it, or a long-lived pool
  // (the GUI's) keeps every stopped run's bookkeeping. Finished chunks still queued behind an unfinished
  // one keep a dangling `job`, but nothing reads a finished chunk's job.
  if ((j.released || j.ended) && j.complete()) jobs_.erase(j.id);
}

// The tasks [c.received, to) have their outcome now.
void ResultDrain::received(ChunkInfo& ci, ChunkResults& c, std::uint32_t to) {
  Job& j = *ci.job;
  j.finished += to - c.received;
  if (trace_) {
    for (std::uint32_t pos = c.received; pos < to; ++pos) batch_.note(j.tasks, c, pos);
  }
  c.received = to;
  if (to == c.count) complete_chunk(ci, c);
}

void ResultDrain::handle(std::uint32_t slot, const MsgHeader& m, const char* payload) {
  ChunkInfo* ci = chunks_.find(m.chunk);
  if (ci == nullptr || ci->finished) return;
  Job& j = *ci->job;
  ChunkResults& c = j.chunk(ci->number);
  if (m.first != c.received || m.count == 0 || m.count > c.count - c.received) return;
  c.worker = workers_.id(slot);
  c.pid = workers_.pid(slot);
  TaskColumns& t = j.tasks;
  const bool repr = trace_ && j.spec.result_repr != nullptr;
  const std::uint32_t end = m.first + m.count;
  // The results are copied out of the report into the chunk's data, which grows once per report.
  std::uint64_t bytes = 0;
  for (const char* at = payload; at < payload + m.payload;) {
    TaskReport r;
    std::memcpy(&r, at, sizeof r);
    bytes += r.bytes;
    at += sizeof r + r.bytes;
  }
  c.data.reserve(c.data.size() + bytes);
  const char* at = payload;
  for (std::uint32_t pos = m.first; pos < end; ++pos) {
    TaskReport r;
    std::memcpy(&r, at, sizeof r);
    at += sizeof r;
    const std::size_t k = t.at(c.first + pos);
    t.start_ns[k] = r.start_ns;
    t.finish_ns[k] = r.finish_ns;
    if (m.failed != 0 && pos + 1 == end) {
      c.failure.assign(at, r.bytes);
      t.fate[k] = TaskFate::raised;
      c.failed = pos;
    } else {
      t.fate[k] = TaskFate::ok;
      c.data.append(at, r.bytes);
      if (repr) {
        try {
          j.spec.result_repr(std::string_view(at, r.bytes), t.result_repr[k]);
        } catch (const std::exception&) {
          t.result_repr[k].clear();
        }
      }
    }
    t.result_end[k] = c.data.size();
    at += r.bytes;
  }
  if (m.failed != 0) {
    // Python's worker runs a chunk as one call: the first exception abandons the rest of it.
    const std::int64_t stopped = t.finish_ns[t.at(c.first + end - 1)];
    for (std::uint32_t pos = end; pos < c.count; ++pos) {
      const std::size_t k = t.at(c.first + pos);
      t.fate[k] = TaskFate::skipped;
      t.start_ns[k] = t.finish_ns[k] = stopped;
      t.result_end[k] = c.data.size();
    }
    received(*ci, c, c.count);
    return;
  }
  received(*ci, c, end);
}

bool ResultDrain::drain_ring(std::uint32_t slot, std::size_t most) {
  const SharedView& v = region_.view();
  RingControl& r = v.rings[slot];
  const auto head = r.head.load(std::memory_order_acquire);
  auto tail = r.tail.load(std::memory_order_relaxed);
  if (head == tail) return false;
  const char* data = v.ring_data(slot);
  const auto cap = region_.header().result_capacity;
  for (std::size_t taken = 0; tail < head && taken < most; ++taken) {
    MsgHeader m;
    ring_get(data, cap, tail, &m, sizeof m);
    const auto next = tail + sizeof m + pad8(m.payload);
    std::string& parts = parts_[slot];
    if (m.type == MsgType::skip) {
      tail = next;
      continue;
    }
    if (m.type == MsgType::part) {
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
    const auto at = (tail + sizeof m) % cap;
    if (parts.empty() && at + m.payload <= cap) {
      handle(slot, m, data + at);  // read in place: most payloads do not wrap around the ring's end
    } else {
      // The parts belonged to this message, taken or not (a message for a finished chunk is ignored).
      const auto had = parts.size();
      parts.resize(had + m.payload);
      ring_get(data, cap, tail + sizeof m, parts.data() + had, m.payload);
      handle(slot, m, parts.data());
      std::string().swap(parts);
    }
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
  // A few hundred messages a ring at a time: the caller hands over what it took before taking more, so a
  // traced task's "finished" and "handed over" usually go out in one snapshot.
  constexpr std::size_t kMessagesPerCall = 256;
  for (std::uint32_t w = 0; w < workers_.size(); ++w) progress |= drain_ring(w, kMessagesPerCall);
  return progress;
}

bool ResultDrain::running_task(std::uint32_t slot, std::uint64_t& chunk, std::uint32_t& pos,
                               std::int64_t& since) const {
  const RingControl& r = region_.view().rings[slot];
  const auto seq = r.running_seq.load(std::memory_order_acquire);
  if ((seq & 1) != 0) return false;  // being written: the next look sees it
  const auto c = r.running_chunk.load(std::memory_order_relaxed);
  pos = r.running_pos.load(std::memory_order_relaxed);
  since = r.running_since.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (c == 0 || r.running_seq.load(std::memory_order_relaxed) != seq) return false;
  chunk = c - 1;
  return true;
}

void ResultDrain::poll_running() {
  for (std::uint32_t slot = 0; slot < workers_.size(); ++slot) {
    std::uint64_t chunk = 0;
    std::uint32_t pos = 0;
    std::int64_t since = 0;
    if (!running_task(slot, chunk, pos, since)) continue;
    ChunkInfo* ci = chunks_.find(chunk);
    if (ci == nullptr || ci->finished) continue;
    Job& j = *ci->job;
    ChunkResults& c = j.chunk(ci->number);
    if (pos >= c.count || pos < c.received) continue;
    const std::size_t k = j.tasks.at(c.first + pos);
    if (j.tasks.fate[k] != TaskFate::pending) continue;
    c.worker = workers_.id(slot);
    c.pid = workers_.pid(slot);
    j.tasks.fate[k] = TaskFate::running;
    j.tasks.start_ns[k] = since;
    batch_.note(j.tasks, c, pos);
  }
}

void ResultDrain::crash_chunks_of(std::uint32_t slot, const std::string& message) {
  std::string().swap(parts_[slot]);  // a large result cut short by the death
  const auto now = monotonic_ns();
  const auto owner = static_cast<std::uint64_t>(slot) + 1;
  SharedHeader& h = region_.header();
  std::uint64_t running_chunk = 0;
  std::uint32_t running_pos = 0;
  std::int64_t running_since = 0;
  const bool knows = running_task(slot, running_chunk, running_pos, running_since);
  for (std::size_t k = 0; k < chunks_.queue.size(); ++k) {
    ChunkInfo& ci = chunks_.queue[k];
    if (ci.finished) continue;
    const std::uint64_t n = chunks_.base + k;
    const auto state = region_.view().chunks[n % kChunkSlots].state.load(std::memory_order_acquire);
    if (state != ((n << kOwnerBits) | owner)) continue;
    TaskColumns& t = ci.job->tasks;
    ChunkResults& c = ci.job->chunk(ci.number);
    c.worker = workers_.id(slot);
    c.pid = workers_.pid(slot);
    // The task it was running when it died; without word of one, the first without an outcome.
    std::uint32_t died_at = c.received;
    if (knows && running_chunk == n && running_pos >= c.received && running_pos < c.count) died_at = running_pos;
    for (std::uint32_t pos = c.received; pos < c.count; ++pos) {
      const std::size_t at = t.at(c.first + pos);
      if (pos < died_at) {
        t.fate[at] = TaskFate::crashed_finished;
      } else if (pos == died_at) {
        t.fate[at] = TaskFate::crashed;
        if (t.start_ns[at] == 0 && knows && running_chunk == n) t.start_ns[at] = running_since;
      } else {
        t.fate[at] = TaskFate::crashed_unstarted;
      }
      if (t.start_ns[at] == 0) t.start_ns[at] = now;
      t.finish_ns[at] = now;
      t.result_end[at] = c.data.size();
    }
    c.failure = message;
    c.failed = died_at;
    received(ci, c, c.count);
    // It may have died between claiming the chunk and advancing the queue.
    auto cur = n;
    h.next_claim.compare_exchange_strong(cur, n + 1);
  }
}

}  // namespace poolscope::detail
