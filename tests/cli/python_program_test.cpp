// `poolscope python`: the program it prints, run by the real python3, hands results back in the same order
// and at the same times (+-80 ms) as `poolscope run` with the same flags, also where the start method is
// not fork; bad flags are refused like run's.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "cli_process.hpp"

using namespace poolscope::test;

namespace {

// One line a caller printed: a result, a failure, or the summary; `who` is Worker-N or *PoolWorker-N.
struct Event {
  std::string kind;  // "result", "error", "summary"
  long long input = 0;
  long long result = 0;
  std::string who;
  double at = 0;
};

std::vector<Event> parse_events(const std::string& text) {
  static const std::regex result(R"(^(-?\d+) doubled to (-?\d+) by (\w*Worker-\d+) \(pid \d+\) at \+(\d+\.\d{3}) s$)");
  static const std::regex error(
      R"(^task \d+ \(input (-?\d+)\) raised an error on (\w*Worker-\d+) \(pid \d+\) at \+(\d+\.\d{3}) s: .+$)");
  static const std::regex summary(
      R"(^(map|imap|imap_unordered): (\d+) results? from \d+ workers? in (\d+\.\d{3}) s.*$)");
  std::vector<Event> events;
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, result)) {
      events.push_back({"result", std::stoll(m[1]), std::stoll(m[2]), m[3], std::stod(m[4])});
    } else if (std::regex_match(line, m, error)) {
      events.push_back({"error", std::stoll(m[1]), 0, m[2], std::stod(m[3])});
    } else if (std::regex_match(line, m, summary)) {
      events.push_back({"summary", std::stoll(m[2]), 0, m[1], std::stod(m[3])});
    } else {
      events.push_back({"unparsed: " + line, 0, 0, "", 0});
    }
  }
  return events;
}

struct PythonRun {
  int exit_code = -1;
  std::string out;
};

// Runs `python3 FILE` (with `env` prepended, e.g. PYTHONPATH=...) and collects its stdout.
PythonRun run_python(const std::string& file, const std::string& env = "") {
  PythonRun run;
  const std::string command = env + " timeout 60 python3 " + file + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool python_available() { return std::system("python3 -c 'import multiprocessing' >/dev/null 2>&1") == 0; }

// Writes the program `poolscope python FLAGS` prints into the test's directory.
std::string write_program(const TempDir& dir, const std::string& name, const std::vector<std::string>& flags) {
  std::vector<std::string> args{"python"};
  args.insert(args.end(), flags.begin(), flags.end());
  const CliResult printed = run_cli(args);
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_EQ(printed.err, "");
  const std::string file = dir.file(name + ".py");
  std::ofstream(file) << printed.out();
  return file;
}

// Runs `poolscope run FLAGS` and the Python program side by side (sleeping tasks share the cores well)
// and checks the caller saw the same events in the same order at the same times.
void expect_same_as_run(const std::vector<std::string>& flags, int expected_exit, const std::string& env = "",
                        const std::string& worker_prefix = "ForkPoolWorker-") {
  TempDir dir("python");
  const std::string program = write_program(dir, "program", flags);
  std::vector<std::string> run_args{"run"};
  run_args.insert(run_args.end(), flags.begin(), flags.end());
  CliProcess poolscope_run(run_args);
  const PythonRun python = run_python(program, env);
  const CliResult run = poolscope_run.finish(60);

  ASSERT_EQ(run.exit_code, expected_exit) << run.err;
  ASSERT_EQ(python.exit_code, expected_exit) << python.out;
  const auto expected = parse_events(run.out());
  const auto got = parse_events(python.out);
  ASSERT_EQ(got.size(), expected.size()) << "poolscope run:\n" << run.out() << "python3:\n" << python.out;
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1) + "\npoolscope run:\n" + run.out() + "python3:\n" + python.out);
    EXPECT_EQ(got[i].kind, expected[i].kind);
    EXPECT_EQ(got[i].input, expected[i].input);
    EXPECT_EQ(got[i].result, expected[i].result);
    EXPECT_NEAR(got[i].at, expected[i].at, 0.08);
    if (got[i].kind == "summary") {
      EXPECT_EQ(got[i].who, expected[i].who);  // the mode
    } else if (got[i].kind == "result" || got[i].kind == "error") {
      EXPECT_EQ(got[i].who.rfind(worker_prefix, 0), 0u) << got[i].who;  // Python's own worker names
    }
  }
}

}  // namespace

TEST(PythonProgram, In12MapMatchesRun) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  expect_same_as_run({"--preset", "in12-map"}, 0);
}

TEST(PythonProgram, In14ImapMatchesRun) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  expect_same_as_run({"--preset", "in14-imap"}, 0);
}

TEST(PythonProgram, In15ImapUnorderedMatchesRun) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  expect_same_as_run({"--preset", "in15-imap-unordered"}, 0);
}

// With chunksize 1 the caller of imap_unordered gets the exception at its moment and goes on. Events are
// >= 50 ms apart: 2 at 0.1 s, 4 at 0.2, the error at 0.25, 5 at 0.3, 1 at 0.5.
TEST(PythonProgram, RaisingTaskMatchesRun) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  expect_same_as_run({"--mode", "imap_unordered", "--inputs", "1,2,3,4,5", "--durations", "0.5,0.1,0.25,0.1,0.1",
                      "--chunksize", "1", "--workload", "raise", "--fail-task", "2"},
                     3);
}

// `--mode all`: the three modes one after the other, each on a fresh pool, under `== mode ==` headers.
// Events are >= 50 ms apart in imap_unordered: 2 at 0.1 s, 4 at 0.2, 3 at 0.25, 1 at 0.45.
TEST(PythonProgram, AllModesMatchRun) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  expect_same_as_run({"--mode", "all", "--inputs", "1,2,3,4", "--durations", "0.45,0.1,0.25,0.1"}, 0);
}

// CPython's Pool waits forever for a task whose worker was killed; the program gives up instead of hanging,
// after handing over every other result.
TEST(PythonProgram, CrashDoesNotHang) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  TempDir dir("python_crash");
  const std::string program = write_program(dir, "crash",
                                            {"--mode", "imap_unordered", "--inputs", "1,2,3", "--durations", "0.1",
                                             "--workload", "crash", "--fail-task", "1"});
  const auto start = std::chrono::steady_clock::now();
  const PythonRun python = run_python(program);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(python.exit_code, 3) << python.out;
  EXPECT_LT(seconds, 15.0);  // sum of durations + 5 s, and Python's start-up
  const auto events = parse_events(python.out);
  ASSERT_EQ(events.size(), 4u) << python.out;
  EXPECT_EQ(events[0].kind, "result");
  EXPECT_EQ(events[1].kind, "result");
  EXPECT_EQ(events[0].input + events[1].input, 4);  // inputs 1 and 3; 2's worker was killed
  EXPECT_EQ(events[2].kind.rfind("unparsed: task 1 (input 2) crashed", 0), 0u) << events[2].kind;
  EXPECT_EQ(events[3].kind, "summary");
  EXPECT_EQ(events[3].input, 2);  // 2 results
}

// Python 3.14 on Linux starts pool workers with forkserver, macOS and Windows with spawn: the program must
// work there too (top-level task, __main__ guard), and its times still count from when the workers are up.
TEST(PythonProgram, WorksWithForkserverAndSpawn) {
  if (!python_available()) GTEST_SKIP() << "no python3 on this machine";
  for (const std::string method : {"forkserver", "spawn"}) {
    SCOPED_TRACE(method);
    TempDir site("python_" + method);
    std::ofstream(site.file("sitecustomize.py"))
        << "import multiprocessing\nmultiprocessing.set_start_method('" << method << "')\n";
    const std::string prefix = method == "spawn" ? "SpawnPoolWorker-" : "ForkServerPoolWorker-";
    expect_same_as_run({"--preset", "in15-imap-unordered"}, 0, "PYTHONPATH=" + site.path().string(), prefix);
  }
}

TEST(PythonProgram, BadFlagsAreRefusedLikeRun) {
  TempDir dir("python_bad");
  const std::vector<std::vector<std::string>> cases = {
      {"--bogus"},
      {"--durations", "1", "--workers", "0"},
      {"--durations", "1,2", "--inputs", "1,2,3"},
      {"--preset", "in99"},
      {"--durations", "1", "--mode", "fast"},
      {"--durations", "1", "--png", dir.file("x.png")},
      {"--durations", "1", "--trace=" + dir.file("t.json")},
      {},
  };
  for (const auto& flags : cases) {
    std::vector<std::string> args{"python"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CliResult r = run_cli(args);
    SCOPED_TRACE(r.err);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out(), "");
    ASSERT_EQ(r.err_lines().size(), 1u);
    EXPECT_EQ(r.err_lines()[0].rfind("poolscope: ", 0), 0u);
  }
  EXPECT_TRUE(dir.entries().empty());
}
