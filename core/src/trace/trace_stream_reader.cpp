// The live stream of `poolscope watch`: each line is applied as it completes, so the chart can draw a
// task the moment its worker reports it. A bad line is skipped: the program being watched goes on.
#include "poolscope/trace/trace_stream_reader.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

namespace poolscope {
namespace {

using json = nlohmann::json;

constexpr std::uint64_t kMaxIndex = 100'000'000;  // a stream claiming more tasks than this is not ours

std::int64_t integer(const json& object, const char* key, std::int64_t fallback) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return fallback;
  return it->get<std::int64_t>();
}

std::string text(const json& object, const char* key, const std::string& fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// A task's input or result as the trace keeps it: the JSON literal.
std::string literal(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? std::string() : it->dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::vector<StreamUpdate> TraceStreamReader::feed(std::string_view bytes) {
  std::vector<StreamUpdate> out;
  pending_.append(bytes);
  std::size_t begin = 0;
  for (std::size_t end = pending_.find('\n'); end != std::string::npos; end = pending_.find('\n', begin)) {
    apply_line(std::string_view(pending_).substr(begin, end - begin), out);
    begin = end + 1;
  }
  pending_.erase(0, begin);
  return out;
}

void TraceStreamReader::apply_line(std::string_view line, std::vector<StreamUpdate>& out) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  const json event = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) {
    ++bad_lines_;
    return;
  }
  const std::string kind = text(event, "event", "");
  const std::int64_t number = integer(event, "run", -1);
  if (number < 0) {
    ++bad_lines_;
    return;
  }
  auto known = run_index_.find(number);
  if (kind == "run") {
    const auto mode = mode_from_string(text(event, "mode", ""));
    if (!mode) {
      ++bad_lines_;
      return;
    }
    if (known == run_index_.end()) {
      known = run_index_.emplace(number, trace_.runs.size()).first;
      trace_.runs.emplace_back();
      ended_.push_back(false);
      RunTrace& run = trace_.runs.back();
      run.origin_ns = std::max<std::int64_t>(integer(event, "origin_ns", 1), 1);
      run.end_ns = run.origin_ns;
    }
    RunTrace& run = trace_.runs[known->second];
    run.mode = *mode;
    run.workers = static_cast<int>(std::clamp<std::int64_t>(integer(event, "workers", 0), 0, 4096));
    run.chunksize = static_cast<int>(std::clamp<std::int64_t>(integer(event, "chunksize", 1), 1, 1'000'000'000));
    run.workload = text(event, "workload", run.workload);
    run.label = text(event, "label", "Python");
    run.caller_pid = static_cast<int>(std::clamp<std::int64_t>(integer(event, "caller_pid", 0), 0, 1 << 30));
    out.push_back({StreamUpdate::Kind::run_started, known->second, {}});
    return;
  }
  if (known == run_index_.end()) {
    ++bad_lines_;
    return;
  }
  const std::size_t index = known->second;
  if (kind == "end") {
    end_run(index, integer(event, "end_ns", 0));
    out.push_back({StreamUpdate::Kind::run_ended, index, {}});
    return;
  }
  const std::int64_t task_index = integer(event, "index", -1);
  const auto status = task_status_from_string(text(event, "status", ""));
  if (kind != "task" || task_index < 0 || static_cast<std::uint64_t>(task_index) >= kMaxIndex || !status) {
    ++bad_lines_;
    return;
  }
  TaskRecord t;
  t.index = static_cast<std::uint64_t>(task_index);
  t.input = literal(event, "input");
  if (*status == TaskStatus::ok) t.result = literal(event, "result");
  t.worker = static_cast<int>(std::clamp<std::int64_t>(integer(event, "worker", 0), 0, 1 << 20));
  t.pid = static_cast<int>(std::clamp<std::int64_t>(integer(event, "pid", 0), 0, std::numeric_limits<int>::max()));
  t.chunk = static_cast<std::uint64_t>(std::max<std::int64_t>(integer(event, "chunk", 0), 0));
  t.submit_ns = std::max<std::int64_t>(integer(event, "submit_ns", 0), 0);
  t.start_ns = std::max<std::int64_t>(integer(event, "start_ns", 0), 0);
  t.finish_ns = std::max<std::int64_t>(integer(event, "finish_ns", 0), 0);
  t.emit_ns = std::max<std::int64_t>(integer(event, "emit_ns", 0), 0);
  t.emit_order = std::max<std::int64_t>(integer(event, "emit_order", -1), -1);
  if (t.emit_order < 0) t.emit_ns = 0;
  t.status = *status;
  t.message = text(event, "message", "");

  RunTrace& run = trace_.runs[index];
  if (run.tasks.size() <= t.index) {
    const std::size_t old = run.tasks.size();
    run.tasks.resize(t.index + 1);
    for (std::size_t i = old; i < run.tasks.size(); ++i) run.tasks[i].index = i;
  }
  run.tasks[t.index] = t;
  if (t.emit_order >= 0) run.end_ns = std::max(run.end_ns, t.emit_ns);
  if (out.empty() || out.back().kind != StreamUpdate::Kind::tasks_changed || out.back().run != index) {
    out.push_back({StreamUpdate::Kind::tasks_changed, index, {}});
  }
  out.back().tasks.push_back(std::move(t));
}

void TraceStreamReader::end_run(std::size_t run, std::int64_t end_ns) {
  RunTrace& r = trace_.runs[run];
  if (end_ns > 0) r.end_ns = std::max(r.end_ns, end_ns);
  ended_[run] = true;
}

const Trace& TraceStreamReader::finish() {
  pending_.clear();
  for (std::size_t i = 0; i < trace_.runs.size(); ++i) {
    if (!ended_[i]) end_run(i, 0);
  }
  return trace_;
}

}  // namespace poolscope
