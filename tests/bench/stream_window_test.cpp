// The streaming route through imap reads its lazy input no further ahead than its window, whatever
// the window, and every record comes back lower-cased (stream_once throws otherwise).
#include <gtest/gtest.h>

#include "poolscope/bench/bench_stream.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using namespace poolscope::bench;

TEST(StreamWindow, ImapNeverHasMoreTasksInFlightThanItsWindow) {
  for (const std::size_t window : {std::size_t{1}, std::size_t{3}, std::size_t{16}}) {
    StreamOptions o;
    o.record_bytes = 200;
    o.window = window;
    o.workers = 2;
    const StreamRun run = stream_once("imap", 400, o);
    EXPECT_EQ(run.records, 400u);
    EXPECT_GE(run.max_in_flight, 1u);
    EXPECT_LE(run.max_in_flight, window) << "window " << window;
  }
}

TEST(StreamWindow, ChildProcessReportsTheSameFigures) {
  StreamOptions o;
  o.record_bytes = 100;
  o.window = 4;
  o.workers = 2;
  const StreamRun run = stream_in_child("imap", 500, o);
  EXPECT_EQ(run.records, 500u);
  EXPECT_LE(run.max_in_flight, 4u);
  EXPECT_GT(run.peak_rss_mib, 0.0);
  EXPECT_GE(run.peak_rss_mib, run.start_rss_mib);
  const StreamRun held = stream_in_child("map", 500, o);
  EXPECT_EQ(held.records, 500u);
}

TEST(StreamWindow, UnknownRouteIsAnInputError) {
  EXPECT_THROW(stream_once("starmap", 10, StreamOptions{}), poolscope::InputError);
}

}  // namespace
