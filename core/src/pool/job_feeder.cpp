// Packs job inputs into chunks and publishes them to the shared queue; see job_feeder.hpp.
#include "pool/job_feeder.hpp"

#include <algorithm>
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
  SharedHeader& h = region_.header();
  const auto cap = h.input_capacity;
  if (streaming_ || chunks_.queue.size() >= kChunkSlots) return false;
  // While a streamed chunk is in flight, head - tail exceeds the capacity until it retires.
  const auto used = chunks_.input_head - chunks_.input_tail;
  const bool streamed = need > cap;
  if (streamed ? used != 0 : used > cap || cap - used < need) return false;
  const std::uint64_t c = chunks_.end();
  const SharedView& v = region_.view();
  ChunkSlot& slot = v.chunks[c % kChunkSlots];
  ring_put(v.input, cap, chunks_.input_head, j.build.data(), streamed ? cap : need);
  if (streamed) {
    // The worker that claims it copies the inputs out while continue_stream() writes the rest.
    h.stream_read.store(chunks_.input_head, std::memory_order_relaxed);
    h.stream_written.store(chunks_.input_head + cap, std::memory_order_release);
    streaming_ = true;
    stream_chunk_ = c;
    stream_start_ = chunks_.input_head;
    stream_sent_ = cap;
    stream_bytes_.swap(j.build);
  }
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
    const std::uint64_t len = j.scratch.bytes.size();
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

bool JobFeeder::continue_stream() {
  if (!streaming_) return false;
  const ChunkInfo* ci = chunks_.find(stream_chunk_);
  if (ci == nullptr || ci->finished) {
    end_stream();  // its worker died: nobody reads the rest
    return false;
  }
  SharedHeader& h = region_.header();
  const auto cap = h.input_capacity;
  const auto written = stream_start_ + stream_sent_;
  const auto room = cap - (written - h.stream_read.load(std::memory_order_acquire));
  const auto n = std::min<std::uint64_t>(room, stream_bytes_.size() - stream_sent_);
  if (n == 0) return false;
  ring_put(region_.view().input, cap, written, stream_bytes_.data() + stream_sent_, n);
  stream_sent_ += n;
  h.stream_written.store(written + n, std::memory_order_release);
  h.stream_seq.fetch_add(1, std::memory_order_seq_cst);
  futex_wake(h.stream_seq, 1);
  if (stream_sent_ == stream_bytes_.size()) end_stream();
  return true;
}

void JobFeeder::end_stream() {
  streaming_ = false;
  std::string().swap(stream_bytes_);
  stream_sent_ = 0;
}

bool JobFeeder::feed() {
  feed_now_ = monotonic_ns();
  const bool streamed = continue_stream();
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
  return published > 0 || streamed;
}

}  // namespace poolscope::detail
