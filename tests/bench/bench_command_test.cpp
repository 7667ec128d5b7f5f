// `poolscope bench` end to end: every figure is produced and sane, the stream stays within its window,
// bad flags are refused. No timing assertions: benchmarks are measured, not tested.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_process.hpp"

namespace {

using bench_test::run_process;
using nlohmann::json;

void expect_positive(const json& j, const std::string& section, const std::string& key) {
  ASSERT_TRUE(j.contains(section)) << "missing section " << section << " in " << j.dump();
  ASSERT_TRUE(j[section].contains(key)) << "missing " << section << "." << key << " in " << j[section].dump();
  ASSERT_TRUE(j[section][key].is_number()) << section << "." << key;
  const double v = j[section][key].get<double>();
  EXPECT_TRUE(std::isfinite(v) && v > 0) << section << "." << key << " = " << v;
}

TEST(BenchCommand, QuickJsonHasEveryFigurePositiveAndFinite) {
  const auto r = run_process({POOLSCOPE_BINARY, "bench", "--json", "--quick"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);  // stdout is exactly one JSON object
  EXPECT_GE(j.at("cores").get<int>(), 1);
  EXPECT_GE(j.at("workers").get<int>(), 1);
  // Every mode at every default chunksize, tracing off and on; nothing else in either object.
  for (const std::string section : {"throughput_tasks_per_s", "traced_throughput_tasks_per_s"}) {
    for (const std::string mode : {"map", "imap", "imap_unordered"}) {
      for (const std::string chunks : {"1", "10", "100", "1000", "auto"}) {
        expect_positive(j, section, mode + "_chunksize_" + chunks);
      }
    }
    EXPECT_EQ(j[section].size(), 15u) << j[section].dump();
  }
  for (const std::string section : {"apply_async_us", "emission_latency_us"}) {
    expect_positive(j, section, "median");
    expect_positive(j, section, "p99");
    EXPECT_LE(j[section]["median"].get<double>(), j[section]["p99"].get<double>()) << section;
  }
  for (const std::string method : {"fork", "forkserver"}) {
    for (const std::string n : {"2", "4", "8"}) expect_positive(j, "startup_ms", method + "_" + n);
  }
  expect_positive(j, "tracing", "traced_tasks_per_s");
  expect_positive(j, "tracing", "untraced_tasks_per_s");
  ASSERT_TRUE(j["tracing"]["overhead_percent"].is_number());
  EXPECT_TRUE(std::isfinite(j["tracing"]["overhead_percent"].get<double>()));
  expect_positive(j, "chart", "render_ms");
  expect_positive(j, "chart", "append_ms");
  expect_positive(j, "chart", "apply_ms");
  expect_positive(j, "chart", "dirty_fraction");
  EXPECT_LE(j["chart"]["dirty_fraction"].get<double>(), 1.0);
  expect_positive(j, "chart", "load_ms");
  EXPECT_GT(j["chart"]["tasks"].get<int>(), 0);
}

TEST(BenchCommand, ChunksizesFlagChoosesTheThroughputColumns) {
  const auto r = run_process(
      {POOLSCOPE_BINARY, "bench", "--json", "--only", "throughput", "--tasks", "400", "--chunksizes", "7,auto"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("auto_chunksize").get<int>(),
            (400 + 4 * j.at("workers").get<int>() - 1) / (4 * j["workers"].get<int>()))
      << "auto is Python's map default, ceil(tasks / (4 x workers))";
  for (const std::string section : {"throughput_tasks_per_s", "traced_throughput_tasks_per_s"}) {
    ASSERT_TRUE(j.contains(section)) << r.out;
    EXPECT_EQ(j[section].size(), 6u) << j[section].dump();
    for (const std::string mode : {"map", "imap", "imap_unordered"}) {
      expect_positive(j, section, mode + "_chunksize_7");
      expect_positive(j, section, mode + "_chunksize_auto");
    }
  }
  EXPECT_FALSE(j.contains("tracing")) << "only the throughput section was asked for";
}

TEST(BenchCommand, TableNamesEveryFigure) {
  const auto r = run_process({POOLSCOPE_BINARY, "bench", "--quick", "--only", "throughput,latency,tracing", "--tasks",
                              "300", "--samples", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* text : {"imap_unordered", "apply_async round trip", "emission", "Tracing cost", "chunksize 1",
                           "chunksize 1000", "chunksize auto", "tracing off", "tracing on"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << "table lacks '" << text << "':\n" << r.out;
  }
}

TEST(BenchCommand, StreamStaysWithinItsWindowAndMapHoldsEverything) {
  const auto r =
      run_process({POOLSCOPE_BINARY, "bench", "--json", "--stream", "4000", "--window", "8", "--record-bytes", "512"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = json::parse(r.out).at("stream");
  EXPECT_EQ(s.at("window").get<int>(), 8);
  ASSERT_EQ(s.at("imap").size(), 3u) << "N/100, N/10 and N";
  ASSERT_EQ(s.at("map").size(), 3u);
  for (const auto& run : s["imap"]) {
    const auto in_flight = run.at("max_in_flight").get<long>();
    EXPECT_GE(in_flight, 1);
    EXPECT_LE(in_flight, 8) << "imap read " << in_flight << " records ahead with a window of 8: " << run.dump();
    EXPECT_GT(run.at("peak_rss_mib").get<double>(), 0.0);
    EXPECT_GT(run.at("records_per_s").get<double>(), 0.0);
  }
  EXPECT_EQ(s["imap"][2]["records"].get<long>(), 4000);
  EXPECT_TRUE(s.contains("imap_growth_mib"));
  EXPECT_TRUE(s.contains("map_growth_mib"));
}

TEST(BenchCommand, BadFlagsExitTwoWithOneLine) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--tasks", "0"}, std::vector<std::string>{"--only", "everything"},
        std::vector<std::string>{"--stream", "ten"}, std::vector<std::string>{"--frobnicate"},
        std::vector<std::string>{"--chunksizes", "0"}, std::vector<std::string>{"--chunksizes", "1,,10"},
        std::vector<std::string>{"--chunksizes", "10,10"}, std::vector<std::string>{"--chunksizes", "auto,auto"},
        std::vector<std::string>{"--chunksizes", "ten"}, std::vector<std::string>{"--chunksizes", ""},
        std::vector<std::string>{"--chunksizes", "2000000"}, std::vector<std::string>{"--chunksizes"}}) {
    std::vector<std::string> argv{POOLSCOPE_BINARY, "bench"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_process(argv, 30);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args.back();
    EXPECT_TRUE(r.out.empty()) << args[0];
    ASSERT_FALSE(r.err.empty()) << args[0];
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  }
}

}  // namespace
