// The benchmark's arithmetic and JSON shape, without running a pool.
#include "poolscope/bench/bench_figures.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "poolscope/bench/bench_stream.hpp"
#include "poolscope/bench/bench_suite.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using namespace poolscope::bench;

TEST(BenchStats, NearestRankPercentilesAreMeasuredValues) {
  const std::vector<std::int64_t> ns{5000, 1000, 3000, 2000, 4000, 100000};
  const LatencySummary s = summarize_ns(ns);
  EXPECT_DOUBLE_EQ(s.median_us, 3.0);
  EXPECT_DOUBLE_EQ(s.p99_us, 100.0);
  EXPECT_EQ(s.samples, 6u);
  EXPECT_DOUBLE_EQ(percentile({}, 50), 0.0);
  EXPECT_DOUBLE_EQ(rate_per_second(1000, 1'000'000), 1e6);
}

TEST(BenchStats, AutoChunksizeIsPythonsMapDefault) {
  EXPECT_EQ(auto_chunksize(50'000, 2), 6250);
  EXPECT_EQ(auto_chunksize(10, 2), 2);  // ceil(10 / 8)
  EXPECT_EQ(auto_chunksize(1, 8), 1);
}

TEST(BenchStream, LadderIsHundredthTenthAndN) {
  EXPECT_EQ(stream_ladder(1'000'000), (std::vector<std::size_t>{10'000, 100'000, 1'000'000}));
  EXPECT_EQ(stream_ladder(50), (std::vector<std::size_t>{5, 50}));
  EXPECT_EQ(stream_ladder(1), (std::vector<std::size_t>{1}));
}

TEST(BenchStream, RecordsAreMixedCaseTextOfTheAskedSize) {
  const std::string r = make_text_record(3, 1024);
  EXPECT_EQ(r.size(), 1024u);
  EXPECT_NE(r.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos);
  EXPECT_EQ(r, make_text_record(3, 1024));
  EXPECT_NE(r, make_text_record(4, 1024));
}

TEST(BenchFigures, JsonUsesTheDocumentedKeys) {
  BenchFigures f;
  f.cores = 2;
  f.workers = 2;
  f.tasks = 100;
  f.throughput.push_back({poolscope::Mode::imap_unordered, true, 13, 5000.0});
  f.throughput.push_back({poolscope::Mode::map, false, 1, 7000.0});
  f.throughput.push_back({poolscope::Mode::map, false, 100, 9000.0});
  f.throughput.push_back({poolscope::Mode::map, false, 100, 4000.0, true});
  f.throughput.push_back({poolscope::Mode::imap_unordered, true, 13, 2500.0, true});
  f.apply_async = LatencySummary{10, 20, 30, 5};
  f.startup.push_back({"forkserver", 4, 12.5});
  f.tracing = TracingFigure{800.0, 1000.0};
  StreamFigures s;
  s.window = 8;
  s.runs = {{"imap", 10, 5.0, 4.0, 0.1, 8}, {"imap", 100, 5.5, 4.0, 0.2, 8}, {"map", 10, 6.0, 4.0, 0.1, 0}};
  f.stream = s;
  const auto j = nlohmann::json::parse(to_json(f));
  EXPECT_EQ(j["throughput_tasks_per_s"]["imap_unordered_chunksize_auto"], 5000.0);
  EXPECT_EQ(j["throughput_tasks_per_s"]["map_chunksize_1"], 7000.0);
  EXPECT_EQ(j["throughput_tasks_per_s"]["map_chunksize_100"], 9000.0);
  EXPECT_EQ(j["throughput_tasks_per_s"].size(), 3u) << "traced figures stay out of the untraced object";
  EXPECT_EQ(j["traced_throughput_tasks_per_s"]["map_chunksize_100"], 4000.0);
  EXPECT_EQ(j["traced_throughput_tasks_per_s"]["imap_unordered_chunksize_auto"], 2500.0);
  EXPECT_EQ(j["traced_throughput_tasks_per_s"].size(), 2u);
  EXPECT_EQ(j["apply_async_us"]["p99"], 20.0);
  EXPECT_EQ(j["startup_ms"]["forkserver_4"], 12.5);
  EXPECT_DOUBLE_EQ(j["tracing"]["overhead_percent"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(j["stream"]["imap_growth_mib"].get<double>(), 0.5);
  EXPECT_FALSE(j["stream"].contains("map_growth_mib")) << "one map run has no growth";
  EXPECT_EQ(j["stream"]["imap"][1]["max_in_flight"], 8);
  EXPECT_FALSE(j["stream"]["map"][0].contains("max_in_flight"));
  EXPECT_FALSE(j.contains("emission_latency_us")) << "sections not measured are left out";
  EXPECT_FALSE(j.contains("chart"));
}

TEST(BenchFigures, UntracedRunsAloneHaveNoTracedObject) {
  BenchFigures f;
  f.throughput.push_back({poolscope::Mode::imap, false, 10, 100.0});
  const auto j = nlohmann::json::parse(to_json(f));
  EXPECT_EQ(j["throughput_tasks_per_s"]["imap_chunksize_10"], 100.0);
  EXPECT_FALSE(j.contains("traced_throughput_tasks_per_s"));
}

TEST(BenchSuite, ChunksizeListsAreCheckedBeforeAnythingRuns) {
  EXPECT_NO_THROW(check_chunksizes({1, 10, 100, 1000, kAutoChunksize}));
  EXPECT_THROW(check_chunksizes({}), poolscope::InputError);
  EXPECT_THROW(check_chunksizes({1, 10, 1}), poolscope::InputError);
  EXPECT_THROW(check_chunksizes({kAutoChunksize, kAutoChunksize}), poolscope::InputError);
  EXPECT_THROW(check_chunksizes({-3}), poolscope::InputError);
  EXPECT_THROW(check_chunksizes({kMaxChunksize + 1}), poolscope::InputError);
  SuiteOptions o;
  o.chunksizes = {5, 5};
  EXPECT_THROW(run_suite(o), poolscope::InputError) << "run_suite refuses the list before measuring";
}

}  // namespace
