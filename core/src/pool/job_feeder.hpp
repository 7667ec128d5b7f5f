// Feeds the workers' queue: reads each job's inputs (lazily for imap), packs them into chunks and
// publishes those while the queue and the input ring have room; tells the workers when nothing more comes.
#pragma once

#include <cstdint>

#include "pool/job.hpp"
#include "pool/shared_region.hpp"

namespace poolscope::detail {

class JobFeeder {
 public:
  JobFeeder(SharedRegion& region, JobMap& jobs, ChunksInFlight& chunks, bool trace)
      : region_(region), jobs_(jobs), chunks_(chunks), trace_(trace) {}

  // Publishes what fits now; true if anything was published. Throws SystemError if one chunk's inputs
  // can never fit the input ring.
  bool feed();

  // No job will be submitted any more: once every job is fed, the workers are told to exit.
  void close() { closed_ = true; }
  bool closed() const { return closed_; }
  // join() must be able to finish every task even if nobody consumes them: bounds no longer hold.
  void ignore_bounds() { joining_ = true; }
  // The workers were told that nothing more comes.
  bool shutdown_sent() const { return shutdown_sent_; }

 private:
  bool next_input(Job& j, EncodedInput& in);
  bool publish(Job& j);
  bool feed_job(Job& j, std::uint64_t& published, bool& blocked);

  SharedRegion& region_;
  JobMap& jobs_;
  ChunksInFlight& chunks_;
  bool trace_;
  bool closed_ = false;
  bool joining_ = false;
  bool shutdown_sent_ = false;
  std::int64_t feed_now_ = 0;
};

}  // namespace poolscope::detail
