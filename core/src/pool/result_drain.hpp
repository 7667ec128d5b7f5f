// Reads the workers' result rings: records each task's start, result or error, completes chunks (a chunk's
// results become deliverable together, as in Python), and reports the tasks a dead worker took with it.
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

  // Reads every ring; true if any message was read.
  bool drain();
  // Reads one worker's ring.
  bool drain_ring(std::uint32_t slot);
  // The worker in `slot` died: its unfinished tasks are `crashed` with `message`.
  void crash_chunks_of(std::uint32_t slot, const std::string& message);

 private:
  void handle(std::uint32_t slot, const MsgHeader& m, const char* ring, std::uint64_t payload_pos);
  // The payload of an ok / error message, joined to the parts that came before it.
  void read_payload(std::uint32_t slot, const MsgHeader& m, const char* ring, std::uint64_t pos, std::string& out);
  void finish_task(ChunkInfo& ci, TaskState& t);
  void complete_chunk(ChunkInfo& ci);

  SharedRegion& region_;
  JobMap& jobs_;
  ChunksInFlight& chunks_;
  const WorkerSet& workers_;
  RecordBatch& batch_;
  bool trace_;
  std::vector<std::string> parts_;  // per worker: the parts of a large result received so far
};

}  // namespace poolscope::detail
