// The GUI runs with the user's locale (Qt calls setlocale), where a decimal comma is usual (ru_RU, de_DE):
// CSV and trace numbers must still use a point, or "1,500000" splits a CSV column in two.
#include <gtest/gtest.h>

#include <string>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "util/comma_locale.hpp"

namespace poolscope {
namespace {

class CommaLocale : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!locale_.active()) GTEST_SKIP() << test::CommaLocaleScope::kWhyNot;
  }
  test::CommaLocaleScope locale_;
};

Trace one_task_trace() {
  RunTrace run;
  run.mode = Mode::imap;
  run.workers = 1;
  run.chunksize = 1;
  run.origin_ns = 1'000'000'000;
  TaskRecord t;
  t.index = 0;
  t.input = "1";
  t.result = "2";
  t.worker = 1;
  t.pid = 42;
  t.status = TaskStatus::ok;
  t.submit_ns = run.origin_ns;
  t.start_ns = run.origin_ns + 250'000'000;
  t.finish_ns = run.origin_ns + 1'750'000'000;
  t.emit_ns = t.finish_ns;
  t.emit_order = 0;
  run.tasks.push_back(t);
  run.end_ns = t.emit_ns;
  Trace trace;
  trace.runs.push_back(run);
  return trace;
}

TEST_F(CommaLocale, CsvTimesUseADecimalPoint) {
  const std::string csv = trace_to_csv(one_task_trace());
  EXPECT_NE(csv.find(",0.250000,1.750000,1.750000,0,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("0,250000"), std::string::npos) << csv;
}

TEST_F(CommaLocale, TraceJsonReadsBackTheSameTimes) {
  const Trace back = parse_trace(trace_to_json(one_task_trace()));
  ASSERT_EQ(back.runs.size(), 1u);
  ASSERT_EQ(back.runs[0].tasks.size(), 1u);
  EXPECT_EQ(back.runs[0].tasks[0].finish_ns - back.runs[0].tasks[0].start_ns, 1'500'000'000);
}

}  // namespace
}  // namespace poolscope
