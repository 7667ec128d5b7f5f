// A real `poolscope run --mode all` trace, imported and written again, is the same file byte for byte:
// the importer keeps every field the writer writes, for ok and failed tasks alike.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "conformance/conformance_support.hpp"
#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/trace/trace_writer.hpp"

namespace poolscope::conformance {
namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TraceRoundTrip, ARealRunSurvivesImportAndExportUnchanged) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("poolscope_round_trip_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto first = dir / "run.json";
  const auto second = dir / "again.json";
  const ProgramResult run = run_program(
      {POOLSCOPE_BINARY, "run", "--mode", "all", "--workers", "2", "--inputs", "4,8,15,16", "--durations",
       "0.1,0.15,0.05,0.1", "--workload", "raise", "--fail-task", "1", "--trace", first.string(), "--quiet"},
      30);
  ASSERT_EQ(run.exit_code, 3) << "a task raised, so the run reports a failure: " << run.err;

  TraceFlavor flavor = TraceFlavor::chrome;
  const Trace trace = read_trace(first, {}, &flavor);
  EXPECT_EQ(flavor, TraceFlavor::poolscope);
  ASSERT_EQ(trace.runs.size(), 3U);
  for (const RunTrace& r : trace.runs) {
    ASSERT_EQ(r.tasks.size(), 4U);
    EXPECT_EQ(r.tasks[1].status, TaskStatus::error);
    EXPECT_FALSE(r.tasks[1].message.empty());
    EXPECT_EQ(r.tasks[2].result, "30");
    EXPECT_GT(r.caller_pid, 0);
  }
  write_trace_json(trace, second);
  EXPECT_EQ(slurp(second), slurp(first));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace poolscope::conformance
