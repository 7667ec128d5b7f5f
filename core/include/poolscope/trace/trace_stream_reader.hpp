// Reads the live event stream that poolscope_record.py writes for `poolscope watch` (one JSON object per
// line: a run began, a task changed, a run ended) into runs that grow as the events arrive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/trace/task_record.hpp"

namespace poolscope {

struct StreamUpdate {
  enum class Kind : std::uint8_t {
    run_started,    // a new run, or new metadata for a known one (its mode is settled when it ends)
    tasks_changed,  // `tasks` holds the new snapshots, in arrival order
    run_ended,
  };
  Kind kind = Kind::tasks_changed;
  std::size_t run = 0;  // index into trace().runs
  std::vector<TaskRecord> tasks;
};

class TraceStreamReader {
 public:
  // Feeds bytes as they were read; every complete line is applied. Consecutive task snapshots of one run
  // come back as one update, so a reader applies them as one batch.
  std::vector<StreamUpdate> feed(std::string_view bytes);
  // Ends the stream (the writer is gone): a partial last line is dropped, and a run that never said it
  // ended ends at its last hand-over. Returns the runs as they finally are.
  const Trace& finish();

  const Trace& trace() const { return trace_; }
  bool ended(std::size_t run) const { return run < ended_.size() && ended_[run]; }
  // Lines that were not events of this stream: skipped and counted, as a watch must not stop for them.
  std::size_t bad_lines() const { return bad_lines_; }

 private:
  void apply_line(std::string_view line, std::vector<StreamUpdate>& out);
  void end_run(std::size_t run, std::int64_t end_ns);

  std::string pending_;
  Trace trace_;
  std::map<std::int64_t, std::size_t> run_index_;  // the stream's run number -> index into trace_.runs
  std::vector<bool> ended_;
  std::size_t bad_lines_ = 0;
};

}  // namespace poolscope
