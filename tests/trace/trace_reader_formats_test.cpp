// Trace import of the three kinds of file a lecturer opens: PoolScope's own, the Python recorder's,
// and Chrome traces from other tools (ray timeline, Perfetto), plus the writer -> reader round trip.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

std::int64_t rel(const RunTrace& run, std::int64_t t) { return t - run.origin_ns; }

// The example of the design's trace-file section, verbatim.
constexpr const char* kDesignExample = R"js({"traceEvents": [
  {"ph": "M", "name": "process_name", "pid": 5581, "args": {"name": "Worker-1 (pid 5581)"}},
  {"ph": "X", "cat": "task", "name": "task 0", "pid": 5581, "tid": 5581,
   "ts": 12.0, "dur": 3000114.0,
   "args": {"mode": "map", "index": 0, "input": 5, "result": 10, "worker": 1,
            "chunk": 0, "status": "ok", "submit_ts": 3.0, "emit_ts": 3000510.0,
            "emit_order": 0}},
  {"ph": "i", "cat": "emit", "name": "emit 0", "pid": 5580, "tid": 5580, "s": "t",
   "ts": 3000510.0, "args": {"mode": "map", "index": 0, "emit_order": 0}}],
 "displayTimeUnit": "ms",
 "otherData": {"generator": "poolscope", "workers": 3, "chunksize": 1, "workload": "sleep"}})js";

TEST(TraceReaderFormats, ReadsTheDesignExample) {
  TraceFlavor flavor = TraceFlavor::chrome;
  const Trace trace = parse_trace(kDesignExample, {}, &flavor);
  EXPECT_EQ(flavor, TraceFlavor::poolscope);
  ASSERT_EQ(trace.runs.size(), 1U);
  const RunTrace& run = trace.runs[0];
  EXPECT_EQ(run.mode, Mode::map);
  EXPECT_EQ(run.workers, 3);
  EXPECT_EQ(run.chunksize, 1);
  EXPECT_EQ(run.workload, "sleep");
  EXPECT_EQ(run.label, "PoolScope");
  EXPECT_EQ(run.caller_pid, 5580);
  ASSERT_EQ(run.tasks.size(), 1U);
  const TaskRecord& t = run.tasks[0];
  EXPECT_EQ(t.input, "5");
  EXPECT_EQ(t.result, "10");
  EXPECT_EQ(t.worker, 1);
  EXPECT_EQ(t.pid, 5581);
  EXPECT_EQ(t.status, TaskStatus::ok);
  EXPECT_EQ(rel(run, t.submit_ns), 3'000);
  EXPECT_EQ(rel(run, t.start_ns), 12'000);
  EXPECT_EQ(rel(run, t.finish_ns), 3'000'126'000);
  EXPECT_EQ(rel(run, t.emit_ns), 3'000'510'000);
  EXPECT_EQ(t.emit_order, 0);
  ASSERT_EQ(run.processes.size(), 1U);
  EXPECT_EQ(run.processes[0].pid, 5581);
  EXPECT_GT(run.origin_ns, 0);
}

Trace sample_trace() {
  Trace trace;
  const Mode modes[] = {Mode::map, Mode::imap, Mode::imap_unordered};
  int pid = 4000;
  for (Mode mode : modes) {
    RunTrace run;
    run.mode = mode;
    run.workers = 3;
    run.chunksize = mode == Mode::map ? 2 : 1;
    run.workload = "spin";
    run.label = "PoolScope";
    run.caller_pid = 3999;
    run.origin_ns = 7'000'000'000 + pid;
    run.processes = {{1, pid + 1}, {2, pid + 2}, {3, pid + 3}, {2, pid + 4}};  // worker 2 was replaced
    for (std::uint64_t i = 0; i < 5; ++i) {
      TaskRecord t;
      t.index = i;
      t.input = i == 4 ? "\"text, with \\\"quotes\\\"\"" : std::to_string(10 * i + 1);
      t.worker = static_cast<int>(i % 3) + 1;
      t.pid = i == 4 ? pid + 4 : pid + t.worker;
      t.chunk = i / static_cast<std::uint64_t>(run.chunksize);
      t.submit_ns = run.origin_ns + 1'000 + static_cast<std::int64_t>(i) * 7;
      t.start_ns = run.origin_ns + 2'345'000 + static_cast<std::int64_t>(i) * 100'000'001;
      t.finish_ns = t.start_ns + 150'000'000 + static_cast<std::int64_t>(i) * 3;
      t.emit_ns = t.finish_ns + 20'000;
      t.emit_order = static_cast<std::int64_t>(mode == Mode::imap_unordered ? 4 - i : i);
      t.status = TaskStatus::ok;
      t.result = std::to_string(2 * (10 * i + 1));
      if (i == 2) {
        t.status = TaskStatus::error;
        t.result.clear();
        t.message = "task 2 raised: boom";
      }
      if (i == 3 && mode == Mode::imap) {
        t.status = TaskStatus::crashed;
        t.result.clear();
        t.message = "Worker-1 (pid 4001) was killed by signal 9";
      }
      run.tasks.push_back(t);
      run.end_ns = std::max(run.end_ns, t.emit_ns);
    }
    trace.runs.push_back(run);
    pid += 100;
  }
  return trace;
}

void expect_same_run(const RunTrace& a, const RunTrace& b) {
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.workers, b.workers);
  EXPECT_EQ(a.chunksize, b.chunksize);
  EXPECT_EQ(a.workload, b.workload);
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.caller_pid, b.caller_pid);
  EXPECT_EQ(a.end_ns - a.origin_ns, b.end_ns - b.origin_ns);
  ASSERT_EQ(a.processes.size(), b.processes.size());
  for (std::size_t i = 0; i < a.processes.size(); ++i) {
    bool found = false;
    for (const WorkerProcess& p : b.processes)
      found |= p.worker == a.processes[i].worker && p.pid == a.processes[i].pid;
    EXPECT_TRUE(found) << "worker " << a.processes[i].worker << " pid " << a.processes[i].pid;
  }
  ASSERT_EQ(a.tasks.size(), b.tasks.size());
  for (std::size_t i = 0; i < a.tasks.size(); ++i) {
    const TaskRecord& x = a.tasks[i];
    const TaskRecord& y = b.tasks[i];
    SCOPED_TRACE("task " + std::to_string(i) + " of " + std::string(to_string(a.mode)));
    EXPECT_EQ(x.index, y.index);
    EXPECT_EQ(x.input, y.input);
    EXPECT_EQ(x.result, y.result);
    EXPECT_EQ(x.worker, y.worker);
    EXPECT_EQ(x.pid, y.pid);
    EXPECT_EQ(x.chunk, y.chunk);
    EXPECT_EQ(x.submit_ns - a.origin_ns, y.submit_ns - b.origin_ns);
    EXPECT_EQ(x.start_ns - a.origin_ns, y.start_ns - b.origin_ns);
    EXPECT_EQ(x.finish_ns - a.origin_ns, y.finish_ns - b.origin_ns);
    EXPECT_EQ(x.emit_ns - a.origin_ns, y.emit_ns - b.origin_ns);
    EXPECT_EQ(x.emit_order, y.emit_order);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.message, y.message);
  }
}

TEST(TraceReaderFormats, RoundTripThroughTheWriterPreservesEveryField) {
  const Trace original = sample_trace();
  const auto file = std::filesystem::path(::testing::TempDir()) / "poolscope_round_trip.json";
  write_trace_json(original, file);
  TraceFlavor flavor = TraceFlavor::chrome;
  const Trace back = read_trace(file, {}, &flavor);
  std::filesystem::remove(file);
  EXPECT_EQ(flavor, TraceFlavor::poolscope);
  ASSERT_EQ(back.runs.size(), original.runs.size());
  for (std::size_t r = 0; r < original.runs.size(); ++r) expect_same_run(original.runs[r], back.runs[r]);
  // And the second generation is byte for byte the first: nothing drifts.
  Trace shifted = back;
  EXPECT_EQ(trace_to_json(shifted), trace_to_json(original));
}

TEST(TraceReaderFormats, PendingAndRunningTasksStayUnfinished) {
  Trace trace = sample_trace();
  RunTrace& run = trace.runs[1];
  run.tasks[3].status = TaskStatus::running;
  run.tasks[3].finish_ns = 0;
  run.tasks[3].emit_ns = 0;
  run.tasks[3].emit_order = -1;
  run.tasks[3].result.clear();
  run.tasks[3].message.clear();
  run.tasks[4].status = TaskStatus::pending;
  run.tasks[4].worker = 0;
  run.tasks[4].pid = 0;
  run.tasks[4].start_ns = run.tasks[4].finish_ns = run.tasks[4].emit_ns = 0;
  run.tasks[4].emit_order = -1;
  run.tasks[4].result.clear();
  run.processes.pop_back();  // the replacement of worker 2 (pid 4104) only ran task 4
  const Trace back = parse_trace(trace_to_json(trace));
  ASSERT_EQ(back.runs.size(), 3U);
  const TaskRecord& running = back.runs[1].tasks[3];
  EXPECT_EQ(running.status, TaskStatus::running);
  EXPECT_NE(running.start_ns, 0);
  EXPECT_EQ(running.finish_ns, 0);
  EXPECT_EQ(running.emit_order, -1);
  const TaskRecord& pending = back.runs[1].tasks[4];
  EXPECT_EQ(pending.status, TaskStatus::pending);
  EXPECT_EQ(pending.start_ns, 0);
  EXPECT_EQ(pending.worker, 0);
  EXPECT_EQ(pending.submit_ns - back.runs[1].origin_ns, run.tasks[4].submit_ns - run.origin_ns);
}

TEST(TraceReaderFormats, ReadsThePythonRecordersLayout) {
  // What poolscope_record.py writes for `--mode all` (one event per line, abridged to two tasks a run).
  const std::string text = R"js({"traceEvents":[
    {"ph":"M","name":"process_name","pid":900,"tid":900,"args":{"name":"Caller (pid 900)"}},
    {"ph":"X","cat":"task","name":"task 0","pid":901,"tid":901,"ts":950.5,"dur":1000200.25,
     "args":{"mode":"imap","index":0,"input":2,"result":4,"worker":1,"chunk":0,"status":"ok",
             "submit_ts":400.0,"emit_ts":1002000.0,"emit_order":0}},
    {"ph":"X","cat":"task","name":"task 1","pid":902,"tid":902,"ts":990.0,"dur":300000.0,
     "args":{"mode":"imap","index":1,"input":3,"worker":2,"chunk":1,"status":"error",
             "submit_ts":401.0,"emit_ts":1002100.0,"emit_order":1,"message":"ValueError: seven"}},
    {"ph":"i","cat":"emit","name":"emit 0","pid":900,"tid":900,"s":"t","ts":1002000.0,"args":{"mode":"imap","index":0,"emit_order":0}},
    {"ph":"X","cat":"task","name":"task 0","pid":911,"tid":911,"ts":100.0,"dur":200.0,
     "args":{"mode":"map","index":0,"input":1,"result":2,"worker":1,"chunk":0,"status":"ok","submit_ts":1.0,"emit_ts":400.0,"emit_order":0,"run":2}},
    {"ph":"X","cat":"task","name":"task 0","pid":911,"tid":911,"ts":100.0,"dur":300.0,
     "args":{"mode":"map","index":0,"input":1,"result":2,"worker":1,"chunk":0,"status":"ok","submit_ts":1.0,"emit_ts":500.0,"emit_order":0,"run":3}}],
   "displayTimeUnit":"ms",
   "otherData":{"generator":"poolscope_record.py","label":"Python","workers":3,"chunksize":1,"workload":"sleep"}})js";
  const Trace trace = parse_trace(text);
  ASSERT_EQ(trace.runs.size(), 3U) << "two recorded map calls stay two runs";
  const RunTrace& imap = trace.runs[0];
  EXPECT_EQ(imap.mode, Mode::imap);
  EXPECT_EQ(imap.label, "Python");
  EXPECT_EQ(imap.caller_pid, 900);
  ASSERT_EQ(imap.tasks.size(), 2U);
  EXPECT_EQ(imap.tasks[1].status, TaskStatus::error);
  EXPECT_EQ(imap.tasks[1].message, "ValueError: seven");
  EXPECT_EQ(imap.tasks[1].result, "");
  EXPECT_EQ(imap.tasks[0].finish_ns - imap.tasks[0].start_ns, 1'000'200'250);
  EXPECT_EQ(trace.runs[1].mode, Mode::map);
  EXPECT_EQ(trace.runs[2].mode, Mode::map);
  EXPECT_EQ(trace.runs[2].tasks[0].finish_ns - trace.runs[2].tasks[0].start_ns, 300'000);
}

TEST(TraceReaderFormats, ChromeTraceRowsAreRowsAndNamesAreLabels) {
  // ray timeline: the bare array form, string pids and tids, absolute microsecond timestamps.
  const std::string text = R"js([
    {"cat":"task::f","name":"f()","pid":"Node 10.0.0.1","tid":"worker:ab12","ts":1700000000500000,"dur":2000000,"ph":"X","cname":"generic_work","args":{}},
    {"cat":"task::f","name":"g()","pid":"Node 10.0.0.1","tid":"worker:cd34","ts":1700000000000000,"dur":1000000,"ph":"X","args":{}},
    {"cat":"task::f","name":"h()","pid":"Node 10.0.0.1","tid":"worker:ab12","ts":1700000003000000,"dur":500000,"ph":"X"},
    {"name":"no duration","ph":"X","pid":1,"tid":1,"ts":1700000000000001},
    {"name":"counter","ph":"C","pid":1,"ts":1700000000000001,"args":{"x":1}},
    {}
  ])js";
  TraceFlavor flavor = TraceFlavor::poolscope;
  const Trace trace = parse_trace(text, {}, &flavor);
  EXPECT_EQ(flavor, TraceFlavor::chrome);
  ASSERT_EQ(trace.runs.size(), 1U);
  const RunTrace& run = trace.runs[0];
  EXPECT_EQ(run.workers, 2);
  ASSERT_EQ(run.tasks.size(), 3U);
  // Tasks in start order; names become the labels; times relative to the first event.
  EXPECT_EQ(run.tasks[0].input, "\"g()\"");
  EXPECT_EQ(run.tasks[1].input, "\"f()\"");
  EXPECT_EQ(run.tasks[2].input, "\"h()\"");
  EXPECT_EQ(run.tasks[0].start_ns - run.origin_ns, 0);
  EXPECT_EQ(run.tasks[1].start_ns - run.origin_ns, 500'000'000);
  EXPECT_EQ(run.tasks[2].finish_ns - run.origin_ns, 3'500'000'000);
  // ab12 < cd34: f() and h() share row 1, g() is on row 2.
  EXPECT_EQ(run.tasks[1].worker, 1);
  EXPECT_EQ(run.tasks[2].worker, 1);
  EXPECT_EQ(run.tasks[0].worker, 2);
  // Results "arrive" as tasks finish: g (1.0 s), f (2.5 s), h (3.5 s).
  EXPECT_EQ(run.tasks[0].emit_order, 0);
  EXPECT_EQ(run.tasks[1].emit_order, 1);
  EXPECT_EQ(run.tasks[2].emit_order, 2);
  for (const TaskRecord& t : run.tasks) EXPECT_GT(t.pid, 0) << "Perfetto needs positive ids";
}

TEST(TraceReaderFormats, OtherToolsTaskSlicesAreNotMistakenForOurs) {
  // A "task" category with an index but no PoolScope mode is somebody else's slice, drawn as such.
  TraceFlavor flavor = TraceFlavor::poolscope;
  const Trace trace = parse_trace(
      R"([{"ph":"X","cat":"task","name":"step","pid":3,"tid":4,"ts":10,"dur":5,"args":{"index":"a1"}}])", {}, &flavor);
  EXPECT_EQ(flavor, TraceFlavor::chrome);
  ASSERT_EQ(trace.runs.size(), 1U);
  EXPECT_EQ(trace.runs[0].tasks[0].input, "\"step\"");
  EXPECT_EQ(trace.runs[0].tasks[0].pid, 4);
}

TEST(TraceReaderFormats, BeginEndPairsBecomeSlicesAndModesBecomeRuns) {
  const std::string text = R"js({"traceEvents":[
    {"ph":"B","name":"outer","pid":7,"tid":8,"ts":100,"args":{"mode":"imap"}},
    {"ph":"B","name":"inner","pid":7,"tid":8,"ts":150},
    {"ph":"E","pid":7,"tid":8,"ts":250},
    {"ph":"E","pid":7,"tid":8,"ts":400},
    {"ph":"E","pid":7,"tid":9,"ts":10},
    {"ph":"X","name":"mapped","pid":7,"tid":9,"ts":120,"dur":30,"args":{"mode":"map"}},
    {"ph":"B","name":"never ends","pid":7,"tid":9,"ts":500}]})js";
  const Trace trace = parse_trace(text);
  ASSERT_EQ(trace.runs.size(), 2U);
  const RunTrace& imap = trace.runs[0];  // "outer" ends first in the file, but the run order is by appearance
  EXPECT_EQ(imap.mode, Mode::imap);
  ASSERT_EQ(imap.tasks.size(), 2U);
  EXPECT_EQ(imap.tasks[0].input, "\"outer\"");
  EXPECT_EQ(imap.tasks[0].finish_ns - imap.tasks[0].start_ns, 300'000);
  EXPECT_EQ(imap.tasks[1].input, "\"inner\"");
  EXPECT_EQ(imap.tasks[1].finish_ns - imap.tasks[1].start_ns, 100'000);
  EXPECT_EQ(trace.runs[1].mode, Mode::map);
  EXPECT_EQ(trace.runs[1].tasks.size(), 1U);
}

TEST(TraceReaderFormats, ReadsFilesAndNamesThemInErrors) {
  const auto dir = std::filesystem::path(::testing::TempDir());
  const auto good = dir / "poolscope_reader_design.json";
  { std::ofstream(good) << kDesignExample; }
  EXPECT_EQ(read_trace(good).runs.size(), 1U);
  std::filesystem::remove(good);
  try {
    read_trace(dir / "poolscope_no_such_trace.json");
    FAIL() << "a missing file must be an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("poolscope_no_such_trace.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_trace(dir), InputError);
}

}  // namespace
}  // namespace poolscope
