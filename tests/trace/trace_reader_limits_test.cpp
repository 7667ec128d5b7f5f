// A trace holds memory to what the file contains: numbers in the file (a task index of 10^7 or 9*10^18)
// never size an allocation. Sparse indices are refused with one sentence naming the event; small gaps
// (tasks that never ran) are still read.
#include <gtest/gtest.h>

#include <string>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

std::string task(const std::string& index) {
  return R"({"ph":"X","cat":"task","name":"task","pid":7,"tid":7,"ts":0,"dur":1000,"args":{"mode":"imap","index":)" +
         index + R"(,"input":1,"result":2,"worker":1,"status":"ok"}})";
}

std::string trace_of(const std::string& events) { return R"({"traceEvents":[)" + events + "]}"; }

std::string rejection(const std::string& text) {
  try {
    parse_trace(text);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

TEST(TraceReaderLimits, AnIndexFarBeyondTheTasksIsRefusedNamingTheEvent) {
  for (const std::string index : {"10000000", "9000000000000000000", "2049"}) {
    const std::string message = rejection(trace_of(task("0") + "," + task("1") + "," + task(index)));
    EXPECT_NE(message.find("event 2"), std::string::npos) << message;
    EXPECT_NE(message.find("args.index " + index), std::string::npos) << message;
    EXPECT_EQ(message.find("vector"), std::string::npos) << "a library's words, not a sentence: " << message;
  }
}

TEST(TraceReaderLimits, IndicesTooLargeForAnIndexSaySo) {
  for (const std::string index : {"9e18", "1e300", "18446744073709551615"}) {
    const std::string message = rejection(trace_of(task(index)));
    EXPECT_NE(message.find("args.index"), std::string::npos) << message;
    EXPECT_NE(message.find("outside 0.."), std::string::npos) << message;
    EXPECT_EQ(message.find("not a whole number"), std::string::npos) << message;
  }
}

TEST(TraceReaderLimits, IndicesThatAreNotWholeNumbersInRangeAreRefused) {
  for (const std::string index : {"9e18", "1e300", "-1", "18446744073709551615", "0.5"}) {
    const std::string message = rejection(trace_of(task(index)));
    EXPECT_NE(message.find("event 0"), std::string::npos) << message;
    EXPECT_NE(message.find("args.index"), std::string::npos) << message;
  }
}

TEST(TraceReaderLimits, TasksThatNeverRanMayLeaveGaps) {
  const Trace trace = parse_trace(trace_of(task("0") + "," + task("3") + "," + task("40")));
  ASSERT_EQ(trace.runs.size(), 1u);
  ASSERT_EQ(trace.runs[0].tasks.size(), 3u);
  EXPECT_EQ(trace.runs[0].tasks[2].index, 40u);
}

}  // namespace
}  // namespace poolscope
