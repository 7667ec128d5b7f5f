// Task record snapshots on their way to the pool's trace sink, published in batches (by count or age)
// so a million-task run does not call the sink once per event.
#pragma once

#include <cstdint>
#include <vector>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope::detail {

class RecordBatch {
 public:
  RecordBatch(TraceSink* sink, bool trace);

  void note(const TaskRecord& rec) {
    if (enabled_) changes_.push_back(rec);
  }
  // Publishes what is held now.
  void flush();
  // Publishes if the batch is big or old enough.
  void maybe_flush(std::int64_t now);

 private:
  TraceSink* sink_;
  bool enabled_;
  std::vector<TaskRecord> changes_;
  std::int64_t last_flush_ = 0;
};

}  // namespace poolscope::detail
