// Hands finished tasks to the caller as CPython's Pool does: input order for imap and map, completion
// order for imap_unordered and apply; a failed chunk as one exception that, with chunksize > 1, ends the
// caller's loop; map's first exception to arrive instead of any result. Stamps emit time and order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pool/job.hpp"
#include "pool/record_batch.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::detail {

class HandOver {
 public:
  HandOver(JobMap& jobs, RecordBatch& batch) : jobs_(jobs), batch_(batch) {}

  Job* find(std::uint64_t id);
  // next() would not block: a result is deliverable, every task was handed over, or the loop ended.
  bool ready(Job& j);
  // The next outcome for the caller (a result or a failure to raise) into `record` and `result` (see
  // PoolCore::next), or false at the end. Only once ready(j).
  bool next(Job& j, TaskRecord& record, std::string_view& result);
  // map, once j.complete(): every task's record and result, by index. Returns the index of the failed
  // task whose exception the caller receives instead of the results (-1: none failed); only its record is
  // stamped as handed over then.
  std::int64_t collect(Job& j, RunResults& results);
  // The caller lost interest: unpublished tasks are dropped, finished ones count as handed over.
  void release(Job& j);

 private:
  bool has_ready(Job& j);
  bool at_end(Job& j) { return j.fed_all && j.emitted == j.read; }
  void emit(Job& j, ChunkResults& c, std::uint32_t pos, std::int64_t now, TaskRecord& record, std::string_view& result);
  // The caller's loop is over (a chunk's exception with chunksize > 1): what is left is never handed over.
  void end(Job& j);
  void erase_if_done(Job& j);

  JobMap& jobs_;
  RecordBatch& batch_;
  std::string last_result_;  // the last result of a job forgotten as it was handed over
  StampClock clock_;         // emit stamps, one per result handed over
};

}  // namespace poolscope::detail
