// What `poolscope run` writes: a trace that parses as JSON with one task event per task and every
// documented arg (three runs for --mode all), a CSV with one row per task, and failures with exit 3.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_process.hpp"
#include "result_lines.hpp"

using namespace poolscope::test;
using nlohmann::json;

namespace {

std::vector<json> task_events(const json& trace) {
  std::vector<json> tasks;
  for (const json& e : trace.at("traceEvents")) {
    if (e.at("ph") == "X" && e.at("cat") == "task") tasks.push_back(e);
  }
  return tasks;
}

// `handed_over`: the caller received the task's result or exception (else it has no emit_ts / emit_order).
void expect_documented_args(const json& event, bool handed_over = true) {
  EXPECT_TRUE(event.contains("ts"));
  EXPECT_TRUE(event.contains("dur"));
  EXPECT_GT(event.at("pid").get<int>(), 0);
  EXPECT_GT(event.at("tid").get<int>(), 0);
  const json& args = event.at("args");
  for (const char* key : {"mode", "index", "input", "worker", "chunk", "status", "submit_ts"}) {
    EXPECT_TRUE(args.contains(key)) << "missing " << key << " in " << event;
  }
  for (const char* key : {"emit_ts", "emit_order"}) {
    EXPECT_EQ(args.contains(key), handed_over) << key << " in " << event;
  }
  if (args.at("status") == "ok") {
    EXPECT_TRUE(args.contains("result")) << event;
    EXPECT_EQ(args.at("result").get<long long>(), 2 * args.at("input").get<long long>());
  } else {
    EXPECT_FALSE(args.contains("result")) << event;
    EXPECT_TRUE(args.contains("message")) << event;
  }
}

}  // namespace

TEST(RunOutputs, TraceHasOneTaskEventPerTaskWithEveryArg) {
  TempDir dir("trace");
  const auto r = run_cli({"run", "--preset", "in14-imap", "--durations", "0.1", "--trace", dir.file("t.json"), "--csv",
                          dir.file("t.csv"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json trace = json::parse(read_text(dir.file("t.json")));
  const auto tasks = task_events(trace);
  ASSERT_EQ(tasks.size(), 3u);
  std::set<long long> indexes;
  for (const json& e : tasks) {
    expect_documented_args(e);
    EXPECT_EQ(e.at("args").at("mode"), "imap");
    indexes.insert(e.at("args").at("index").get<long long>());
    EXPECT_NEAR(e.at("dur").get<double>(), 100'000.0, 80'000.0);
  }
  EXPECT_EQ(indexes, (std::set<long long>{0, 1, 2}));
  EXPECT_EQ(trace.at("displayTimeUnit"), "ms");
  EXPECT_EQ(trace.at("otherData").at("generator"), "poolscope");
  EXPECT_EQ(trace.at("otherData").at("workers"), 3);

  // Worker rows are named as the workers name themselves.
  std::map<int, std::string> names;
  for (const json& e : trace.at("traceEvents")) {
    if (e.at("ph") == "M" && e.at("name") == "process_name") names[e.at("pid")] = e.at("args").at("name");
  }
  for (const json& e : tasks) {
    const int pid = e.at("pid");
    EXPECT_EQ(names[pid],
              "Worker-" + std::to_string(e.at("args").at("worker").get<int>()) + " (pid " + std::to_string(pid) + ")");
  }

  const std::string csv = read_text(dir.file("t.csv"));
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(in, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u) << csv;
  EXPECT_EQ(rows[0].rfind("mode,index,input,result,", 0), 0u) << rows[0];
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i].rfind("imap,", 0), 0u) << rows[i];
}

TEST(RunOutputs, ModeAllRunsTheThreeModesIntoOneTrace) {
  TempDir dir("all");
  const auto r = run_cli({"run", "--mode", "all", "--durations", "0.15,0.05,0.05", "--trace", dir.file("all.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A header, three result lines and a summary per mode, in map, imap, imap_unordered order.
  ASSERT_EQ(r.lines.size(), 15u) << r.out();
  const char* modes[] = {"map", "imap", "imap_unordered"};
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_NE(r.lines[m * 5].text.find(modes[m]), std::string::npos) << r.lines[m * 5].text;
    const auto summary = parse_summary_line(r.lines[m * 5 + 4].text);
    ASSERT_TRUE(summary) << r.lines[m * 5 + 4].text;
    EXPECT_EQ(summary->mode, modes[m]);
    EXPECT_EQ(summary->results, 3);
  }
  // imap_unordered hands back the short tasks before the long first one.
  const auto first_unordered = parse_result_line(r.lines[11].text);
  ASSERT_TRUE(first_unordered) << r.lines[11].text;
  EXPECT_NE(first_unordered->input, 1);

  const json trace = json::parse(read_text(dir.file("all.json")));
  std::map<std::string, int> per_mode;
  for (const json& e : task_events(trace)) {
    expect_documented_args(e);
    ++per_mode[e.at("args").at("mode")];
  }
  EXPECT_EQ(per_mode, (std::map<std::string, int>{{"map", 3}, {"imap", 3}, {"imap_unordered", 3}}));
}

// What Perfetto needs of a real run: positive integer pids / tids, one emit instant per task on the
// caller's thread, and slices on one thread that never overlap (Perfetto nests or drops those).
TEST(RunOutputs, ModeAllTraceOfAHundredTasksIsValidForPerfetto) {
  TempDir dir("perfetto");
  std::string inputs;
  for (int i = 1; i <= 100; ++i) inputs += (i > 1 ? "," : "") + std::to_string(i);
  const auto r = run_cli({"run", "--mode", "all", "--workers", "4", "--inputs", inputs, "--durations", "0.002",
                          "--trace", dir.file("all.json"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json trace = json::parse(read_text(dir.file("all.json")));
  std::map<std::pair<long long, long long>, std::vector<std::pair<double, double>>> slices;
  std::map<std::string, int> emits;
  for (const json& e : trace.at("traceEvents")) {
    ASSERT_TRUE(e.at("pid").is_number_integer() && e.at("tid").is_number_integer()) << e;
    ASSERT_GT(e.at("pid").get<long long>(), 0) << e;
    ASSERT_GT(e.at("tid").get<long long>(), 0) << e;
    if (e.at("ph") == "X") {
      const double ts = e.at("ts").get<double>();
      slices[{e.at("pid"), e.at("tid")}].push_back({ts, ts + e.at("dur").get<double>()});
    } else if (e.at("ph") == "i") {
      EXPECT_EQ(e.at("s"), "t") << e;
      ++emits[e.at("args").at("mode")];
    }
  }
  std::size_t compared = 0;
  for (auto& [track, list] : slices) {
    std::sort(list.begin(), list.end());
    for (std::size_t i = 1; i < list.size(); ++i, ++compared) {
      EXPECT_LE(list[i - 1].second, list[i].first) << "pid " << track.first;
    }
  }
  EXPECT_EQ(compared, 300u - slices.size()) << "every task is one slice";
  EXPECT_LE(slices.size(), 12u) << "4 workers per mode, none replaced";
  EXPECT_EQ(emits, (std::map<std::string, int>{{"map", 100}, {"imap", 100}, {"imap_unordered", 100}}));
}

TEST(RunOutputs, CrashGivesExit3AndACrashedTaskInTheTrace) {
  TempDir dir("crash");
  const auto r = run_cli({"run", "--mode", "imap", "--durations", "0.1,0.1,0.1", "--workload", "crash", "--fail-task",
                          "1", "--trace", dir.file("t.json"), "--csv", dir.file("t.csv")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  ASSERT_EQ(r.lines.size(), 4u) << r.out();
  EXPECT_TRUE(parse_result_line(r.lines[0].text)) << r.lines[0].text;
  EXPECT_EQ(r.lines[1].text.rfind("task 1 (input 2) crashed on Worker-", 0), 0u) << r.lines[1].text;
  EXPECT_TRUE(parse_result_line(r.lines[2].text)) << r.lines[2].text;
  EXPECT_NE(r.lines[3].text.find("1 task failed"), std::string::npos) << r.lines[3].text;

  const json trace = json::parse(read_text(dir.file("t.json")));
  int crashed = 0;
  for (const json& e : task_events(trace)) {
    expect_documented_args(e);
    if (e.at("args").at("status") == "crashed") {
      ++crashed;
      EXPECT_EQ(e.at("args").at("index"), 1);
      EXPECT_FALSE(e.at("args").at("message").get<std::string>().empty());
    }
  }
  EXPECT_EQ(crashed, 1);
  EXPECT_NE(read_text(dir.file("t.csv")).find(",crashed,"), std::string::npos);
}

TEST(RunOutputs, RaiseInMapHandsOverTheExceptionAndNoResult) {
  // Python's map raises the exception and hands over none of the results it computed.
  TempDir dir("raise");
  const auto r = run_cli({"run", "--mode", "map", "--durations", "0.05", "--inputs", "4,5,6", "--workload", "raise",
                          "--fail-task", "2", "--trace", dir.file("t.json")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  ASSERT_EQ(r.lines.size(), 3u) << r.out();
  EXPECT_EQ(r.lines[0].text.rfind("task 2 (input 6) raised an error on Worker-", 0), 0u) << r.lines[0].text;
  // The type the task threw, as the engine recorded it, before its message.
  EXPECT_NE(r.lines[0].text.find(" s: std::runtime_error: task with input 6"), std::string::npos) << r.lines[0].text;
  EXPECT_EQ(
      r.lines[1].text,
      "map: the exception ends the call (chunksize 1): results of tasks 0, 1 were computed but never handed over");
  EXPECT_EQ(r.lines[2].text.rfind("map: 0 results from 3 workers in ", 0), 0u) << r.lines[2].text;
  const json trace = json::parse(read_text(dir.file("t.json")));
  int errors = 0;
  for (const json& e : task_events(trace)) {
    const bool failed = e.at("args").at("status") == "error";
    expect_documented_args(e, failed);
    if (failed) {
      ++errors;
      EXPECT_NE(e.at("args").at("message").get<std::string>().find("input 6"), std::string::npos) << e;
    }
  }
  EXPECT_EQ(errors, 1);
  std::vector<std::string> emits;
  for (const json& e : trace.at("traceEvents")) {
    if (e.at("ph") == "i" && e.at("cat") == "emit") emits.push_back(e.at("name").get<std::string>());
  }
  EXPECT_EQ(emits, (std::vector<std::string>{"exception 2"}));
}

TEST(RunOutputs, RaiseInAChunkEndsImapAndSaysWhatWasNeverHandedOver) {
  // Python's imap with chunksize 2 is a generator over chunks: 2, 4, then the chunk (6, 8)'s exception,
  // and the loop is over; tasks 4 and 5 still run, their results are never handed over.
  TempDir dir("raise-chunk");
  const auto r = run_cli({"run", "--mode", "imap", "--workers", "2", "--chunksize", "2", "--inputs", "1,2,3,4,5,6",
                          "--durations", "0.05,0.05,0.15,0.05,0.05,0.05", "--workload", "raise", "--fail-task", "2",
                          "--trace", dir.file("t.json")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  ASSERT_EQ(r.lines.size(), 5u) << r.out();
  EXPECT_EQ(parse_result_line(r.lines[0].text).value_or(ResultLine{}).result, 2) << r.lines[0].text;
  EXPECT_EQ(parse_result_line(r.lines[1].text).value_or(ResultLine{}).result, 4) << r.lines[1].text;
  EXPECT_EQ(r.lines[2].text.rfind("task 2 (input 3) raised an error on Worker-", 0), 0u) << r.lines[2].text;
  EXPECT_EQ(r.lines[3].text,
            "imap: the exception ends the loop (chunksize 2): results of tasks 4, 5 were computed but never handed "
            "over; task 3 never ran (its chunk stopped at the exception)");
  const json trace = json::parse(read_text(dir.file("t.json")));
  for (const json& e : task_events(trace)) {
    const auto index = e.at("args").at("index").get<int>();
    expect_documented_args(e, index <= 2);
    EXPECT_EQ(e.at("args").at("status"), index == 2 || index == 3 ? "error" : "ok") << e;
  }
}

TEST(RunOutputs, ScenarioFileWithFlagOverrides) {
  TempDir dir("scenario");
  std::ofstream(dir.file("s.json")) << R"({"mode": "map", "workers": 2, "chunksize": 1, "workload": "sleep",
      "inputs": [7, 8], "durations": [5.0, 5.0]})";
  const auto r = run_cli({"run", "--scenario", dir.file("s.json"), "--durations", "0.05", "--mode", "imap"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 3u) << r.out();
  EXPECT_EQ(r.lines[0].text.rfind("7 doubled to 14 by Worker-", 0), 0u) << r.lines[0].text;
  const auto summary = parse_summary_line(r.lines[2].text);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->mode, "imap");
  EXPECT_EQ(summary->workers, 2);
}

TEST(RunOutputs, MaxtasksperchildShowsFreshPidsInTheSameRows) {
  const auto r = run_cli({"run", "--mode", "imap", "--workers", "2", "--maxtasksperchild", "1", "--inputs", "1,2,3,4",
                          "--durations", "0.05"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 5u) << r.out();
  std::set<std::string> rows;
  std::set<std::string> pids;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string& text = r.lines[i].text;  // "1 doubled to 2 by Worker-1 (pid 5582) at +0.051 s"
    const auto by = text.find("by Worker-");
    const auto pid = text.find("(pid ");
    ASSERT_NE(by, std::string::npos) << text;
    ASSERT_NE(pid, std::string::npos) << text;
    rows.insert(text.substr(by + 3, pid - by - 4));
    pids.insert(text.substr(pid + 5, text.find(')', pid) - pid - 5));
  }
  EXPECT_EQ(rows, (std::set<std::string>{"Worker-1", "Worker-2"}));
  EXPECT_EQ(pids.size(), 4u) << r.out();
}

TEST(RunOutputs, ChartsAreDrawnHeadlessAtTheRequestedSize) {
  TempDir dir("charts");
  const auto r = run_cli(
      {"run", "--mode", "all", "--durations", "0.05", "--inputs", "1,2,3", "--quiet", "--png", dir.file("c.png"),
       "--svg", dir.file("c.svg"), "--pdf", dir.file("c.pdf"), "--size", "800x600", "--theme", "dark"},
      60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.lines.size(), 3u) << r.out();

  const std::string png = read_text(dir.file("c.png"));
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  const auto be32 = [&png](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  EXPECT_EQ(be32(16), 800u);  // IHDR width
  EXPECT_EQ(be32(20), 600u);  // IHDR height
  EXPECT_NE(read_text(dir.file("c.svg")).find("<svg"), std::string::npos);
  EXPECT_EQ(read_text(dir.file("c.pdf")).rfind("%PDF", 0), 0u);
}
