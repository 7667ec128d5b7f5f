// Feeds the workers' queue: reads each job's inputs (lazily for imap), packs them into chunks and
// publishes those while the queue and the input ring have room; tells the workers when nothing more comes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pool/job.hpp"
#include "pool/shared_region.hpp"

namespace poolscope::detail {

class JobFeeder {
 public:
  JobFeeder(SharedRegion& region, JobMap& jobs, ChunksInFlight& chunks, bool trace)
      : region_(region), jobs_(jobs), chunks_(chunks), trace_(trace) {}

  // Publishes what fits now; true if anything was published (or more of a streamed chunk written).
  // A chunk whose inputs are larger than the input ring is streamed through it, once the ring is empty.
  bool feed();

  // No job will be submitted any more: once every job is fed, the workers are told to exit.
  void close() { closed_ = true; }
  bool closed() const { return closed_; }
  // join() must be able to finish every task even if nobody consumes them: bounds no longer hold.
  void ignore_bounds() { joining_ = true; }
  // The workers were told that nothing more comes.
  bool shutdown_sent() const { return shutdown_sent_; }

 private:
  ChunkResults& open_chunk(Job& j);
  // Reads up to `most` inputs of the job into the chunk being built; sets source_done at the end of the
  // input (or if it threw). Returns how many it read.
  std::size_t read_inputs(Job& j, std::size_t most);
  // Adds the `n` tasks just read to the job's columns, taking their JSON literals from `reprs` (a traced
  // map's pre-read inputs; read_inputs writes them in place).
  void add_tasks(Job& j, std::size_t n, ReprText* reprs);
  bool publish(Job& j, ChunkResults& c, std::string_view bytes, std::uint32_t count);
  bool feed_job(Job& j, std::uint64_t& published, bool& blocked);
  bool feed_preread(Job& j, std::uint64_t& published, bool& blocked);
  // Lets the workers see the chunks published so far: always if `now`, else once enough bytes are out.
  void announce(bool now);
  bool continue_stream();
  void end_stream();

  SharedRegion& region_;
  JobMap& jobs_;
  ChunksInFlight& chunks_;
  bool trace_;
  bool closed_ = false;
  bool joining_ = false;
  bool shutdown_sent_ = false;
  std::int64_t feed_now_ = 0;
  std::uint64_t announced_ = 0;        // chunks the workers were told of
  std::uint64_t feed_first_ = 0;       // the first chunk this feed() publishes
  std::uint64_t announced_bytes_ = 0;  // input ring position at that moment
  // The chunk being streamed: its number, its inputs and how many of them are in the ring so far.
  bool streaming_ = false;
  std::uint64_t stream_chunk_ = 0;
  std::uint64_t stream_start_ = 0;  // input ring position of its first byte
  std::string stream_bytes_;
  std::uint64_t stream_sent_ = 0;
};

}  // namespace poolscope::detail
