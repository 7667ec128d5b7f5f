// Packs job inputs into chunks and publishes them to the shared queue; see job_feeder.hpp.
#include "pool/job_feeder.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {
namespace {

constexpr std::uint64_t kAnnounceBytes = 64 << 10;

}  // namespace

ChunkResults& JobFeeder::open_chunk(Job& j) {
  ChunkResults& c = j.chunks.push_back_recycled();
  c.reset(j.published, j.read);
  return c;
}

void JobFeeder::add_tasks(Job& j, std::size_t n, ReprText* reprs) {
  j.tasks.add(n, trace_);
  if (trace_) {
    for (std::size_t i = 0; i < n; ++i) j.tasks.input_repr[j.tasks.at(j.read + i)].swap(reprs[i]);
  }
  j.read += n;
}

std::size_t JobFeeder::read_inputs(Job& j, std::size_t most) {
  std::exception_ptr error;
  ReprText* reprs = nullptr;
  if (trace_) {
    // The tasks' columns get room first, so that their inputs' JSON literals are written where they stay:
    // a few thousand at a time (a huge chunk of a short input must not size the columns), as many as fit
    // before the ring's end.
    constexpr std::size_t kMostAhead = 4096;
    most = std::min(most, kMostAhead);
    // A sized input is not read past its end, and room left in the columns is used before they grow: a
    // map sized once to its length must not double its columns to learn that the input has ended.
    if (j.spec.length) {
      if (j.read >= *j.spec.length) {
        j.source_done = true;
        return 0;
      }
      most = std::min<std::size_t>(most, *j.spec.length - j.read);
    }
    const std::size_t room = j.tasks.capacity() - static_cast<std::size_t>(j.tasks.high() - j.tasks.low());
    if (room > 0) most = std::min(most, room);
    j.tasks.add(most, true);
    const std::size_t k = j.tasks.at(j.read);
    most = std::min<std::size_t>(most, j.tasks.capacity() - k);
    reprs = &j.tasks.input_repr[k];
  }
  const std::size_t n = j.spec.source(j.build, reprs, most, error);
  if (trace_) j.tasks.drop_from(j.read + n);
  if (n > 0) {
    if (j.build_count == 0) open_chunk(j);
    if (trace_) {
      j.read += n;
    } else {
      add_tasks(j, n, nullptr);
    }
    j.build_count += static_cast<std::uint32_t>(n);
  }
  if (error) {
    // The pool stays usable: the job ends here and the caller receives the exception at its position.
    j.input_error = error;
    j.spec.source = nullptr;
    j.drop_build();
  }
  if (error || n < most) j.source_done = true;
  return n;
}

// Publishes the chunk whose inputs are `bytes` (`count` entries); false if the queue or the input ring is
// full for now.
bool JobFeeder::publish(Job& j, ChunkResults& c, std::string_view bytes, std::uint32_t count) {
  const std::uint64_t need = bytes.size();
  SharedHeader& h = region_.header();
  const auto cap = h.input_capacity;
  if (streaming_ || chunks_.queue.size() >= kChunkSlots) return false;
  if (chunks_.queue.empty() && chunks_.input_head % cap >= kRewindBytes) {
    // Nothing in flight: start again at the ring's first bytes, whose pages are warm.
    chunks_.input_head = chunks_.input_tail = (chunks_.input_head / cap + 1) * cap;
  }
  // While a streamed chunk is in flight, head - tail exceeds the capacity until it retires.
  const auto used = chunks_.input_head - chunks_.input_tail;
  const bool streamed = need > cap;
  if (streamed ? used != 0 : used > cap || cap - used < need) return false;
  const std::uint64_t n = chunks_.end();
  const SharedView& v = region_.view();
  ChunkSlot& slot = v.chunks[n % kChunkSlots];
  ring_put(v.input, cap, chunks_.input_head, bytes.data(), streamed ? cap : need);
  if (streamed) {
    // The worker that claims it copies the inputs out while continue_stream() writes the rest.
    h.stream_read.store(chunks_.input_head, std::memory_order_relaxed);
    h.stream_written.store(chunks_.input_head + cap, std::memory_order_release);
    streaming_ = true;
    stream_chunk_ = n;
    stream_start_ = chunks_.input_head;
    stream_sent_ = cap;
    stream_bytes_.assign(bytes);
  }
  slot.fn = j.spec.fn;
  slot.invoke = reinterpret_cast<std::uintptr_t>(j.spec.invoke);
  slot.input_pos = chunks_.input_head;
  slot.input_bytes = need;
  slot.count = count;
  slot.state.store(n << kOwnerBits, std::memory_order_relaxed);
  chunks_.input_head += need;
  chunks_.queue.push_back(ChunkInfo{&j, c.number, chunks_.input_head, false});
  c.count = count;
  c.published = true;
  c.submit_ns = feed_now_;
  ++j.published;
  return true;
}

// Reads inputs and publishes chunks while there is room. Returns true if anything was published.
bool JobFeeder::feed_job(Job& j, std::uint64_t& published, bool& blocked) {
  if (j.has_preread) return feed_preread(j, published, blocked);
  for (;;) {
    if (j.build_count > 0 && (j.build_count == j.spec.chunksize || j.source_done)) {
      if (!publish(j, j.chunks[j.chunks.size() - 1], j.build, j.build_count)) {
        blocked = true;
        return published > 0;
      }
      j.build.clear();
      j.build_count = 0;
      ++published;
      announce(false);
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
    std::size_t most = j.spec.chunksize - j.build_count;
    if (j.bound != 0 && !joining_) most = std::min<std::size_t>(most, j.bound - (j.read - j.emitted));
    read_inputs(j, most);
  }
}

// map and apply: every input is in pre_bytes already, in the form chunks travel in; a chunk is published
// straight from there.
bool JobFeeder::feed_preread(Job& j, std::uint64_t& published, bool& blocked) {
  const std::size_t total = j.pre_end.size();
  while (j.pre_next < total) {
    const std::size_t count = std::min<std::size_t>(j.spec.chunksize, total - j.pre_next);
    const std::uint64_t begin = j.pre_next == 0 ? 0 : j.pre_end[j.pre_next - 1];
    const std::uint64_t end = j.pre_end[j.pre_next + count - 1];
    if (chunks_.queue.size() >= kChunkSlots) {
      blocked = true;
      return published > 0;
    }
    ChunkResults& c = open_chunk(j);
    if (!publish(j, c, std::string_view(j.pre_bytes).substr(begin, end - begin), static_cast<std::uint32_t>(count))) {
      j.chunks.pop_back();
      blocked = true;
      return published > 0;
    }
    add_tasks(j, count, trace_ ? j.pre_repr.data() + j.pre_next : nullptr);
    j.pre_next += count;
    ++published;
  }
  std::string().swap(j.pre_bytes);
  std::vector<std::uint64_t>().swap(j.pre_end);
  std::vector<ReprText>().swap(j.pre_repr);
  j.source_done = true;
  j.fed_all = true;
  return published > 0;
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

void JobFeeder::announce(bool now) {
  const std::uint64_t end = chunks_.end();
  const std::uint64_t fresh = end - announced_;
  if (fresh == 0) return;
  // One store for many small chunks: workers see the queue grow without the line bouncing per chunk. The
  // first chunk of a feed, and then every 64 KiB of inputs, are announced as soon as they are out, so the
  // workers start while more inputs are read.
  if (!now && announced_ != feed_first_ && chunks_.input_head - announced_bytes_ < kAnnounceBytes) return;
  region_.header().published.store(end, std::memory_order_release);
  region_.wake_workers(fresh);
  announced_ = end;
  announced_bytes_ = chunks_.input_head;
}

bool JobFeeder::feed() {
  feed_now_ = monotonic_ns();
  feed_first_ = chunks_.end();
  const bool streamed = continue_stream();
  std::uint64_t published = 0;
  bool blocked = false;
  bool all_fed = true;
  for (auto& [id, jp] : jobs_) {
    Job& j = *jp;
    if (!j.fed_all && !j.released && !blocked) feed_job(j, published, blocked);
    if (!j.fed_all) all_fed = false;
  }
  if (published > 0) announce(true);
  if (closed_ && all_fed && !shutdown_sent_) {
    // Workers exit once the queue is empty; only now is nothing more coming.
    shutdown_sent_ = true;
    region_.announce_shutdown(1);
  }
  return published > 0 || streamed;
}

}  // namespace poolscope::detail
