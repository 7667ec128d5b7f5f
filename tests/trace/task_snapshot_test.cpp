// SnapshotBatch: a TaskRecord survives the compact form field for field, a snapshot written twice reads
// its latest text, and a sink that only knows TaskRecords still receives every snapshot of the pool.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "poolscope/trace/task_snapshot.hpp"
#include "poolscope/trace/trace_sink.hpp"

using namespace poolscope;

namespace {

TaskRecord failed_record() {
  TaskRecord r;
  r.index = 7;
  r.input = "[1, \"two\", 3.5]";
  r.worker = 2;
  r.pid = 4242;
  r.chunk = 3;
  r.submit_ns = 10;
  r.start_ns = 20;
  r.finish_ns = 30;
  r.emit_ns = 40;
  r.emit_order = 5;
  r.status = TaskStatus::error;
  r.message = std::string(5000, 'm');  // longer than any reserved text
  r.exception_type = "std::invalid_argument";
  return r;
}

void expect_same(const TaskRecord& a, const TaskRecord& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.input, b.input);
  EXPECT_EQ(a.result, b.result);
  EXPECT_EQ(a.worker, b.worker);
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.chunk, b.chunk);
  EXPECT_EQ(a.submit_ns, b.submit_ns);
  EXPECT_EQ(a.start_ns, b.start_ns);
  EXPECT_EQ(a.finish_ns, b.finish_ns);
  EXPECT_EQ(a.emit_ns, b.emit_ns);
  EXPECT_EQ(a.emit_order, b.emit_order);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.exception_type, b.exception_type);
}

class RecordsOnlySink final : public TraceSink {
 public:
  void publish(std::span<const TaskRecord> changed) override { got.insert(got.end(), changed.begin(), changed.end()); }
  std::vector<TaskRecord> got;
};

}  // namespace

TEST(SnapshotBatch, ARecordSurvivesTheCompactFormFieldForField) {
  TaskRecord ok;
  ok.index = 1;
  ok.input = "5";
  ok.result = "25";
  ok.status = TaskStatus::ok;
  ok.emit_order = -1;
  const TaskRecord pending;  // every string empty
  SnapshotBatch batch;
  batch.append(ok);
  batch.append(failed_record());
  batch.append(pending);
  ASSERT_EQ(batch.size(), 3u);
  expect_same(batch.record(0), ok);
  expect_same(batch.record(1), failed_record());
  expect_same(batch.record(2), pending);
  EXPECT_EQ(batch.exception_type(batch[1]), "std::invalid_argument");
  EXPECT_TRUE(batch.message(batch[0]).empty());

  const SnapshotBatch copy = batch;
  batch.clear();
  EXPECT_TRUE(batch.empty());
  expect_same(copy.records()[1], failed_record());
}

TEST(SnapshotBatch, ASnapshotWrittenAgainReadsItsLatestText) {
  SnapshotBatch batch;
  TaskSnapshot& s = batch.append();
  batch.set_text(s, "3", {});
  TaskSnapshot& other = batch.append();
  batch.set_text(other, "4", {});
  batch.set_text(batch.at(0), "3", "9");  // it finished within the same batch
  EXPECT_EQ(batch.input(batch[0]), "3");
  EXPECT_EQ(batch.result(batch[0]), "9");
  EXPECT_EQ(batch.input(batch[1]), "4");
  EXPECT_TRUE(batch.result(batch[1]).empty());
}

TEST(SnapshotBatch, TextOfFourGibibytesIsRefusedBeforeAnythingIsWritten) {
  SnapshotBatch batch;
  TaskSnapshot& s = batch.append();
  batch.set_text(s, "1", {});
  const char byte = 'x';
  // Never read: the size is checked first.
  const std::string_view huge(&byte, std::size_t{1} << 32);
  EXPECT_THROW(batch.set_text(s, "1", huge, {}, {}), std::length_error);
  EXPECT_THROW(batch.set_text(s, huge, {}), std::length_error);
  EXPECT_EQ(batch.input(batch[0]), "1") << "the snapshot keeps the text it had";
}

TEST(TraceSink, ASinkThatOnlyKnowsRecordsGetsEverySnapshotAsARecord) {
  RecordsOnlySink sink;
  SnapshotBatch batch;
  batch.append(failed_record());
  TaskRecord second;
  second.index = 8;
  second.input = "8";
  batch.append(second);
  sink.publish_snapshots(batch);
  ASSERT_EQ(sink.got.size(), 2u);
  expect_same(sink.got[0], failed_record());
  expect_same(sink.got[1], second);
}

TEST(SnapshotBatch, TextOfEveryShortLengthComesBackWhole) {
  SnapshotBatch batch;
  std::vector<std::string> inputs;
  std::vector<std::string> results;
  for (std::size_t n = 0; n <= 40; ++n) {
    inputs.emplace_back();
    results.emplace_back();
    for (std::size_t i = 0; i < n; ++i) {
      inputs.back() += static_cast<char>('a' + (i * 7 + n) % 26);
      results.back() += static_cast<char>('A' + (i * 5 + n) % 26);
    }
    batch.set_text(batch.append(), inputs.back(), results.back());
  }
  for (std::size_t n = 0; n <= 40; ++n) {
    EXPECT_EQ(batch.input(batch[n]), inputs[n]) << n << " bytes";
    EXPECT_EQ(batch.result(batch[n]), results[n]) << n << " bytes";
  }
}
