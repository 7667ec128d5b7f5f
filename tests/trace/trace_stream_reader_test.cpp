// The live stream of `poolscope watch`: lines split anywhere by the pipe, runs that grow task by task,
// a mode settled when the run ends, and lines that are not events skipped without losing the rest.
#include "poolscope/trace/trace_stream_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace poolscope {
namespace {

const std::string kStream =
    R"({"event":"run","run":0,"mode":"imap","label":"Python Pool","workers":3,"chunksize":1,"workload":"doubler","caller_pid":10,"origin_ns":1000})"
    "\n"
    R"({"event":"task","run":0,"index":0,"input":1,"status":"pending","chunk":0,"submit_ns":1100})"
    "\n"
    R"({"event":"task","run":0,"index":1,"input":2,"status":"running","chunk":1,"submit_ns":1100,"worker":2,"pid":22,"start_ns":1200})"
    "\n"
    R"({"event":"task","run":0,"index":1,"input":2,"status":"ok","chunk":1,"submit_ns":1100,"worker":2,"pid":22,"start_ns":1200,"finish_ns":1500,"emit_ns":1600,"emit_order":0,"result":4})"
    "\n"
    R"({"event":"run","run":1,"mode":"map","label":"Dask","workers":2,"chunksize":1,"workload":"f","caller_pid":10,"origin_ns":5000})"
    "\n"
    R"({"event":"task","run":1,"index":0,"input":"a","status":"error","chunk":0,"submit_ns":5000,"worker":1,"pid":31,"start_ns":5100,"finish_ns":5200,"emit_ns":5300,"emit_order":0,"message":"ValueError: no"})"
    "\n"
    R"({"event":"run","run":0,"mode":"imap_unordered","label":"Python Pool","workers":3,"chunksize":1,"workload":"doubler","caller_pid":10,"origin_ns":1000})"
    "\n"
    R"({"event":"end","run":0,"end_ns":1700})"
    "\n";

TEST(TraceStreamReader, LinesSplitAnywhereGiveTheSameRuns) {
  for (std::size_t piece : {1U, 7U, 64U, 100000U}) {
    TraceStreamReader reader;
    std::size_t updates = 0;
    for (std::size_t at = 0; at < kStream.size(); at += piece) updates += reader.feed(kStream.substr(at, piece)).size();
    const Trace& trace = reader.finish();
    ASSERT_EQ(trace.runs.size(), 2U) << "piece " << piece;
    EXPECT_GE(updates, 5U);
    const RunTrace& first = trace.runs[0];
    EXPECT_EQ(first.mode, Mode::imap_unordered) << "the mode sent when the run ended wins";
    EXPECT_EQ(first.label, "Python Pool");
    EXPECT_EQ(first.workers, 3);
    EXPECT_EQ(first.origin_ns, 1000);
    EXPECT_EQ(first.end_ns, 1700);
    ASSERT_EQ(first.tasks.size(), 2U);
    EXPECT_EQ(first.tasks[0].status, TaskStatus::pending);
    EXPECT_EQ(first.tasks[1].status, TaskStatus::ok);
    EXPECT_EQ(first.tasks[1].result, "4");
    EXPECT_EQ(first.tasks[1].worker, 2);
    EXPECT_EQ(first.tasks[1].emit_order, 0);
    EXPECT_EQ(first.tasks[1].finish_ns, 1500);
    const RunTrace& second = trace.runs[1];
    EXPECT_EQ(second.mode, Mode::map);
    EXPECT_EQ(second.tasks[0].status, TaskStatus::error);
    EXPECT_EQ(second.tasks[0].input, "\"a\"");
    EXPECT_EQ(second.tasks[0].message, "ValueError: no");
    EXPECT_TRUE(reader.ended(0));
    EXPECT_TRUE(reader.ended(1)) << "finish() ends what the stream left open";
    EXPECT_EQ(second.end_ns, 5300) << "a run that never ended ends at its last hand-over";
    EXPECT_EQ(reader.bad_lines(), 0U);
  }
}

TEST(TraceStreamReader, UpdatesComeInBatchesPerRunAsTheyArrive) {
  TraceStreamReader reader;
  const std::size_t cut = kStream.find("\n", kStream.find(R"("status":"ok")")) + 1;
  const auto updates = reader.feed(kStream.substr(0, cut));
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[0].kind, StreamUpdate::Kind::run_started);
  EXPECT_EQ(updates[1].kind, StreamUpdate::Kind::tasks_changed);
  ASSERT_EQ(updates[1].tasks.size(), 3U) << "three snapshots of run 0, one batch";
  EXPECT_EQ(updates[1].tasks[2].status, TaskStatus::ok);
  EXPECT_FALSE(reader.ended(0));
  const auto rest = reader.feed(kStream.substr(cut));
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.back().kind, StreamUpdate::Kind::run_ended);
  EXPECT_TRUE(reader.ended(0));
}

TEST(TraceStreamReader, LinesThatAreNotEventsAreSkippedAndCounted) {
  TraceStreamReader reader;
  reader.feed("hello from the program\n{\"event\":\"task\",\"run\":9,\"index\":0,\"status\":\"ok\"}\n[1,2]\n" +
              kStream + "{\"event\":\"run\",\"run\":2,\"mode\":\"sideways\"}\n{\"event\":\"task\",\"run\":0}\n");
  const Trace& trace = reader.finish();
  EXPECT_EQ(trace.runs.size(), 2U);
  EXPECT_EQ(reader.bad_lines(), 5U);
}

}  // namespace
}  // namespace poolscope
