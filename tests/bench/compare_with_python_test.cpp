// The side-by-side comparison with Python's multiprocessing.Pool runs end to end on tiny counts and
// writes its table and plot. Skipped (with the reason) only when python3 is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "bench/bench_process.hpp"

namespace {

bool python3_available() { return bench_test::run_process({"python3", "-c", "pass"}, 30).exit_code == 0; }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CompareWithPython, RunsEndToEndWithSmallCounts) {
  if (!python3_available()) GTEST_SKIP() << "python3 is not installed: the comparison with Python cannot run";
  const auto dir = std::filesystem::temp_directory_path() / ("poolscope-compare-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto svg = dir / "plot.svg";
  const auto table = dir / "table.md";
  const auto r = bench_test::run_process(
      {"python3", std::string(POOLSCOPE_SOURCE_DIR) + "/tests/bench/compare_with_python.py", "--quick", "--poolscope",
       POOLSCOPE_BINARY, "--svg", svg.string(), "--markdown", table.string()},
      110);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* row : {"map, chunksize 1", "imap_unordered, chunksize 1", "apply_async round trip, median",
                          "emission latency, p99", "start-up, fork, 2 workers", "start-up, forkserver, 2 workers",
                          "Gantt chart full render", "Gantt chart, 100 records into model and scene", "cores: "}) {
    EXPECT_NE(r.out.find(row), std::string::npos) << "missing '" << row << "' in:\n" << r.out;
  }
  // A figure both sides measured shows both values and a ratio, e.g. "| 12.3x |".
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(\| map, chunksize 1 +\| tasks/s +\| [0-9,]+ +\| [0-9,]+ +\| [0-9.]+x +\|)")))
      << r.out;
  const std::string plot = slurp(svg);
  EXPECT_EQ(plot.rfind("<svg", 0), 0u) << "the plot is not an SVG document";
  EXPECT_NE(plot.find("</svg>"), std::string::npos);
  EXPECT_NE(plot.find("map, chunksize 1"), std::string::npos);
  EXPECT_NE(slurp(table).find("| figure"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
