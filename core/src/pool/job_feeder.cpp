// Packs job inputs into chunks and publishes them to the shared queue; see job_feeder.hpp.
#include "pool/job_feeder.hpp"

#include <exception>
#include <string>

#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {

bool JobFeeder::next_input(Job& j, EncodedInput& in) {
  if (j.has_preread) {
    if (j.pre_next == j.pre_end.size()) {
      std::string().swap(j.pre_bytes);
      std::vector<std::uint64_t>().swap(j.pre_end);
      std::vector<std::string>().swap(j.pre_repr);
      j.pre_next = 0;
      return false;
    }
    const std::uint64_t begin = j.pre_next == 0 ? 0 : j.pre_end[j.pre_next - 1];
    in.bytes.assign(j.pre_bytes, begin, j.pre_end[j.pre_next] - begin);
    if (!j.pre_repr.empty()) in.repr.swap(j.pre_repr[j.pre_next]);
    ++j.pre_next;
    return true;
  }
  try {
    return j.spec.source(in);
  } catch (...) {
    // The pool stays usable: the job ends here and the caller receives the exception at its position.
    j.input_error = std::current_exception();
    j.spec.source = nullptr;
    for (; j.build_count > 0; --j.build_count) {
      j.tasks.pop_back();
      --j.read;
    }
    j.build.clear();
    return false;
  }
}

// Publishes the job's assembled chunk; false if the queue or the input ring is full for now.
bool JobFeeder::publish(Job& j) {
  const std::uint64_t need = j.build.size();
  const auto cap = region_.header().input_capacity;
  if (need > cap) {
    throw SystemError("a chunk's inputs (" + std::to_string(need) + " bytes) do not fit the pool's input buffer (" +
                      std::to_string(cap) + " bytes); use a smaller chunksize or raise PoolOptions::input_bytes");
  }
  if (cap - (chunks_.input_head - chunks_.input_tail) < need || chunks_.queue.size() >= kChunkSlots) return false;
  const std::uint64_t c = chunks_.end();
  const SharedView& v = region_.view();
  ChunkSlot& slot = v.chunks[c % kChunkSlots];
  ring_put(v.input, cap, chunks_.input_head, j.build.data(), need);
  slot.fn = j.spec.fn;
  slot.invoke = reinterpret_cast<std::uintptr_t>(j.spec.invoke);
  slot.input_pos = chunks_.input_head;
  slot.input_bytes = need;
  slot.count = j.build_count;
  slot.state.store(c << kOwnerBits, std::memory_order_relaxed);
  chunks_.input_head += need;
  ChunkInfo info;
  info.job = &j;
  info.first = j.read - j.build_count;
  info.count = j.build_count;
  info.input_end = chunks_.input_head;
  chunks_.queue.push_back(info);
  for (std::uint64_t i = info.first; i < j.read; ++i) j.task(i).rec.submit_ns = feed_now_;
  j.build.clear();
  j.build_count = 0;
  ++j.chunks;
  return true;
}

// Reads inputs and publishes chunks while there is room. Returns true if anything was published.
bool JobFeeder::feed_job(Job& j, std::uint64_t& published, bool& blocked) {
  for (;;) {
    if (j.build_count > 0 && (j.build_count == j.spec.chunksize || j.source_done)) {
      if (!publish(j)) {
        blocked = true;
        return published > 0;
      }
      ++published;
      continue;
    }
    if (j.source_done) {
      j.fed_all = true;
      return published > 0;
    }
    if (j.bound != 0 && !joining_ && j.read - j.emitted >= j.bound) return published > 0;
    if (chunks_.queue.size() >= kChunkSlots) {
      blocked = true;
      return published > 0;
    }
    if (!next_input(j, j.scratch)) {
      j.source_done = true;
      continue;
    }
    const auto len = static_cast<std::uint32_t>(j.scratch.bytes.size());
    j.build.append(reinterpret_cast<const char*>(&len), sizeof len);
    j.build.append(j.scratch.bytes);
    ++j.build_count;
    TaskState& t = j.tasks.push_back_recycled();
    t.reset();
    t.rec.index = j.read++;
    t.rec.chunk = j.chunks;
    if (trace_) t.rec.input.swap(j.scratch.repr);
  }
}

bool JobFeeder::feed() {
  feed_now_ = monotonic_ns();
  std::uint64_t published = 0;
  bool blocked = false;
  bool all_fed = true;
  for (auto& [id, jp] : jobs_) {
    Job& j = *jp;
    if (!j.fed_all && !j.released && !blocked) feed_job(j, published, blocked);
    if (!j.fed_all) all_fed = false;
  }
  if (published > 0) {
    // One store for the whole batch: workers see the queue grow without the line bouncing per chunk.
    region_.header().published.store(chunks_.end(), std::memory_order_release);
    region_.wake_workers(published);
  }
  if (closed_ && all_fed && !shutdown_sent_) {
    // Workers exit once the queue is empty; only now is nothing more coming.
    shutdown_sent_ = true;
    region_.announce_shutdown(1);
  }
  return published > 0;
}

}  // namespace poolscope::detail
