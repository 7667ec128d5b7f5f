// Writes runs as a Chrome Trace Event Format file (opens in Perfetto and chrome://tracing) or as CSV.
// The JSON layout is the trace-file contract of the design; both writers replace files atomically.
#pragma once

#include <filesystem>
#include <string>

#include "poolscope/trace/task_record.hpp"

namespace poolscope {

// One "X" event (cat "task") per task on its worker's pid/tid, one "i" event (cat "emit") per result the
// caller received on the caller's pid/tid, process/thread name and sort-index metadata, and otherData.
// Times are microseconds from the start of each run.
std::string trace_to_json(const Trace& trace);
void write_trace_json(const Trace& trace, const std::filesystem::path& file);

// One header line, then one row per task of every run:
// mode,index,input,result,worker,pid,chunk,status,submit_s,start_s,finish_s,emit_s,emit_order,message
std::string trace_to_csv(const Trace& trace);
void write_trace_csv(const Trace& trace, const std::filesystem::path& file);

}  // namespace poolscope
