// Hands finished tasks to the caller in the order each mode promises (input order for imap and map,
// completion order for imap_unordered and apply), stamps their emit time and order, forgets what is done.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pool/job.hpp"
#include "pool/record_batch.hpp"

namespace poolscope::detail {

class HandOver {
 public:
  HandOver(JobMap& jobs, RecordBatch& batch) : jobs_(jobs), batch_(batch) {}

  Job* find(std::uint64_t id);
  // next() would not block: a result is deliverable or every task was handed over.
  bool ready(Job& j);
  // The next outcome for the caller, or nullopt at the end. Only once ready(j).
  std::optional<Outcome> next(Job& j);
  // map, once j.complete(): every task at once, ordered by index.
  void collect(Job& j, std::vector<TaskRecord>& records, std::vector<std::string>& results);
  // The caller lost interest: unpublished tasks are dropped, finished ones count as handed over.
  void release(Job& j);

 private:
  bool has_ready(Job& j);
  bool at_end(Job& j) { return j.fed_all && j.emitted == j.read; }
  Outcome emit(Job& j, std::uint64_t index, std::int64_t now);
  void erase_if_done(Job& j);

  JobMap& jobs_;
  RecordBatch& batch_;
};

}  // namespace poolscope::detail
