// Reads the workers' result rings: each message reports a run of a chunk's tasks (stamps, results, an
// error), copied into the chunk's arrays in bulk; completes chunks (a chunk's results become deliverable
// together, as in Python), and reports the tasks a dead worker took with it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pool/job.hpp"
#include "pool/record_batch.hpp"
#include "pool/shared_region.hpp"
#include "pool/worker_set.hpp"

namespace poolscope::detail {

class ResultDrain {
 public:
  ResultDrain(SharedRegion& region, JobMap& jobs, ChunksInFlight& chunks, const WorkerSet& workers, RecordBatch& batch,
              bool trace)
      : region_(region),
        jobs_(jobs),
        chunks_(chunks),
        workers_(workers),
        batch_(batch),
        trace_(trace),
        parts_(workers.size()) {}

  // Reads every ring, a bounded number of messages from each; true if any message was read.
  bool drain();
  // Reads one worker's ring: all it holds, or `most` messages.
  bool drain_ring(std::uint32_t slot, std::size_t most = static_cast<std::size_t>(-1));
  // Tracing: marks the tasks the workers run now as running, before their chunks report.
  void poll_running();
  // The worker in `slot` died: its unfinished tasks are `crashed` with `message`.
  void crash_chunks_of(std::uint32_t slot, const std::string& message);

 private:
  void handle(std::uint32_t slot, const MsgHeader& m, const char* payload);
  void received(ChunkInfo& ci, ChunkResults& c, std::uint32_t to);
  void complete_chunk(ChunkInfo& ci, ChunkResults& c);
  // The task the worker in `slot` said it runs now; false if it has said nothing readable.
  bool running_task(std::uint32_t slot, std::uint64_t& chunk, std::uint32_t& pos, std::int64_t& since) const;

  SharedRegion& region_;
  JobMap& jobs_;
  ChunksInFlight& chunks_;
  const WorkerSet& workers_;
  RecordBatch& batch_;
  bool trace_;
  std::vector<std::string> parts_;  // per worker: the parts of a large result received so far
};

}  // namespace poolscope::detail
