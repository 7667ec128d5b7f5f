// Every bad command line: exit 2, exactly one line on stderr starting "poolscope:", nothing on stdout,
// nothing run (the durations would make a run take 5 s) and no output file written.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include "cli_process.hpp"

using namespace poolscope::test;

namespace {

struct BadCase {
  std::vector<std::string> args;  // "{dir}" is replaced by the test's directory
  const char* mentions;           // a fragment the message must contain
};

}  // namespace

TEST(RunBadInput, EveryMistakeIsOneLineAndExit2AndNothingElse) {
  TempDir dir("bad");
  std::ofstream(dir.file("malformed.json")) << R"({"durations": [1, 2)";
  std::ofstream(dir.file("unknown_key.json")) << R"({"durations": [1, 2], "speed": 3})";
  std::ofstream(dir.file("wrong_type.json")) << R"({"durations": [1, 2], "workers": "three"})";
  std::ofstream(dir.file("empty.json")) << R"({"durations": []})";
  std::ofstream(dir.file("negative.json")) << R"({"durations": [1, -1]})";
  std::ofstream(dir.file("mismatch.json")) << R"({"durations": [1, 2], "inputs": [1]})";
  std::ofstream(dir.file("zero_workers.json")) << R"({"durations": [1], "workers": 0})";
  std::ofstream(dir.file("zero_chunk.json")) << R"({"durations": [1], "chunksize": 0})";
  ASSERT_EQ(::mkfifo(dir.file("fifo.json").c_str(), 0600), 0);
  const std::string d = dir.path().string();

  const std::vector<BadCase> cases = {
      {{"--bogus"}, "--bogus"},
      {{"--durations", "5", "--workers"}, "--workers"},
      {{"--durations"}, "--durations"},
      {{"--durations", "5", "--trace", "--quiet"}, "--trace"},
      {{"--durations", "5", "--workers", "three"}, "--workers"},
      {{"--durations", "5", "--workers", "2.5"}, "--workers"},
      {{"--durations", "5", "--workers", "0"}, "between 1 and 64"},
      {{"--durations", "5", "--workers", "65"}, "between 1 and 64"},
      {{"--durations", "5", "--workers", "-3"}, "between 1 and 64"},
      {{"--durations", "5", "--chunksize", "0"}, "chunksize"},
      {{"--durations", "5", "--chunksize", "-1"}, "chunksize"},
      {{"--durations", "5", "--maxtasksperchild", "0"}, "--maxtasksperchild"},
      {{"--durations", "5", "--maxtasksperchild", "two"}, "--maxtasksperchild"},
      {{"--durations", "2,nan"}, "finite"},
      {{"--durations", "inf"}, "finite"},
      {{"--durations", "2,-1"}, "negative"},
      {{"--durations", "3600.5"}, "3600"},
      {{"--durations", "2,,2"}, "empty"},
      {{"--durations", "2,x"}, "'x'"},
      {{"--durations", ""}, "--durations"},
      {{"--inputs", "1,2,3", "--durations", "5,5"}, "3 values"},
      {{"--inputs", "1.5", "--durations", "5"}, "--inputs"},
      {{"--inputs", "1,2"}, "--durations"},
      {{}, "nothing to run"},
      {{"--durations", "5", "--mode", "fast"}, "fast"},
      {{"--durations", "5", "--workload", "nap"}, "nap"},
      {{"--durations", "5,5", "--workload", "crash", "--fail-task", "2"}, "out of range"},
      {{"--durations", "5,5", "--workload", "raise", "--fail-task", "-1"}, "out of range"},
      {{"--durations", "5,5", "--fail-task", "0"}, "crash"},
      {{"--preset", "in99-nothing"}, "in12-map"},
      {{"--preset", "in12-map", "--scenario", "{dir}/empty.json"}, "not both"},
      {{"--scenario", "{dir}/missing.json"}, "missing.json"},
      {{"--scenario", "{dir}"}, "directory"},
      {{"--scenario", "{dir}/malformed.json"}, "JSON"},
      {{"--scenario", "{dir}/unknown_key.json"}, "speed"},
      {{"--scenario", "{dir}/wrong_type.json"}, "workers"},
      {{"--scenario", "{dir}/empty.json"}, "no tasks"},
      {{"--scenario", "{dir}/negative.json"}, "negative"},
      {{"--scenario", "{dir}/mismatch.json"}, "1 inputs but 2 durations"},
      {{"--scenario", "{dir}/zero_workers.json"}, "workers"},
      {{"--scenario", "{dir}/zero_chunk.json"}, "chunksize"},
      {{"--durations", "5", "--trace", "{dir}/no/such/dir/t.json"}, "does not exist"},
      {{"--durations", "5", "--csv", "{dir}/no/such/dir/t.csv"}, "does not exist"},
      {{"--durations", "5", "--png", "{dir}/no/such/dir/t.png"}, "does not exist"},
      {{"--durations", "5", "--svg", "{dir}/no/t.svg"}, "does not exist"},
      {{"--durations", "5", "--pdf", "{dir}/no/t.pdf"}, "does not exist"},
      {{"--durations", "5", "--trace", "{dir}"}, "directory"},
      {{"--durations", "5", "--png", "{dir}/t.png", "--size", "big"}, "--size"},
      {{"--durations", "5", "--png", "{dir}/t.png", "--size", "0x0"}, "--size"},
      {{"--durations", "5", "--png", "{dir}/t.png", "--theme", "neon"}, "neon"},
      {{"--durations", "5", "stray"}, "stray"},
      {{"--durations", "5", "--quiet=yes"}, "--quiet"},
      {{"--durations", "5", "--workers", "3", "--workers", "4"}, "--workers is given twice"},
      {{"--durations", "5", "--mode=map", "--mode", "imap"}, "--mode is given twice"},
      {{"--durations", "5", "--png", "{dir}/a.png", "--png", "{dir}/b.png"}, "--png is given twice"},
      {{"--scenario", "/dev/zero"}, "not a regular file"},
      {{"--durations", "5", "--trace", "{dir}/same", "--csv", "{dir}/./same"}, "same file"},
      {{"--durations", "5", "--trace", "{dir}/t.json", "--png", "{dir}/t.json"}, "same file"},
      {{"--durations", "5", "--trace", "{dir}/fifo.json"}, "not a regular file"},
  };

  for (const BadCase& c : cases) {
    // A run that went ahead anyway would leave these files behind (unless the case names its own).
    std::vector<std::string> args = {"run"};
    const auto has = [&](const char* flag) { return std::find(c.args.begin(), c.args.end(), flag) != c.args.end(); };
    if (!has("--trace")) args.insert(args.end(), {"--trace", dir.file("out.json")});
    if (!has("--csv")) args.insert(args.end(), {"--csv", dir.file("out.csv")});
    std::string shown = "poolscope run";
    for (std::string a : c.args) {
      if (const auto at = a.find("{dir}"); at != std::string::npos) a.replace(at, 5, d);
      args.push_back(a);
      shown += " " + a;
    }
    SCOPED_TRACE(shown);
    const auto r = run_cli(args, 10);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out(), "");
    const auto err = r.err_lines();
    ASSERT_EQ(err.size(), 1u) << r.err;
    EXPECT_EQ(err[0].rfind("poolscope: ", 0), 0u) << err[0];
    EXPECT_NE(err[0].find(c.mentions), std::string::npos) << err[0];
    EXPECT_LT(r.wall, 4.0) << "it seems to have run";  // a run would take 5 s
    for (const auto& name : dir.entries()) {
      EXPECT_TRUE(name.ends_with(".json") && name != "out.json") << "unexpected file " << name;
    }
  }
}

TEST(RunBadInput, MistypedCommandIsExit2NotAWindow) {
  for (const std::string command : {"rnu", "runn", "render2"}) {
    SCOPED_TRACE(command);
    const auto r = run_cli({command, "--durations", "5"}, 10);
    EXPECT_EQ(r.exit_code, 2);
    const auto err = r.err_lines();
    ASSERT_EQ(err.size(), 1u) << r.err;
    EXPECT_EQ(err[0].rfind("poolscope: unknown command '" + command + "'", 0), 0u) << err[0];
  }
}

TEST(RunBadInput, WindowWithoutADisplayIsOneLineNotAnAbort) {
  // CTest runs everything offscreen; take that away, as on a server with no X or Wayland.
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) ::unsetenv(name);
  const auto r = run_cli({}, 10);
  EXPECT_EQ(r.exit_code, 2);
  const auto err = r.err_lines();
  ASSERT_EQ(err.size(), 1u) << r.err;
  EXPECT_EQ(err[0].rfind("poolscope: no display", 0), 0u) << err[0];
}
