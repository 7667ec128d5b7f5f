// Mapping trace events onto TaskRecords. Every check names the event by its position in the event list
// (and its name), because the person reading the message has the file open in an editor or in Perfetto.
#include "trace/trace_reader_assembler.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::trace_reader_detail {
namespace {

using json = nlohmann::json;

// Offsets from the start of a run: 10^13 us is 115 days, far beyond any run, and far below int64 ns.
constexpr double kMaxRunMicros = 1e13;
// Absolute Chrome timestamps (ray timeline writes microseconds since 1970) must still fit int64 ns.
constexpr double kMaxAbsoluteMicros = 9.0e15;
// More rows than any screen can show; a bound keeps a hostile file from making the charts allocate wildly.
constexpr std::int64_t kMaxRows = 4096;
// Task indices may leave gaps (tasks that never ran) up to twice the tasks given plus this many.
constexpr std::uint64_t kIndexSlack = 1024;

std::string format_number(double value) {  // to_chars: the GUI's locale must not turn 1.5 into 1,5
  char buffer[40];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10).ptr);
}

const char* kind_of(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "true/false";
  if (value.is_number()) return "a number";
  return "null";
}

// "event 17 ("task 3")": the position in the event list, and the name when it is short enough to help.
std::string where(const json& event, std::size_t ordinal) {
  std::string text = "event " + std::to_string(ordinal);
  const auto name = event.find("name");
  if (name != event.end() && name->is_string()) {
    const auto& s = name->get_ref<const std::string&>();
    if (!s.empty() && s.size() <= 60) text += " (\"" + s + "\")";
  }
  return text;
}

[[noreturn]] void fail(const json& event, std::size_t ordinal, const std::string& what) {
  throw InputError(where(event, ordinal) + " " + what);
}

const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::int64_t> integral(const json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// An integer field in [lo, hi]; `fallback` when absent.
std::int64_t integer_field(const json& event, std::size_t ordinal, const json& object, const char* key,
                           const std::string& label, std::int64_t lo, std::int64_t hi, std::int64_t fallback) {
  const json* value = member(object, key);
  if (value == nullptr || value->is_null()) return fallback;
  const auto number = integral(*value);
  if (!number) {
    const double d = value->is_number_float() ? value->get<double>() : 0.5;  // 9e18, 2^64: whole, too large
    const bool whole = value->is_number_unsigned() || (std::isfinite(d) && d == std::floor(d));
    fail(event, ordinal,
         "has " + label + " " + (value->is_number() ? excerpt(value->dump()) : std::string(kind_of(*value))) +
             (whole ? ", outside " + std::to_string(lo) + ".." + std::to_string(hi) : ", which is not a whole number"));
  }
  if (*number < lo || *number > hi) {
    fail(
        event, ordinal,
        "has " + label + " " + std::to_string(*number) + ", outside " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return *number;
}

// A time in microseconds; nullopt when absent.
std::optional<double> micros_field(const json& event, std::size_t ordinal, const json& object, const char* key,
                                   const std::string& label, double lo, double hi) {
  const json* value = member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_number()) {
    fail(event, ordinal, "has " + label + " that is " + kind_of(*value) + ", not a number of microseconds");
  }
  const double d = value->get<double>();
  if (!std::isfinite(d)) fail(event, ordinal, "has " + label + " that is not a finite number");
  if (d < lo) {
    fail(event, ordinal,
         "has a negative " + label + " (" + format_number(d) + " us)" +
             (lo == 0 ? std::string("; times and durations must be 0 or more") : std::string()));
  }
  if (d > hi) fail(event, ordinal, "has " + label + " " + format_number(d) + " us, too large to be a time");
  return d;
}

std::int64_t to_ns(double micros) { return std::llround(micros * 1000.0); }

std::string string_or_empty(const json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

// otherData values are descriptive: a wrong type is ignored rather than rejected.
std::optional<std::int64_t> meta_int(const json& object, const char* key, std::int64_t lo, std::int64_t hi) {
  if (!object.is_object()) return std::nullopt;
  const json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  const auto number = integral(*value);
  if (!number || *number < lo || *number > hi) return std::nullopt;
  return number;
}

std::optional<double> meta_double(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const json* value = member(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  const double d = value->get<double>();
  if (!std::isfinite(d) || d < 0 || d > kMaxRunMicros) return std::nullopt;
  return d;
}

std::optional<std::string> meta_string(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<Mode> mode_of(const json& args) {
  if (!args.is_object()) return std::nullopt;
  const json* mode = member(args, "mode");
  if (mode == nullptr || !mode->is_string()) return std::nullopt;
  return mode_from_string(mode->get_ref<const std::string&>());
}

// "Worker-2 (pid 5582)" -> {2, 5582}; "Worker-2 (imap)" -> {2, 0, imap}.
std::optional<std::pair<int, std::string>> worker_label(const std::string& text) {
  constexpr std::string_view prefix = "Worker-";
  if (text.rfind(prefix, 0) != 0) return std::nullopt;
  std::size_t pos = prefix.size();
  int worker = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && worker < 1'000'000) {
    worker = worker * 10 + (text[pos++] - '0');
  }
  if (pos == prefix.size() || worker == 0) return std::nullopt;
  std::string rest;
  if (text.size() > pos + 2 && text.compare(pos, 2, " (") == 0 && text.back() == ')') {
    rest = text.substr(pos + 2, text.size() - pos - 3);
  }
  return std::make_pair(worker, rest);
}

}  // namespace

void TraceReaderAssembler::add_event(json& event, std::size_t ordinal) {
  const json* phase = member(event, "ph");
  if (phase == nullptr || !phase->is_string() || phase->get_ref<const std::string&>().empty()) {
    // Chrome's own trace writer ends its list with {}; an event without a phase means nothing.
    ++events_without_phase_;
    return;
  }
  const char ph = phase->get_ref<const std::string&>()[0];
  const json* cat = member(event, "cat");
  const bool ours_cat = cat != nullptr && cat->is_string();
  const json* args = member(event, "args");
  // PoolScope's task and emit events carry both; other tools' "task" slices are drawn as generic slices.
  const bool has_index = args != nullptr && args->is_object() && args->contains("index") && args->contains("mode");
  switch (ph) {
    case 'X':
      if (ours_cat && cat->get_ref<const std::string&>() == "task" && has_index) {
        add_task(event, ordinal);
      } else {
        add_slice(event, ordinal, ph);
      }
      break;
    case 'B':
    case 'E': add_slice(event, ordinal, ph); break;
    case 'i':
    case 'I':
      if (ours_cat && cat->get_ref<const std::string&>() == "emit" && has_index) add_emit(event, ordinal);
      break;
    case 'M': add_metadata(event); break;
    default: break;  // counters, flows, async events...: nothing PoolScope draws
  }
}

TraceReaderAssembler::PendingRun& TraceReaderAssembler::run_for(const RunKey& key) {
  const auto [it, inserted] = run_index_.emplace(key, runs_.size());
  if (inserted) runs_.push_back(PendingRun{key, {}, {}});
  return runs_[it->second];
}

void TraceReaderAssembler::add_task(const json& event, std::size_t ordinal) {
  const json& args = event["args"];
  const json* mode_value = member(args, "mode");
  if (mode_value == nullptr) fail(event, ordinal, "has no args.mode (map, imap or imap_unordered)");
  const auto mode = mode_of(args);
  if (!mode) {
    fail(event, ordinal, "has args.mode " + excerpt(mode_value->dump()) + ", which is not map, imap or imap_unordered");
  }
  constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
  constexpr std::int64_t kMaxIndex = std::numeric_limits<std::int64_t>::max();
  const std::int64_t run_tag = integer_field(event, ordinal, args, "run", "args.run", 0, kMaxInt, -1);

  TaskRecord t;
  t.index = static_cast<std::uint64_t>(integer_field(event, ordinal, args, "index", "args.index", 0, kMaxIndex, 0));
  t.worker = static_cast<int>(integer_field(event, ordinal, args, "worker", "args.worker", 0, kMaxRows, 0));
  t.pid = static_cast<int>(integer_field(event, ordinal, event, "pid", "pid", 0, kMaxInt, 0));
  t.chunk = static_cast<std::uint64_t>(
      integer_field(event, ordinal, args, "chunk", "args.chunk", 0, kMaxIndex, static_cast<std::int64_t>(t.index)));

  const json* status = member(args, "status");
  t.status = TaskStatus::ok;
  if (status != nullptr && !status->is_null()) {
    const auto parsed =
        status->is_string() ? task_status_from_string(status->get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) fail(event, ordinal, "has args.status " + excerpt(status->dump()) + ", not ok, error or crashed");
    t.status = *parsed;
  }

  const auto ts = micros_field(event, ordinal, event, "ts", "ts", 0, kMaxRunMicros);
  const auto dur = micros_field(event, ordinal, event, "dur", "duration", 0, kMaxRunMicros);
  if (!ts) fail(event, ordinal, "has no \"ts\" (start time in microseconds)");
  if (!dur) fail(event, ordinal, "has no \"dur\" (duration in microseconds)");
  const auto submit = micros_field(event, ordinal, args, "submit_ts", "args.submit_ts", 0, kMaxRunMicros);
  const auto emit = micros_field(event, ordinal, args, "emit_ts", "args.emit_ts", 0, kMaxRunMicros);
  t.emit_order = integer_field(event, ordinal, args, "emit_order", "args.emit_order", -1, kMaxIndex - 1, -1);

  t.submit_ns = kImportedOriginNs + to_ns(submit.value_or(*ts));
  if (t.status == TaskStatus::pending) {
    // Never started: the writer places such a task at its submit time on the caller's row.
    t.worker = 0;
    t.pid = 0;
  } else {
    t.start_ns = kImportedOriginNs + to_ns(*ts);
    if (is_finished(t.status)) t.finish_ns = t.start_ns + to_ns(*dur);
  }
  if (t.emit_order >= 0) t.emit_ns = kImportedOriginNs + to_ns(emit.value_or(*ts + *dur));

  // Inputs and results are JSON literals: `5`, `"abc"`; the writer stores an empty one as null.
  if (const json* input = member(args, "input"); input != nullptr && !input->is_null()) t.input = input->dump();
  if (t.status == TaskStatus::ok) {
    const json* result = member(args, "result");
    if (result != nullptr && !result->is_null()) t.result = result->dump();
  }
  t.message = string_or_empty(member(args, "message"));
  t.exception_type = string_or_empty(member(args, "exception_type"));

  PendingRun& run = run_for({run_tag, *mode});
  run.tasks.push_back(std::move(t));
  run.ordinals.push_back(ordinal);
}

void TraceReaderAssembler::add_emit(const json& event, std::size_t ordinal) {
  const json& args = event["args"];
  const auto mode = mode_of(args);
  if (!mode) return;  // the task events carry everything; a stray emit marker changes nothing
  const std::int64_t run_tag =
      integer_field(event, ordinal, args, "run", "args.run", 0, std::numeric_limits<int>::max(), -1);
  const std::int64_t pid = integer_field(event, ordinal, event, "pid", "pid", 0, std::numeric_limits<int>::max(), 0);
  if (pid > 0) emit_pids_.emplace(RunKey{run_tag, *mode}, static_cast<int>(pid));
}

void TraceReaderAssembler::add_metadata(const json& event) {
  const json* name = member(event, "name");
  const json* args = member(event, "args");
  const json* pid_value = member(event, "pid");
  if (name == nullptr || !name->is_string() || args == nullptr || !args->is_object() || pid_value == nullptr) return;
  const auto pid = integral(*pid_value);
  if (!pid || *pid <= 0 || *pid > std::numeric_limits<int>::max()) return;
  const auto label = meta_string(*args, "name");
  if (!label) return;
  const auto parsed = worker_label(*label);
  if (!parsed) return;
  WorkerName& entry = worker_names_[static_cast<int>(*pid)];
  entry.pid = static_cast<int>(*pid);
  entry.worker = parsed->first;
  if (name->get_ref<const std::string&>() == "thread_name") {
    if (const auto mode = mode_from_string(parsed->second)) entry.mode = mode;
  }
}

std::size_t TraceReaderAssembler::row_of(const json& event, std::size_t ordinal) {
  RowId id;
  auto read = [&](const char* key, bool& is_number, std::int64_t& number, std::string& text) {
    const json* value = member(event, key);
    if (value == nullptr || value->is_null()) return;
    if (value->is_string()) {
      is_number = false;
      text = value->get<std::string>();
      return;
    }
    const auto n = integral(*value);
    if (!n)
      fail(event, ordinal,
           std::string("has \"") + key + "\" " + excerpt(value->dump()) + ", not a whole number or a name");
    number = *n;
  };
  read("pid", id.pid_is_number, id.pid, id.pid_text);
  read("tid", id.tid_is_number, id.tid, id.tid_text);
  const auto [it, inserted] = rows_.emplace(id, row_ids_.size());
  if (inserted) row_ids_.push_back(std::move(id));
  return it->second;
}

void TraceReaderAssembler::add_slice(const json& event, std::size_t ordinal, char phase) {
  const auto ts = micros_field(event, ordinal, event, "ts", "ts", -kMaxAbsoluteMicros, kMaxAbsoluteMicros);
  if (!ts) fail(event, ordinal, "has no \"ts\" (time in microseconds)");
  const std::size_t row = row_of(event, ordinal);
  const json* args = member(event, "args");
  const std::optional<Mode> mode = args != nullptr ? mode_of(*args) : std::nullopt;
  const json* name = member(event, "name");
  if (phase == 'X') {
    // Perfetto drops a complete event without a duration; so do we.
    const auto dur = micros_field(event, ordinal, event, "dur", "duration", 0, kMaxRunMicros);
    if (!dur) return;
    slices_.push_back(Slice{row, *ts, *dur, string_or_empty(name), mode, ordinal});
  } else if (phase == 'B') {
    // A nested slice belongs to the run of the slice it is nested in.
    std::vector<OpenSlice>& stack = open_slices_[row];
    const std::optional<Mode> inherited = !mode && !stack.empty() ? stack.back().mode : mode;
    stack.push_back(OpenSlice{*ts, string_or_empty(name), inherited, ordinal});
  } else {
    auto it = open_slices_.find(row);
    if (it == open_slices_.end() || it->second.empty()) return;  // an "E" whose "B" fell before the trace began
    OpenSlice open = std::move(it->second.back());
    it->second.pop_back();
    if (*ts < open.ts) {
      fail(event, ordinal,
           "ends at " + format_number(*ts) + " us, before its \"B\" event " + std::to_string(open.ordinal) +
               " began (" + format_number(open.ts) + " us): a negative duration");
    }
    if (*ts - open.ts > kMaxRunMicros) fail(event, ordinal, "ends too long after its \"B\" event to be a time");
    slices_.push_back(
        Slice{row, open.ts, *ts - open.ts, std::move(open.name), open.mode ? open.mode : mode, open.ordinal});
  }
}

Trace TraceReaderAssembler::finish(const json& other_data, const std::string& fallback_label, TraceFlavor* flavor) {
  if (!runs_.empty()) {
    if (flavor != nullptr) *flavor = TraceFlavor::poolscope;
    return finish_poolscope(other_data);
  }
  if (flavor != nullptr) *flavor = TraceFlavor::chrome;
  return finish_chrome(other_data, fallback_label);
}

Trace TraceReaderAssembler::finish_poolscope(const json& other_data) {
  const std::string generator = meta_string(other_data, "generator").value_or("");
  const std::string default_label = generator.find("record") != std::string::npos ? "Python" : "PoolScope";
  const json* run_entries = other_data.is_object() ? member(other_data, "runs") : nullptr;
  std::map<Mode, std::size_t> seen_per_mode;

  Trace trace;
  trace.runs.reserve(runs_.size());
  for (PendingRun& pending : runs_) {
    const Mode mode = pending.key.second;
    const std::string mode_name(to_string(mode));

    // Tasks by index; a task listed twice would be drawn twice and counted twice.
    std::vector<std::size_t> order(pending.tasks.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return pending.tasks[a].index < pending.tasks[b].index ||
             (pending.tasks[a].index == pending.tasks[b].index && a < b);
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
      const TaskRecord& a = pending.tasks[order[i - 1]];
      const TaskRecord& b = pending.tasks[order[i]];
      if (a.index == b.index) {
        throw InputError("event " + std::to_string(pending.ordinals[order[i]]) + " repeats task " +
                         std::to_string(b.index) + " of the " + mode_name + " run (already given by event " +
                         std::to_string(pending.ordinals[order[i - 1]]) + ")");
      }
    }
    // Views address a run's tasks by index (a gap is a task that never ran, drawn as pending), so an
    // index far beyond the number of tasks would make them allocate for every index value up to it.
    const std::uint64_t limit = 2 * static_cast<std::uint64_t>(order.size()) + kIndexSlack;
    if (!order.empty() && pending.tasks[order.back()].index >= limit) {
      throw InputError("event " + std::to_string(pending.ordinals[order.back()]) + " has args.index " +
                       std::to_string(pending.tasks[order.back()].index) + ", far beyond the " +
                       std::to_string(order.size()) + " task(s) of the " + mode_name +
                       " run: tasks are numbered from 0, so its indices must stay below " + std::to_string(limit));
    }
    RunTrace run;
    run.mode = mode;
    run.origin_ns = kImportedOriginNs;
    // Writers list tasks by index, so the vector usually moves over whole: no second copy of a big trace.
    bool in_order = true;
    for (std::size_t i = 0; i < order.size() && in_order; ++i) in_order = order[i] == i;
    if (in_order) {
      run.tasks = std::move(pending.tasks);
    } else {
      run.tasks.reserve(order.size());
      for (std::size_t i : order) run.tasks.push_back(std::move(pending.tasks[i]));
    }
    pending.tasks = {};
    pending.ordinals = {};

    // Each result reaches the caller once: two tasks with one emit_order make the caller lane a lie.
    std::vector<std::pair<std::int64_t, std::uint64_t>> emitted;
    for (const TaskRecord& t : run.tasks) {
      if (t.emit_order >= 0) emitted.emplace_back(t.emit_order, t.index);
    }
    std::sort(emitted.begin(), emitted.end());
    for (std::size_t i = 1; i < emitted.size(); ++i) {
      if (emitted[i].first == emitted[i - 1].first) {
        throw InputError("tasks " + std::to_string(emitted[i - 1].second) + " and " +
                         std::to_string(emitted[i].second) + " of the " + mode_name + " run both have emit_order " +
                         std::to_string(emitted[i].first) + "; each result reaches the caller once");
      }
    }

    // The writer lists each run in otherData.runs; the k-th run of a mode matches its k-th entry.
    const json* entry = nullptr;
    if (run_entries != nullptr && run_entries->is_array()) {
      std::size_t wanted = seen_per_mode[mode]++;
      for (const json& candidate : *run_entries) {
        if (candidate.is_object() && mode_of(candidate) == mode && wanted-- == 0) {
          entry = &candidate;
          break;
        }
      }
    }
    const json& meta = entry != nullptr ? *entry : other_data;

    int max_worker = 0;
    std::map<std::uint64_t, std::int64_t> chunk_sizes;
    std::int64_t end_ns = run.origin_ns;
    for (const TaskRecord& t : run.tasks) {
      max_worker = std::max(max_worker, t.worker);
      ++chunk_sizes[t.chunk];
      end_ns = std::max({end_ns, t.finish_ns, t.emit_ns});
    }
    std::int64_t largest_chunk = 1;
    for (const auto& [chunk, count] : chunk_sizes) largest_chunk = std::max(largest_chunk, count);

    run.workers = std::max(static_cast<int>(meta_int(meta, "workers", 1, kMaxRows).value_or(max_worker)), max_worker);
    // A top-level chunksize describes the first run only; the tasks themselves tell the truth for others.
    run.chunksize = static_cast<int>(
        entry != nullptr ? meta_int(meta, "chunksize", 1, std::numeric_limits<int>::max()).value_or(largest_chunk)
                         : largest_chunk);
    if (entry == nullptr && &pending == &runs_.front()) {
      run.chunksize = static_cast<int>(
          meta_int(other_data, "chunksize", largest_chunk, std::numeric_limits<int>::max()).value_or(largest_chunk));
    }
    run.workload = meta_string(meta, "workload").value_or(meta_string(other_data, "workload").value_or(""));
    run.label = meta_string(meta, "label").value_or(meta_string(other_data, "label").value_or(default_label));
    run.caller_pid = static_cast<int>(meta_int(meta, "caller_pid", 1, std::numeric_limits<int>::max()).value_or(0));
    if (run.caller_pid == 0) {
      const auto pid = emit_pids_.find(pending.key);
      if (pid != emit_pids_.end()) run.caller_pid = pid->second;
    }
    if (entry != nullptr) {
      if (const auto wall = meta_double(meta, "wall_us"); wall && *wall > 0) {
        end_ns = kImportedOriginNs + to_ns(*wall);
      }
    }
    run.end_ns = end_ns;

    // Worker processes: those that ran a task, and those the metadata names for this run (idle ones too).
    std::set<std::pair<int, int>> processes;
    std::set<int> pids;
    for (const TaskRecord& t : run.tasks) {
      if (t.pid > 0 && t.worker > 0) {
        processes.emplace(t.worker, t.pid);
        pids.insert(t.pid);
      }
    }
    for (const auto& [pid, named] : worker_names_) {
      if (named.mode == mode && !pids.count(pid) && named.worker <= kMaxRows) processes.emplace(named.worker, pid);
    }
    for (const auto& [worker, pid] : processes) {
      run.processes.push_back(WorkerProcess{worker, pid});
      run.workers = std::max(run.workers, worker);
    }
    trace.runs.push_back(std::move(run));
  }
  return trace;
}

Trace TraceReaderAssembler::finish_chrome(const json& other_data, const std::string& fallback_label) {
  if (slices_.empty()) {
    if (events_without_phase_ > 0) {
      throw InputError("the trace holds nothing to draw: " + std::to_string(events_without_phase_) +
                       " of its events have no \"ph\" (phase) such as \"X\"; is this a Chrome trace file?");
    }
    throw InputError("the trace holds nothing to draw: no complete (\"X\") events with a duration and no B/E pairs");
  }
  double origin = std::numeric_limits<double>::max();
  for (const Slice& s : slices_) origin = std::min(origin, s.ts);
  for (const Slice& s : slices_) {
    if (s.ts + s.dur - origin > kMaxRunMicros) {
      throw InputError("event " + std::to_string(s.ordinal) + " ends " + format_number((s.ts + s.dur - origin) / 1e6) +
                       " s after the first event begins; a trace may span at most 115 days");
    }
  }
  const std::string label = meta_string(other_data, "label").value_or(fallback_label);

  // One run per args.mode (events without one form a single run), in order of first appearance.
  std::vector<std::optional<Mode>> run_modes;
  for (const Slice& s : slices_) {
    if (std::find(run_modes.begin(), run_modes.end(), s.mode) == run_modes.end()) run_modes.push_back(s.mode);
  }

  Trace trace;
  for (const std::optional<Mode>& mode : run_modes) {
    std::vector<const Slice*> mine;
    std::set<std::size_t> rows;
    for (const Slice& s : slices_) {
      if (s.mode == mode) {
        mine.push_back(&s);
        rows.insert(s.row);
      }
    }
    if (static_cast<std::int64_t>(rows.size()) > kMaxRows) {
      throw InputError("the trace has " + std::to_string(rows.size()) +
                       " rows (pid/tid pairs); PoolScope draws at most " + std::to_string(kMaxRows));
    }
    // Rows in pid / tid order, numbered like workers from 1.
    std::vector<std::size_t> sorted_rows(rows.begin(), rows.end());
    std::sort(sorted_rows.begin(), sorted_rows.end(),
              [&](std::size_t a, std::size_t b) { return row_ids_[a] < row_ids_[b]; });
    std::vector<int> worker_of(row_ids_.size(), 0);
    RunTrace run;
    run.mode = mode.value_or(Mode::imap_unordered);  // with no caller in the file, results "arrive" as they finish
    run.workers = static_cast<int>(sorted_rows.size());
    run.chunksize = 1;
    run.workload = "trace";
    run.label = label;
    run.origin_ns = kImportedOriginNs;
    for (std::size_t i = 0; i < sorted_rows.size(); ++i) {
      const RowId& id = row_ids_[sorted_rows[i]];
      const int worker = static_cast<int>(i + 1);
      worker_of[sorted_rows[i]] = worker;
      // Perfetto ids must be positive integers; a named or missing id gets the row number instead.
      int pid = worker;
      if (id.tid_is_number && id.tid > 0 && id.tid <= std::numeric_limits<int>::max()) {
        pid = static_cast<int>(id.tid);
      } else if (id.pid_is_number && id.pid > 0 && id.pid <= std::numeric_limits<int>::max()) {
        pid = static_cast<int>(id.pid);
      }
      run.processes.push_back(WorkerProcess{worker, pid});
    }
    std::sort(mine.begin(), mine.end(), [&](const Slice* a, const Slice* b) {
      if (a->ts != b->ts) return a->ts < b->ts;
      if (a->row != b->row) return worker_of[a->row] < worker_of[b->row];
      return a->ordinal < b->ordinal;
    });
    run.tasks.reserve(mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const Slice& s = *mine[i];
      TaskRecord t;
      t.index = i;
      t.input = json(s.name).dump();
      t.worker = worker_of[s.row];
      t.pid = run.processes[static_cast<std::size_t>(t.worker - 1)].pid;
      t.chunk = i;
      t.start_ns = kImportedOriginNs + to_ns(s.ts - origin);
      t.finish_ns = t.start_ns + to_ns(s.dur);
      t.submit_ns = t.start_ns;
      t.emit_ns = t.finish_ns;
      t.status = TaskStatus::ok;
      run.end_ns = std::max(run.end_ns, t.finish_ns);
      run.tasks.push_back(std::move(t));
    }
    std::vector<std::size_t> by_finish(run.tasks.size());
    for (std::size_t i = 0; i < by_finish.size(); ++i) by_finish[i] = i;
    std::stable_sort(by_finish.begin(), by_finish.end(),
                     [&](std::size_t a, std::size_t b) { return run.tasks[a].finish_ns < run.tasks[b].finish_ns; });
    for (std::size_t k = 0; k < by_finish.size(); ++k)
      run.tasks[by_finish[k]].emit_order = static_cast<std::int64_t>(k);
    trace.runs.push_back(std::move(run));
  }
  return trace;
}

}  // namespace poolscope::trace_reader_detail
