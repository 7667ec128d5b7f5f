// Chrome trace JSON and CSV writers. Perfetto needs positive integer pids/tids, a `dur` on every "X"
// slice and non-overlapping slices per tid: a worker runs one task at a time, so its tid is its pid.
// The JSON is written by hand rather than through a DOM: traces of 100,000 tasks are normal, and building
// a DOM for them costs ten times the writing.
#include "poolscope/trace/trace_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "poolscope/util/atomic_file.hpp"

namespace poolscope {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points above U+10FFFF.
  if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;
  if (n == 4 && c == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (n == 4 && c == 0xF4 && byte(i + 1) >= 0x90) return 0;
  return n;
}

// A JSON string literal. Bytes that are not UTF-8 (a task's message can hold anything) become U+FFFD,
// so the file always parses.
void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      const std::size_t n = utf8_length(text, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
          out += buffer;
        } else {
          out += c;
        }
    }
    ++i;
  }
  out += '"';
}

template <class Int> void append_int(std::string& out, Int value) {
  char buffer[24];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, r.ptr);
}

// Microseconds from `origin_ns` with the nanoseconds kept: 3000114.250.
void append_micros(std::string& out, std::int64_t origin_ns, std::int64_t t_ns) {
  std::int64_t ns = t_ns - origin_ns;
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  append_int(out, ns / 1000);
  out += '.';
  const auto frac = static_cast<int>(ns % 1000);
  out += static_cast<char>('0' + frac / 100);
  out += static_cast<char>('0' + frac / 10 % 10);
  out += static_cast<char>('0' + frac % 10);
}

// Inputs and results are stored as JSON literals; embed them as values so `5` stays a number.
// Anything that is not a valid literal is written as a string rather than breaking the file.
void append_literal(std::string& out, const std::string& text) {
  if (text.empty()) {
    out += "null";
  } else if (nlohmann::json::accept(text)) {
    out += text;
  } else {
    append_string(out, text);
  }
}

void append_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\":";
}

void append_metadata(std::string& out, const char* name, int pid, const char* arg, const std::string* text,
                     int number) {
  out += "{\"ph\":\"M\",\"name\":\"";
  out += name;
  out += "\",\"pid\":";
  append_int(out, pid);
  out += ",\"tid\":";
  append_int(out, pid);
  out += ",\"args\":{";
  append_key(out, arg);
  if (text != nullptr) {
    append_string(out, *text);
  } else {
    append_int(out, number);
  }
  out += "}},\n";
}

void append_row(std::string& out, int pid, const std::string& process, const std::string& thread, int sort_index) {
  append_metadata(out, "process_name", pid, "name", &process, 0);
  append_metadata(out, "process_sort_index", pid, "sort_index", nullptr, sort_index);
  append_metadata(out, "thread_name", pid, "name", &thread, 0);
  append_metadata(out, "thread_sort_index", pid, "sort_index", nullptr, 0);
}

std::string worker_name(int worker, int pid) {
  return "Worker-" + std::to_string(worker) + " (pid " + std::to_string(pid) + ")";
}

// run_tag >= 0 tells apart runs that share a mode (a watched program's two map calls): args.run.
void append_task(std::string& out, const RunTrace& run, const std::string& mode, const TaskRecord& t, int caller,
                 int run_tag) {
  const bool started = t.start_ns != 0 && t.pid > 0;
  const std::int64_t submit = t.submit_ns != 0 ? t.submit_ns : run.origin_ns;
  const std::int64_t start = started ? t.start_ns : submit;
  const std::int64_t finish = std::max(start, t.finish_ns);
  const int pid = started ? t.pid : caller;

  out += "{\"ph\":\"X\",\"cat\":\"task\",\"name\":\"task ";
  append_int(out, t.index);
  out += "\",\"pid\":";
  append_int(out, pid);
  out += ",\"tid\":";
  append_int(out, pid);
  out += ",\"ts\":";
  append_micros(out, run.origin_ns, start);
  out += ",\"dur\":";
  append_micros(out, start, finish);
  out += ",\"args\":{\"mode\":";
  append_string(out, mode);
  out += ",\"index\":";
  append_int(out, t.index);
  out += ",\"input\":";
  append_literal(out, t.input);
  if (t.status == TaskStatus::ok) {
    out += ",\"result\":";
    append_literal(out, t.result);
  }
  out += ",\"worker\":";
  append_int(out, t.worker);
  out += ",\"chunk\":";
  append_int(out, t.chunk);
  out += ",\"status\":";
  append_string(out, to_string(t.status));
  if (t.status != TaskStatus::ok) {
    out += ",\"message\":";
    append_string(out, t.message);
    if (!t.exception_type.empty()) {
      out += ",\"exception_type\":";
      append_string(out, t.exception_type);
    }
  }
  out += ",\"submit_ts\":";
  append_micros(out, run.origin_ns, submit);
  if (t.emit_order >= 0) {
    out += ",\"emit_ts\":";
    append_micros(out, run.origin_ns, t.emit_ns);
    out += ",\"emit_order\":";
    append_int(out, t.emit_order);
  }
  if (run_tag >= 0) {
    out += ",\"run\":";
    append_int(out, run_tag);
  }
  out += "}},\n";
}

// The caller's hand-over of a result ("emit N") or of a failed task's exception ("exception N").
void append_emit(std::string& out, const RunTrace& run, const std::string& mode, const TaskRecord& t, int caller,
                 int run_tag) {
  out += t.status == TaskStatus::ok ? "{\"ph\":\"i\",\"cat\":\"emit\",\"name\":\"emit "
                                    : "{\"ph\":\"i\",\"cat\":\"emit\",\"name\":\"exception ";
  append_int(out, t.index);
  out += "\",\"pid\":";
  append_int(out, caller);
  out += ",\"tid\":";
  append_int(out, caller);
  out += ",\"s\":\"t\",\"ts\":";
  append_micros(out, run.origin_ns, t.emit_ns);
  out += ",\"args\":{\"mode\":";
  append_string(out, mode);
  out += ",\"index\":";
  append_int(out, t.index);
  out += ",\"emit_order\":";
  append_int(out, t.emit_order);
  if (t.status != TaskStatus::ok) {
    out += ",\"status\":";
    append_string(out, to_string(t.status));
  }
  if (run_tag >= 0) {
    out += ",\"run\":";
    append_int(out, run_tag);
  }
  out += "}},\n";
}

std::string label_of(const RunTrace& run) { return run.label.empty() ? std::string("PoolScope") : run.label; }

// The settings otherData names for the file (from its first run) and again for every run in "runs".
void append_run_settings(std::string& out, const RunTrace& run) {
  out += ",\"workers\":";
  append_int(out, run.workers);
  out += ",\"chunksize\":";
  append_int(out, run.chunksize);
  out += ",\"workload\":";
  append_string(out, run.workload);
  out += ",\"label\":";
  append_string(out, label_of(run));
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

// to_chars, not printf: the GUI runs with the user's locale, and "1,500000" would split a CSV column.
std::string csv_seconds(std::int64_t origin_ns, std::int64_t t_ns) {
  if (t_ns == 0) return "";
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(t_ns - origin_ns) / 1e9,
                               std::chars_format::fixed, 6);
  return std::string(buffer, r.ptr);
}

}  // namespace

std::string trace_to_json(const Trace& trace) {
  std::size_t tasks = 0;
  for (const RunTrace& run : trace.runs) tasks += run.tasks.size();
  std::string out;
  out.reserve(512 + tasks * 420);
  out += "{\"traceEvents\":[\n";

  // Rows: the caller first, then each run's workers in worker order; a replaced worker keeps its id
  // and gets a row of its own for its new pid.
  std::set<int> named;
  int sort_index = 0;
  for (const RunTrace& run : trace.runs) {
    if (run.caller_pid > 0 && named.insert(run.caller_pid).second) {
      append_row(out, run.caller_pid, "Caller (pid " + std::to_string(run.caller_pid) + ")", "caller", sort_index++);
    }
  }
  for (const RunTrace& run : trace.runs) {
    std::set<std::pair<int, int>> workers;  // (worker id, pid)
    for (const WorkerProcess& p : run.processes) {
      if (p.pid > 0) workers.emplace(p.worker, p.pid);
    }
    for (const TaskRecord& t : run.tasks) {
      if (t.pid > 0) workers.emplace(t.worker, t.pid);
    }
    const std::string mode(to_string(run.mode));
    for (const auto& [worker, pid] : workers) {
      if (!named.insert(pid).second) continue;
      append_row(out, pid, worker_name(worker, pid), "Worker-" + std::to_string(worker) + " (" + mode + ")",
                 sort_index++);
    }
  }

  for (std::size_t r = 0; r < trace.runs.size(); ++r) {
    const RunTrace& run = trace.runs[r];
    const std::string mode(to_string(run.mode));
    const int caller = run.caller_pid > 0 ? run.caller_pid : 1;
    const auto same_mode = std::count_if(trace.runs.begin(), trace.runs.end(),
                                         [&](const RunTrace& other) { return other.mode == run.mode; });
    const int run_tag = same_mode > 1 ? static_cast<int>(r) : -1;
    for (const TaskRecord& t : run.tasks) append_task(out, run, mode, t, caller, run_tag);

    // The caller lane, in the order results reached the caller.
    std::vector<const TaskRecord*> emitted;
    for (const TaskRecord& t : run.tasks) {
      if (t.emit_order >= 0) emitted.push_back(&t);
    }
    std::sort(emitted.begin(), emitted.end(),
              [](const TaskRecord* a, const TaskRecord* b) { return a->emit_order < b->emit_order; });
    for (const TaskRecord* t : emitted) append_emit(out, run, mode, *t, caller, run_tag);
  }
  if (out.ends_with(",\n")) out.resize(out.size() - 2);
  out += "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"generator\":\"poolscope\"";
  if (!trace.runs.empty()) {
    append_run_settings(out, trace.runs.front());
  }
  out += ",\"runs\":[";
  for (std::size_t i = 0; i < trace.runs.size(); ++i) {
    const RunTrace& run = trace.runs[i];
    if (i > 0) out += ',';
    out += "{\"mode\":";
    append_string(out, to_string(run.mode));
    append_run_settings(out, run);
    out += ",\"caller_pid\":";
    append_int(out, run.caller_pid);
    out += ",\"tasks\":";
    append_int(out, run.tasks.size());
    out += ",\"wall_us\":";
    append_micros(out, run.origin_ns, run.end_ns != 0 ? run.end_ns : run.origin_ns);
    out += '}';
  }
  out += "]}}\n";
  return out;
}

void write_trace_json(const Trace& trace, const std::filesystem::path& file) {
  write_file_atomically(file, trace_to_json(trace));
}

std::string trace_to_csv(const Trace& trace) {
  std::string out =
      "mode,index,input,result,worker,pid,chunk,status,submit_s,start_s,finish_s,emit_s,emit_order,message\n";
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
