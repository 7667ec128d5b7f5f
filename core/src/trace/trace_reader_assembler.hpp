// Turns the events of a trace file, one at a time, into runs of TaskRecords: PoolScope's task events
// when the file has them, otherwise every complete slice of a generic Chrome trace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::trace_reader_detail {

class TraceReaderAssembler {
 public:
  using json = nlohmann::json;

  // Throws InputError naming the event (its position in the list) and the field at fault.
  void add_event(json& event, std::size_t ordinal);
  // Builds the trace; `other_data` is the file's otherData object (or null). `fallback_label` names
  // runs of a generic trace that carries no label of its own.
  Trace finish(const json& other_data, const std::string& fallback_label, TraceFlavor* flavor);

 private:
  // A run is told apart by its mode and, for several recorded calls in one mode, by args.run.
  using RunKey = std::pair<std::int64_t, Mode>;

  struct PendingRun {
    RunKey key;
    std::vector<TaskRecord> tasks;
    std::vector<std::size_t> ordinals;  // position in the event list of each task, for messages
  };

  // A row of a generic trace: its pid and tid, each a number or a string.
  struct RowId {
    bool pid_is_number = true;
    std::int64_t pid = 0;
    std::string pid_text;
    bool tid_is_number = true;
    std::int64_t tid = 0;
    std::string tid_text;
    auto operator<=>(const RowId&) const = default;
  };

  struct Slice {
    std::size_t row = 0;
    double ts = 0;  // microseconds, as in the file
    double dur = 0;
    std::string name;
    std::optional<Mode> mode;
    std::size_t ordinal = 0;
  };

  struct OpenSlice {
    double ts = 0;
    std::string name;
    std::optional<Mode> mode;
    std::size_t ordinal = 0;
  };

  struct WorkerName {
    int worker = 0;
    int pid = 0;
    std::optional<Mode> mode;
  };

  void add_task(const json& event, std::size_t ordinal);
  void add_emit(const json& event, std::size_t ordinal);
  void add_metadata(const json& event);
  void add_slice(const json& event, std::size_t ordinal, char phase);
  std::size_t row_of(const json& event, std::size_t ordinal);
  PendingRun& run_for(const RunKey& key);

  Trace finish_poolscope(const json& other_data);
  Trace finish_chrome(const json& other_data, const std::string& fallback_label);

  // PoolScope task events, by run in order of first appearance.
  std::vector<PendingRun> runs_;
  std::map<RunKey, std::size_t> run_index_;
  std::map<RunKey, int> emit_pids_;
  std::map<int, WorkerName> worker_names_;  // by pid, from process_name / thread_name metadata

  std::size_t events_without_phase_ = 0;

  // Generic slices.
  std::map<RowId, std::size_t> rows_;
  std::vector<RowId> row_ids_;
  std::vector<Slice> slices_;
  std::map<std::size_t, std::vector<OpenSlice>> open_slices_;  // "B" events waiting for their "E", by row
};

}  // namespace poolscope::trace_reader_detail
