// Scenario files as a person writes them: the design's example loads, every mistake is refused with a
// message naming it, big scenarios load fast, and saving never leaves a half-written file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/util/errors.hpp"

namespace fs = std::filesystem;
using namespace poolscope;

namespace {

std::string error_of(const std::string& json) {
  try {
    parse_scenario(json);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("poolscope_scenario_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(ScenarioParse, DesignExampleLoads) {
  const Scenario s = parse_scenario(R"({"mode": "imap", "workers": 3, "chunksize": 1,
      "workload": "sleep", "inputs": [1, 2, 3], "durations": [1.0, 2.0, 3.0]})");
  EXPECT_EQ(s.mode, Mode::imap);
  EXPECT_EQ(s.workers, 3);
  EXPECT_EQ(s.chunksize, 1);
  EXPECT_EQ(s.workload, Workload::sleep);
  EXPECT_EQ(s.inputs, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(s.durations, (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_FALSE(s.fail_task.has_value());
}

TEST(ScenarioParse, InputsDefaultToOneToN) {
  const Scenario s = parse_scenario(R"({"durations": [0.5, 0.5, 0.5, 0.5]})");
  EXPECT_EQ(s.inputs, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.mode, Mode::map);
  EXPECT_EQ(s.workers, 3);
  EXPECT_EQ(s.chunksize, 0);  // Python's default
}

TEST(ScenarioParse, FailTaskForCrashAndRaise) {
  const Scenario s = parse_scenario(R"({"workload": "crash", "durations": [0.1, 0.1, 0.1], "fail_task": 2})");
  EXPECT_EQ(s.workload, Workload::crash);
  ASSERT_TRUE(s.fail_task.has_value());
  EXPECT_EQ(*s.fail_task, 2u);
  const Scenario r = parse_scenario(R"({"workload": "raise", "durations": [0.1, 0.1]})");
  ASSERT_TRUE(r.fail_task.has_value());
  EXPECT_EQ(*r.fail_task, 0u);  // the first task fails when none is named
}

TEST(ScenarioParse, RefusesMistakesWithAMessageNamingThem) {
  struct Case {
    const char* json;
    const char* expected;  // a fragment of the message
  };
  const Case cases[] = {
      {R"({"durations": [1, 2], "colour": "red"})", "unknown key \"colour\""},
      {R"({"durations": [1, 2)", "not valid JSON"},
      {R"([1, 2, 3])", "JSON object"},
      {"", "not valid JSON"},
      {R"({"workers": 3})", "durations"},
      {R"({"durations": []})", "no tasks"},
      {R"({"durations": "1,2,3"})", "must be a list"},
      {R"({"durations": [1, "2"]})", "duration 1"},
      {R"({"durations": [1, null]})", "duration 1"},
      {R"({"durations": [1, -2]})", "negative"},
      {R"({"durations": [1, 3600.5]})", "3600"},
      {R"({"durations": [1, 1e999]})", "not valid JSON"},
      {R"({"durations": [1, 2], "inputs": [1, 2, 3]})", "3 inputs but 2 durations"},
      {R"({"durations": [1, 2], "inputs": [1, 2.5]})", "integer"},
      {R"({"durations": [1, 2], "inputs": [1, "x"]})", "input 1"},
      {R"({"durations": [1], "workers": 0})", "workers must be between 1 and 64"},
      {R"({"durations": [1], "workers": 65})", "workers must be between 1 and 64"},
      {R"({"durations": [1], "workers": 99999999999})", "out of range"},
      {R"({"durations": [1], "workers": "3"})", "must be an integer"},
      {R"({"durations": [1], "chunksize": 0})", "chunksize must be 1 or more"},
      {R"({"durations": [1], "chunksize": -4})", "chunksize must be 1 or more"},
      {R"({"durations": [1], "mode": "parallel"})", "unknown mode"},
      {R"({"durations": [1], "mode": 1})", "must be a string"},
      {R"({"durations": [1], "workload": "nap"})", "unknown workload"},
      {R"({"durations": [1], "fail_task": 0})", "crash or raise"},
      {R"({"durations": [1], "workload": "crash", "fail_task": 1})", "does not exist"},
      {R"({"durations": [1], "workload": "crash", "fail_task": -1})", "0 or more"},
      {R"({"durations": [1], "inputs": [9223372036854775807]})", "too large"},
      {R"({"workers": 2, "durations": [1], "workers": 8})", "key \"workers\" appears twice"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.json);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "scenario " << c.json << "\n gave: " << (message.empty() ? "(no error)" : message);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ScenarioParse, SameKeyInsideNestedValuesIsNotADuplicate) {
  // Only the scenario's own keys count; a list holding the same numbers twice is fine.
  const Scenario s = parse_scenario(R"({"durations": [1, 1], "inputs": [7, 7]})");
  EXPECT_EQ(s.inputs, (std::vector<std::int64_t>{7, 7}));
}

TEST(ScenarioParse, HundredThousandTasksLoadFast) {
  const fs::path dir = fresh_dir("big");
  std::string json = R"({"mode": "imap_unordered", "workers": 8, "durations": [)";
  for (int i = 0; i < 100'000; ++i) json += (i ? ",0.001" : "0.001");
  json += "]}";
  const fs::path file = dir / "big.json";
  std::ofstream(file) << json;

  const auto start = std::chrono::steady_clock::now();
  const Scenario s = load_scenario(file);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.size(), 100'000u);
  EXPECT_EQ(s.inputs.back(), 100'000);
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  fs::remove_all(dir);
}

TEST(ScenarioParse, LoadNamesTheFileInItsMessage) {
  const fs::path dir = fresh_dir("load");
  EXPECT_THROW(load_scenario(dir / "missing.json"), InputError);
  EXPECT_THROW(load_scenario(dir), InputError);
  std::ofstream(dir / "bad.json") << R"({"durations": [1], "extra": 1})";
  try {
    load_scenario(dir / "bad.json");
    FAIL() << "a scenario with an unknown key loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(ScenarioSave, RoundTripsAndWritesAtomically) {
  const fs::path dir = fresh_dir("save");
  Scenario s;
  s.mode = Mode::imap_unordered;
  s.workers = 5;
  s.chunksize = 2;
  s.workload = Workload::raise;
  s.inputs = {5, -10, 20};
  s.durations = {0.25, 0.0, 3600.0};
  s.fail_task = 1;
  save_scenario(s, dir / "s.json");
  const Scenario back = load_scenario(dir / "s.json");
  EXPECT_EQ(back.mode, s.mode);
  EXPECT_EQ(back.workers, s.workers);
  EXPECT_EQ(back.chunksize, s.chunksize);
  EXPECT_EQ(back.workload, s.workload);
  EXPECT_EQ(back.inputs, s.inputs);
  EXPECT_EQ(back.durations, s.durations);
  EXPECT_EQ(back.fail_task, s.fail_task);

  // Into a directory that does not exist: an InputError, and nothing is created.
  EXPECT_THROW(save_scenario(s, dir / "nowhere" / "s.json"), InputError);
  EXPECT_FALSE(fs::exists(dir / "nowhere"));
  // An invalid scenario is refused before the old file is touched.
  Scenario bad = s;
  bad.workers = 0;
  EXPECT_THROW(save_scenario(bad, dir / "s.json"), InputError);
  EXPECT_EQ(load_scenario(dir / "s.json").workers, 5);
  // No temporary file is left beside the output.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
  fs::remove_all(dir);
}

TEST(ScenarioChunksize, FollowsPythonsDefaults) {
  EXPECT_EQ(effective_chunksize(Mode::map, 0, 3, 3), 1);
  EXPECT_EQ(effective_chunksize(Mode::map, 0, 12, 3), 1);
  EXPECT_EQ(effective_chunksize(Mode::map, 0, 13, 3), 2);
  EXPECT_EQ(effective_chunksize(Mode::map, 0, 100, 3), 9);  // divmod(100, 12) = (8, 4) -> 9
  EXPECT_EQ(effective_chunksize(Mode::map, 0, 100'000, 8), 3125);
  EXPECT_EQ(effective_chunksize(Mode::imap, 0, 100, 3), 1);
  EXPECT_EQ(effective_chunksize(Mode::imap_unordered, 0, 100, 3), 1);
  EXPECT_EQ(effective_chunksize(Mode::map, 7, 100, 3), 7);
}

TEST(ScenarioPresets, MatchTheNotebook) {
  const fs::path presets = fs::path(POOLSCOPE_SOURCE_DIR) / "resources" / "presets";
  const Scenario in12 = load_scenario(presets / "in12-map.json");
  EXPECT_EQ(in12.mode, Mode::map);
  EXPECT_EQ(in12.workers, 3);
  EXPECT_EQ(in12.inputs, (std::vector<std::int64_t>{5, 10, 20}));
  EXPECT_EQ(in12.durations, (std::vector<double>{3, 3, 3}));

  const Scenario in14 = load_scenario(presets / "in14-imap.json");
  EXPECT_EQ(in14.mode, Mode::imap);
  EXPECT_EQ(in14.inputs, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(in14.durations, (std::vector<double>{1, 2, 3}));

  const Scenario in15 = load_scenario(presets / "in15-imap-unordered.json");
  EXPECT_EQ(in15.mode, Mode::imap_unordered);
  EXPECT_EQ(in15.inputs, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(in15.durations, (std::vector<double>{2, 1, 0}));  // 3 - n

  const Scenario slow = load_scenario(presets / "slow-first.json");
  ASSERT_GE(slow.size(), 4u);
  for (std::size_t i = 1; i < slow.size(); ++i) EXPECT_DOUBLE_EQ(slow.durations[0], 2 * slow.durations[i]);
}
