// run_scenario on the notebook's examples scaled to 0.1 s units: emission order and times, failures
// recorded (not thrown), and a stop request that ends a long run promptly.
#include "poolscope/scenario/scenario_runner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "poolscope/util/errors.hpp"

using namespace poolscope;

namespace {

Scenario scenario(std::vector<std::int64_t> inputs, std::vector<double> durations, int workers = 3) {
  Scenario s;
  s.workers = workers;
  s.inputs = std::move(inputs);
  s.durations = std::move(durations);
  return s;
}

double seconds(const RunTrace& run, std::int64_t t_ns) { return static_cast<double>(t_ns - run.origin_ns) / 1e9; }

struct Emitted {
  std::string result;
  double at;
};

std::vector<Emitted> run_and_watch(const Scenario& s, Mode mode, RunTrace& out) {
  std::vector<Emitted> seen;
  std::int64_t origin = 0;
  RunOptions options;
  options.on_start = [&origin](std::int64_t o) { origin = o; };
  options.on_emit = [&](const TaskRecord& t) {
    seen.push_back({t.result, static_cast<double>(t.emit_ns - origin) / 1e9});
  };
  out = run_scenario(s, mode, options);
  EXPECT_EQ(origin, out.origin_ns);
  return seen;
}

constexpr double kTolerance = 0.08;

}  // namespace

TEST(ScenarioRunner, MapHandsEverythingBackAtTheEnd) {
  RunTrace run;
  const auto seen = run_and_watch(scenario({5, 10, 20}, {0.3, 0.3, 0.3}), Mode::map, run);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].result, "10");
  EXPECT_EQ(seen[1].result, "20");
  EXPECT_EQ(seen[2].result, "40");
  for (const auto& e : seen) EXPECT_NEAR(e.at, 0.3, kTolerance);
  EXPECT_NEAR(seconds(run, run.end_ns), 0.3, kTolerance);  // three at once: parallel
  EXPECT_EQ(run.mode, Mode::map);
  EXPECT_EQ(run.chunksize, 1);
  EXPECT_GT(run.caller_pid, 0);
  EXPECT_GE(run.processes.size(), 3u);
  for (const auto& t : run.tasks) {
    EXPECT_EQ(t.status, TaskStatus::ok);
    EXPECT_GT(t.pid, 0);
    EXPECT_GE(t.worker, 1);
    EXPECT_LE(t.worker, 3);
  }
}

TEST(ScenarioRunner, ImapHandsBackInInputOrder) {
  RunTrace run;
  const auto seen = run_and_watch(scenario({1, 2, 3}, {0.1, 0.2, 0.3}), Mode::imap, run);
  ASSERT_EQ(seen.size(), 3u);
  const char* results[] = {"2", "4", "6"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(seen[i].result, results[i]);
    EXPECT_NEAR(seen[i].at, 0.1 * static_cast<double>(i + 1), kTolerance);
  }
}

TEST(ScenarioRunner, ImapUnorderedHandsBackAsSoonAsReady) {
  RunTrace run;
  const auto seen = run_and_watch(scenario({1, 2, 3}, {0.2, 0.1, 0.0}), Mode::imap_unordered, run);
  ASSERT_EQ(seen.size(), 3u);
  const char* results[] = {"6", "4", "2"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(seen[i].result, results[i]);
    EXPECT_NEAR(seen[i].at, 0.1 * static_cast<double>(i), kTolerance);
  }
  EXPECT_NEAR(seconds(run, run.end_ns), 0.2, kTolerance);
}

TEST(ScenarioRunner, SlowFirstTaskHoldsBackImap) {
  RunTrace run;
  const auto seen = run_and_watch(scenario({1, 2, 3, 4}, {0.3, 0.1, 0.1, 0.1}), Mode::imap, run);
  ASSERT_EQ(seen.size(), 4u);
  // Task 1 finished at 0.1 s but waits for task 0 (0.3 s).
  EXPECT_NEAR(seen[1].at, 0.3, kTolerance);
  EXPECT_LT(seconds(run, run.tasks[1].finish_ns), 0.2);
}

TEST(ScenarioRunner, FailuresAreRecordedAndTheRunGoesOn) {
  for (const Mode mode : {Mode::map, Mode::imap, Mode::imap_unordered}) {
    for (const Workload workload : {Workload::crash, Workload::raise}) {
      Scenario s = scenario({1, 2, 3, 4}, {0.1, 0.1, 0.1, 0.1}, 2);
      s.workload = workload;
      s.fail_task = 1;
      RunTrace run;
      const auto seen = run_and_watch(s, mode, run);
      SCOPED_TRACE(std::string(to_string(mode)) + " " + std::string(to_string(workload)));
      // map (chunksize 1 here) raises and hands over nothing else; imap goes on after the exception.
      EXPECT_EQ(seen.size(), mode == Mode::map ? 1u : 4u);
      ASSERT_EQ(run.tasks.size(), 4u);
      const TaskRecord& failed = run.tasks[1];
      EXPECT_EQ(failed.status, workload == Workload::crash ? TaskStatus::crashed : TaskStatus::error);
      EXPECT_FALSE(failed.message.empty());
      EXPECT_TRUE(failed.result.empty());
      EXPECT_GE(failed.emit_order, 0);
      for (std::size_t i : {0u, 2u, 3u}) {
        EXPECT_EQ(run.tasks[i].status, TaskStatus::ok) << i;
        EXPECT_EQ(run.tasks[i].result, std::to_string(2 * (i + 1)));
        EXPECT_EQ(run.tasks[i].emit_order >= 0, mode != Mode::map) << i;
      }
    }
  }
}

TEST(ScenarioRunner, StopEndsALongRunPromptly) {
  StopFlag stop;
  RunOptions options;
  options.stop = &stop;
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.request();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(run_scenario(scenario({1, 2, 3}, {30, 30, 30}), Mode::imap, options), PoolStopped);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ScenarioRunner, InvalidScenarioIsRefusedBeforeAnythingRuns) {
  Scenario s = scenario({1, 2}, {0.1});
  EXPECT_THROW(run_scenario(s, Mode::map), InputError);
}

TEST(ScenarioRunner, MaxtasksperchildGivesEachRowFreshProcesses) {
  const Scenario s =
      parse_scenario(R"({"mode": "imap", "workers": 2, "maxtasksperchild": 1, "durations": [0.05, 0.05, 0.05, 0.05]})");
  ASSERT_EQ(s.maxtasksperchild, 1);
  const RunTrace run = run_scenario(s, Mode::imap);
  std::set<int> rows;
  std::set<int> pids;
  for (const TaskRecord& t : run.tasks) {
    EXPECT_EQ(t.status, TaskStatus::ok);
    rows.insert(t.worker);
    pids.insert(t.pid);
  }
  EXPECT_EQ(rows, (std::set<int>{1, 2}));
  EXPECT_EQ(pids.size(), 4u) << "a fresh process for every task, in the same two rows";
}

TEST(ScenarioParse, MaxtasksperchildIsAPositiveCountOrLeftOut) {
  const char* base = R"({"durations": [0.1], "maxtasksperchild": )";
  EXPECT_EQ(parse_scenario(std::string(base) + "3}").maxtasksperchild, 3);
  EXPECT_FALSE(parse_scenario(std::string(base) + "null}").maxtasksperchild.has_value());
  EXPECT_THROW(parse_scenario(std::string(base) + "0}"), InputError);
  EXPECT_THROW(parse_scenario(std::string(base) + "-1}"), InputError);
  EXPECT_THROW(parse_scenario(std::string(base) + "\"12\"}"), InputError);
  Scenario s = parse_scenario(std::string(base) + "2}");
  EXPECT_EQ(parse_scenario(scenario_to_json(s)).maxtasksperchild, 2) << "saved and loaded back";
}
