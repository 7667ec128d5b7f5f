// Chrome trace JSON and CSV writers. Perfetto needs positive integer pids/tids, a `dur` on every "X"
// slice and non-overlapping slices per tid: a worker runs one task at a time, so its tid is its pid.
#include "poolscope/trace_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "poolscope/atomic_file.hpp"

namespace poolscope {
namespace {

using ojson = nlohmann::ordered_json;

double micros_since(std::int64_t origin_ns, std::int64_t t_ns) {
  return static_cast<double>(t_ns - origin_ns) / 1000.0;
}

// Inputs and results are stored as JSON literals; embed them as values so `5` stays a number.
ojson literal(const std::string& text) {
  if (text.empty()) return nullptr;
  ojson value = ojson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return text;
  return value;
}

ojson metadata(const char* name, int pid, int tid, ojson args) {
  ojson event = ojson::object();
  event["ph"] = "M";
  event["name"] = name;
  event["pid"] = pid;
  event["tid"] = tid;
  event["args"] = std::move(args);
  return event;
}

ojson name_args(const std::string& name) {
  ojson args = ojson::object();
  args["name"] = name;
  return args;
}

ojson sort_args(int index) {
  ojson args = ojson::object();
  args["sort_index"] = index;
  return args;
}

std::string worker_name(int worker, int pid) {
  return "Worker-" + std::to_string(worker) + " (pid " + std::to_string(pid) + ")";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_seconds(std::int64_t origin_ns, std::int64_t t_ns) {
  if (t_ns == 0) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(t_ns - origin_ns) / 1e9);
  return buffer;
}

}  // namespace

std::string trace_to_json(const Trace& trace) {
  ojson events = ojson::array();
  std::set<int> named_pids;
  int sort_index = 0;

  // The caller rows come first, then each run's workers in worker order.
  for (const RunTrace& run : trace.runs) {
    if (run.caller_pid > 0 && named_pids.insert(run.caller_pid).second) {
      const std::string name = "Caller (pid " + std::to_string(run.caller_pid) + ")";
      events.push_back(metadata("process_name", run.caller_pid, run.caller_pid, name_args(name)));
      events.push_back(metadata("process_sort_index", run.caller_pid, run.caller_pid, sort_args(sort_index++)));
      events.push_back(metadata("thread_name", run.caller_pid, run.caller_pid, name_args("caller")));
      events.push_back(metadata("thread_sort_index", run.caller_pid, run.caller_pid, sort_args(0)));
    }
  }
  for (const RunTrace& run : trace.runs) {
    // Every pid a task ran on gets a row, even one missing from `processes` (a worker replaced mid-run).
    std::map<std::pair<int, int>, bool> workers;  // (worker id, pid), ordered for stable rows
    for (const WorkerProcess& p : run.processes) {
      if (p.pid > 0) workers.emplace(std::make_pair(p.worker, p.pid), true);
    }
    for (const TaskRecord& t : run.tasks) {
      if (t.pid > 0) workers.emplace(std::make_pair(t.worker, t.pid), true);
    }
    const std::string mode(to_string(run.mode));
    for (const auto& [key, unused] : workers) {
      const auto [worker, pid] = key;
      if (!named_pids.insert(pid).second) continue;
      events.push_back(metadata("process_name", pid, pid, name_args(worker_name(worker, pid))));
      events.push_back(metadata("process_sort_index", pid, pid, sort_args(sort_index++)));
      events.push_back(
          metadata("thread_name", pid, pid, name_args("Worker-" + std::to_string(worker) + " (" + mode + ")")));
      events.push_back(metadata("thread_sort_index", pid, pid, sort_args(0)));
    }
  }

  for (const RunTrace& run : trace.runs) {
    const std::string mode(to_string(run.mode));
    const int caller = run.caller_pid > 0 ? run.caller_pid : 1;
    for (const TaskRecord& t : run.tasks) {
      const bool started = t.start_ns != 0 && t.pid > 0;
      const std::int64_t start = started ? t.start_ns : (t.submit_ns != 0 ? t.submit_ns : run.origin_ns);
      const std::int64_t finish = std::max(start, t.finish_ns);
      const int pid = started ? t.pid : caller;

      ojson args = ojson::object();
      args["mode"] = mode;
      args["index"] = t.index;
      args["input"] = literal(t.input);
      if (t.status == TaskStatus::ok) args["result"] = literal(t.result);
      args["worker"] = t.worker;
      args["chunk"] = t.chunk;
      args["status"] = std::string(to_string(t.status));
      if (t.status != TaskStatus::ok) args["message"] = t.message;
      args["submit_ts"] = micros_since(run.origin_ns, t.submit_ns != 0 ? t.submit_ns : run.origin_ns);
      if (t.emit_order >= 0) {
        args["emit_ts"] = micros_since(run.origin_ns, t.emit_ns);
        args["emit_order"] = t.emit_order;
      }

      ojson event = ojson::object();
      event["ph"] = "X";
      event["cat"] = "task";
      event["name"] = "task " + std::to_string(t.index);
      event["pid"] = pid;
      event["tid"] = pid;
      event["ts"] = micros_since(run.origin_ns, start);
      event["dur"] = static_cast<double>(finish - start) / 1000.0;
      event["args"] = std::move(args);
      events.push_back(std::move(event));
    }

    // The caller lane, in the order results reached the caller.
    std::vector<const TaskRecord*> emitted;
    for (const TaskRecord& t : run.tasks) {
      if (t.emit_order >= 0) emitted.push_back(&t);
    }
    std::sort(emitted.begin(), emitted.end(),
              [](const TaskRecord* a, const TaskRecord* b) { return a->emit_order < b->emit_order; });
    for (const TaskRecord* t : emitted) {
      ojson args = ojson::object();
      args["mode"] = mode;
      args["index"] = t->index;
      args["emit_order"] = t->emit_order;
      if (t->status != TaskStatus::ok) args["status"] = std::string(to_string(t->status));
      ojson event = ojson::object();
      event["ph"] = "i";
      event["cat"] = "emit";
      event["name"] = "emit " + std::to_string(t->index);
      event["pid"] = caller;
      event["tid"] = caller;
      event["s"] = "t";
      event["ts"] = micros_since(run.origin_ns, t->emit_ns);
      event["args"] = std::move(args);
      events.push_back(std::move(event));
    }
  }

  ojson other = ojson::object();
  other["generator"] = "poolscope";
  if (!trace.runs.empty()) {
    const RunTrace& first = trace.runs.front();
    other["workers"] = first.workers;
    other["chunksize"] = first.chunksize;
    other["workload"] = first.workload;
    other["label"] = first.label.empty() ? std::string("PoolScope") : first.label;
  }
  ojson runs = ojson::array();
  for (const RunTrace& run : trace.runs) {
    ojson r = ojson::object();
    r["mode"] = std::string(to_string(run.mode));
    r["workers"] = run.workers;
    r["chunksize"] = run.chunksize;
    r["workload"] = run.workload;
    r["label"] = run.label.empty() ? std::string("PoolScope") : run.label;
    r["caller_pid"] = run.caller_pid;
    r["tasks"] = run.tasks.size();
    r["wall_us"] = run.end_ns != 0 ? micros_since(run.origin_ns, run.end_ns) : 0.0;
    runs.push_back(std::move(r));
  }
  other["runs"] = std::move(runs);

  ojson root = ojson::object();
  root["traceEvents"] = std::move(events);
  root["displayTimeUnit"] = "ms";
  root["otherData"] = std::move(other);
  return root.dump() + "\n";
}

void write_trace_json(const Trace& trace, const std::filesystem::path& file) {
  write_file_atomically(file, trace_to_json(trace));
}

std::string trace_to_csv(const Trace& trace) {
  std::string out = "mode,index,input,result,worker,pid,chunk,status,submit_s,start_s,finish_s,emit_s,emit_order,message\n";
  for (const RunTrace& run : trace.runs) {
    const std::string mode(to_string(run.mode));
    for (const TaskRecord& t : run.tasks) {
      out += mode;
      out += ',' + std::to_string(t.index);
      out += ',' + csv_field(t.input);
      out += ',' + csv_field(t.status == TaskStatus::ok ? t.result : std::string());
      out += ',' + std::to_string(t.worker);
      out += ',' + std::to_string(t.pid);
      out += ',' + std::to_string(t.chunk);
      out += ',' + std::string(to_string(t.status));
      out += ',' + csv_seconds(run.origin_ns, t.submit_ns);
      out += ',' + csv_seconds(run.origin_ns, t.start_ns);
      out += ',' + csv_seconds(run.origin_ns, t.finish_ns);
      out += ',' + (t.emit_order >= 0 ? csv_seconds(run.origin_ns, t.emit_ns) : std::string());
      out += ',' + (t.emit_order >= 0 ? std::to_string(t.emit_order) : std::string());
      out += ',' + csv_field(t.message);
      out += '\n';
    }
  }
  return out;
}

void write_trace_csv(const Trace& trace, const std::filesystem::path& file) {
  write_file_atomically(file, trace_to_csv(trace));
}

}  // namespace poolscope
