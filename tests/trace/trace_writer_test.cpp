// The trace file is the contract other tools read (Perfetto, the GUI, the Python recorder's twin):
// one "task" X event per task with every documented arg, emit instants, metadata, and CSV rows.
#include "poolscope/trace/trace_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/errors.hpp"

namespace fs = std::filesystem;
using namespace poolscope;
using nlohmann::json;

namespace {

constexpr std::int64_t kOrigin = 1'000'000'000'000;  // an arbitrary monotonic instant
constexpr std::int64_t kMs = 1'000'000;

TaskRecord task(std::uint64_t index, int worker, int pid, std::int64_t start_ms, std::int64_t finish_ms,
                std::int64_t emit_ms, std::int64_t order) {
  TaskRecord t;
  t.index = index;
  t.input = std::to_string(index + 1);
  t.result = std::to_string(2 * (index + 1));
  t.worker = worker;
  t.pid = pid;
  t.chunk = index;
  t.submit_ns = kOrigin + 1000;
  t.start_ns = kOrigin + start_ms * kMs;
  t.finish_ns = kOrigin + finish_ms * kMs;
  t.emit_ns = kOrigin + emit_ms * kMs;
  t.emit_order = order;
  t.status = TaskStatus::ok;
  return t;
}

// imap over 3 workers: task 1 raised, task 2 crashed and its worker was replaced.
RunTrace sample_run(Mode mode, int first_pid) {
  RunTrace run;
  run.mode = mode;
  run.workers = 3;
  run.chunksize = 1;
  run.workload = "crash";
  run.label = "PoolScope";
  run.caller_pid = 4000;
  run.origin_ns = kOrigin;
  run.end_ns = kOrigin + 300 * kMs;
  run.processes = {{1, first_pid}, {2, first_pid + 1}, {3, first_pid + 2}, {3, first_pid + 3}};
  run.tasks.push_back(task(0, 1, first_pid, 0, 100, 100, 0));
  TaskRecord failed = task(1, 2, first_pid + 1, 0, 200, 200, 1);
  failed.status = TaskStatus::error;
  failed.result.clear();
  failed.message = "task with input 2 raised, on purpose";
  run.tasks.push_back(failed);
  TaskRecord crashed = task(2, 3, first_pid + 2, 0, 150, 250, 2);
  crashed.status = TaskStatus::crashed;
  crashed.result.clear();
  crashed.message = "Worker-3 (pid " + std::to_string(first_pid + 2) + ") was killed by signal 9";
  run.tasks.push_back(crashed);
  run.tasks.push_back(task(3, 3, first_pid + 3, 160, 300, 300, 3));
  return run;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("poolscope_tw_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(TraceWriter, OneTaskEventPerTaskWithEveryDocumentedArg) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  const json root = json::parse(trace_to_json(trace));

  ASSERT_TRUE(root.contains("traceEvents"));
  EXPECT_EQ(root["displayTimeUnit"], "ms");
  EXPECT_EQ(root["otherData"]["generator"], "poolscope");
  EXPECT_EQ(root["otherData"]["workers"], 3);
  EXPECT_EQ(root["otherData"]["chunksize"], 1);
  EXPECT_EQ(root["otherData"]["workload"], "crash");

  std::map<std::uint64_t, json> tasks;
  int emits = 0;
  for (const json& e : root["traceEvents"]) {
    ASSERT_TRUE(e["pid"].is_number_integer()) << e;
    EXPECT_GT(e["pid"].get<int>(), 0) << e;
    if (e["ph"] == "X") {
      EXPECT_EQ(e["cat"], "task");
      ASSERT_TRUE(e.contains("dur")) << e;
      tasks[e["args"]["index"].get<std::uint64_t>()] = e;
    }
    if (e["ph"] == "i") {
      EXPECT_EQ(e["cat"], "emit");
      EXPECT_EQ(e["pid"], 4000);
      EXPECT_EQ(e["s"], "t");
      ++emits;
    }
  }
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(emits, 4);

  const json& ok = tasks[0];
  EXPECT_EQ(ok["name"], "task 0");
  EXPECT_EQ(ok["pid"], 5000);
  EXPECT_EQ(ok["tid"], 5000);
  EXPECT_DOUBLE_EQ(ok["ts"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(ok["dur"].get<double>(), 100'000.0);
  const json& args = ok["args"];
  for (const char* key :
       {"mode", "index", "input", "result", "worker", "chunk", "status", "submit_ts", "emit_ts", "emit_order"}) {
    EXPECT_TRUE(args.contains(key)) << "missing arg " << key;
  }
  EXPECT_EQ(args["mode"], "imap");
  EXPECT_EQ(args["input"], 1);  // a number, not the string "1"
  EXPECT_EQ(args["result"], 2);
  EXPECT_EQ(args["worker"], 1);
  EXPECT_EQ(args["status"], "ok");
  EXPECT_DOUBLE_EQ(args["submit_ts"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(args["emit_ts"].get<double>(), 100'000.0);
  EXPECT_EQ(args["emit_order"], 0);

  for (std::uint64_t failed : {1u, 2u}) {
    const json& a = tasks[failed]["args"];
    EXPECT_FALSE(a.contains("result")) << a;
    EXPECT_FALSE(a["message"].get<std::string>().empty());
  }
  EXPECT_EQ(tasks[1]["args"]["status"], "error");
  EXPECT_EQ(tasks[2]["args"]["status"], "crashed");
}

TEST(TraceWriter, NamesAndOrdersEveryRowForPerfetto) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  const json root = json::parse(trace_to_json(trace));
  std::map<int, std::string> process_names;
  std::set<int> sorted, thread_named;
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] != "M") continue;
    const int pid = e["pid"];
    if (e["name"] == "process_name") process_names[pid] = e["args"]["name"];
    if (e["name"] == "process_sort_index") sorted.insert(pid);
    if (e["name"] == "thread_name") thread_named.insert(pid);
  }
  EXPECT_EQ(process_names[5000], "Worker-1 (pid 5000)");
  EXPECT_EQ(process_names[5002], "Worker-3 (pid 5002)");
  EXPECT_EQ(process_names[5003], "Worker-3 (pid 5003)");  // the replacement keeps the id, not the pid
  EXPECT_NE(process_names[4000].find("4000"), std::string::npos);
  for (int pid : {4000, 5000, 5001, 5002, 5003}) {
    EXPECT_TRUE(sorted.count(pid)) << pid;
    EXPECT_TRUE(thread_named.count(pid)) << pid;
  }
}

TEST(TraceWriter, SlicesOnOneThreadNeverOverlap) {
  Trace trace;
  RunTrace run = sample_run(Mode::imap, 5000);
  // Back-to-back tasks on one worker, at odd nanoseconds: rounding to microseconds must not make a slice
  // end after the next one starts (Perfetto then nests or drops it).
  for (std::uint64_t k = 0; k < 50; ++k) {
    TaskRecord t = task(4 + k, 1, 5000, 0, 0, 300, static_cast<std::int64_t>(4 + k));
    t.start_ns = kOrigin + 100 * kMs + static_cast<std::int64_t>(k) * 3'333'337 + 1;
    t.finish_ns = t.start_ns + 3'333'337;
    run.tasks.push_back(t);
  }
  trace.runs.push_back(run);
  const json root = json::parse(trace_to_json(trace));
  std::map<int, std::vector<std::pair<double, double>>> slices;
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] == "X") slices[e["tid"]].push_back({e["ts"], e["ts"].get<double>() + e["dur"].get<double>()});
  }
  for (auto& [tid, list] : slices) {
    std::sort(list.begin(), list.end());
    for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LE(list[i - 1].second, list[i].first) << "tid " << tid;
  }
  EXPECT_EQ(slices[5000].size(), 51u);
}

TEST(TraceWriter, ThreeModesInOneFile) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::map, 5000));
  trace.runs.push_back(sample_run(Mode::imap, 6000));
  trace.runs.push_back(sample_run(Mode::imap_unordered, 7000));
  const json root = json::parse(trace_to_json(trace));
  std::map<std::string, int> per_mode;
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] == "X") ++per_mode[e["args"]["mode"]];
  }
  EXPECT_EQ(per_mode["map"], 4);
  EXPECT_EQ(per_mode["imap"], 4);
  EXPECT_EQ(per_mode["imap_unordered"], 4);
  ASSERT_EQ(root["otherData"]["runs"].size(), 3u);
  EXPECT_EQ(root["otherData"]["runs"][2]["mode"], "imap_unordered");
}

// A watched program that calls map twice: two runs of one mode, told apart by args.run, read back as two.
TEST(TraceWriter, TwoRunsOfOneModeStayTwoRuns) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::map, 5000));
  trace.runs.push_back(sample_run(Mode::imap, 6000));
  trace.runs.push_back(sample_run(Mode::map, 7000));
  const Trace back = parse_trace(trace_to_json(trace));
  ASSERT_EQ(back.runs.size(), 3U);
  EXPECT_EQ(back.runs[0].mode, Mode::map);
  EXPECT_EQ(back.runs[1].mode, Mode::imap);
  EXPECT_EQ(back.runs[2].mode, Mode::map);
  ASSERT_EQ(back.runs[2].tasks.size(), 4U);
  EXPECT_EQ(back.runs[2].tasks[0].pid, 7000);
  EXPECT_EQ(back.runs[0].tasks[0].pid, 5000);
}

TEST(TraceWriter, CsvHasAHeaderAndOneRowPerTask) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  trace.runs[0].tasks[1].message = "bad, \"quoted\" input";
  const std::string csv = trace_to_csv(trace);
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].rfind("mode,index,input,result,worker,pid", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("imap,0,1,2,1,5000,", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(",0.100000,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(",error,"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("\"bad, \"\"quoted\"\" input\""), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find(",crashed,"), std::string::npos) << lines[3];
}

TEST(TraceWriter, FilesAreWrittenWholeOrNotAtAll) {
  const fs::path dir = fresh_dir("files");
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  write_trace_json(trace, dir / "t.json");
  write_trace_csv(trace, dir / "t.csv");
  const json parsed = json::parse(read_file(dir / "t.json"));
  EXPECT_EQ(parsed["otherData"]["generator"], "poolscope");
  EXPECT_EQ(read_file(dir / "t.csv"), trace_to_csv(trace));

  EXPECT_THROW(write_trace_json(trace, dir / "missing" / "t.json"), InputError);
  EXPECT_THROW(write_trace_csv(trace, dir / "missing" / "t.csv"), InputError);
  EXPECT_FALSE(fs::exists(dir / "missing"));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2);  // no temporary left behind
  fs::remove_all(dir);
}

TEST(TraceWriter, AnyMessageStillGivesAFileThatParses) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  trace.runs[0].tasks[1].message = std::string("bad \xff\xfe bytes, \"quotes\", a tab\t, a newline\n and \x01");
  trace.runs[0].tasks[0].input = "not a json literal";
  trace.runs[0].tasks[2].input = "\"caf\xc3\xa9\"";  // a JSON string, UTF-8
  const json root = json::parse(trace_to_json(trace));
  std::map<std::uint64_t, json> args;
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] == "X") args[e["args"]["index"].get<std::uint64_t>()] = e["args"];
  }
  EXPECT_EQ(args[0]["input"], "not a json literal");
  EXPECT_EQ(args[2]["input"], "caf\xc3\xa9");
  const std::string message = args[1]["message"];
  EXPECT_NE(message.find("\"quotes\", a tab\t, a newline\n and \x01"), std::string::npos) << message;
  EXPECT_NE(message.find("\xEF\xBF\xBD"), std::string::npos) << message;  // U+FFFD for the bad bytes
}

TEST(TraceWriter, TimesKeepNanosecondPrecisionInMicroseconds) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  trace.runs[0].tasks[0].start_ns = kOrigin + 12'345;          // 12.345 us
  trace.runs[0].tasks[0].finish_ns = kOrigin + 3'000'126'345;  // dur 3000114.000 us
  const json root = json::parse(trace_to_json(trace));
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] == "X" && e["args"]["index"] == 0) {
      EXPECT_DOUBLE_EQ(e["ts"].get<double>(), 12.345);
      EXPECT_DOUBLE_EQ(e["dur"].get<double>(), 3000114.0);
    }
  }
}

TEST(TraceWriter, AFailedTaskKeepsTheTypeOfItsException) {
  Trace trace;
  trace.runs.push_back(sample_run(Mode::imap, 5000));
  trace.runs[0].tasks[1].exception_type = "std::invalid_argument";
  const std::string text = trace_to_json(trace);
  const json root = json::parse(text);
  std::map<std::uint64_t, json> args;
  for (const json& e : root["traceEvents"]) {
    if (e["ph"] == "X") args[e["args"]["index"].get<std::uint64_t>()] = e["args"];
  }
  EXPECT_EQ(args[1]["exception_type"], "std::invalid_argument");
  EXPECT_FALSE(args[0].contains("exception_type")) << "an ok task has none";
  EXPECT_FALSE(args[2].contains("exception_type")) << "a crashed task has none";
  const Trace back = parse_trace(text);
  ASSERT_EQ(back.runs.size(), 1u);
  ASSERT_GE(back.runs[0].tasks.size(), 2u);
  EXPECT_EQ(back.runs[0].tasks[1].exception_type, "std::invalid_argument");
}
