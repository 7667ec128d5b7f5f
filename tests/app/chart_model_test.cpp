// RunModel against hand-made traces: rows, bars, emission order, results-held curve and metrics, loaded at
// once and fed live in batches.
#include <gtest/gtest.h>

#include <vector>

#include "chart/run_model.hpp"
#include "chart_test_traces.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;

// Records a RunModel's signals (QSignalSpy would need QtTest in this binary).
struct ModelSignals {
  int resets = 0;
  int rows = 0;
  std::vector<std::vector<std::uint64_t>> changed;
  explicit ModelSignals(chart::RunModel& model) {
    QObject::connect(&model, &chart::RunModel::modelReset, [this] { ++resets; });
    QObject::connect(&model, &chart::RunModel::rowsChanged, [this] { ++rows; });
    QObject::connect(&model, &chart::RunModel::tasksChanged,
                     [this](const std::vector<std::uint64_t>& indices) { changed.push_back(indices); });
  }
};

using namespace poolscope::chart;
using poolscope_test::kOrigin;
using poolscope_test::kSecond;

TEST(ChartModel, RowsAreWorkersLabelledWithTheirPid) {
  poolscope_test::qtApp();
  RunModel model;
  model.reset(poolscope_test::in12Map());
  ASSERT_EQ(model.rows().size(), 3u);
  EXPECT_EQ(model.rows()[0].label(), QStringLiteral("Worker-1 (pid 5581)"));
  EXPECT_EQ(model.rows()[2].label(), QStringLiteral("Worker-3 (pid 5583)"));
  for (int row = 0; row < 3; ++row) {
    ASSERT_EQ(model.rowTasks(row).size(), 1u);
    EXPECT_EQ(model.rowTasks(row)[0], static_cast<std::uint64_t>(row));
  }
  // Our own runs need no "— PoolScope"; a run from elsewhere, or a loaded file, says where it came from.
  EXPECT_EQ(model.title(), QStringLiteral("map"));
  model.setShowLabel(true);
  EXPECT_EQ(model.title(), QStringLiteral("map — PoolScope"));
  EXPECT_TRUE(model.finished());
}

TEST(ChartModel, SlowFirstCompareHasTheNotebooksMetrics) {
  poolscope_test::qtApp();
  const Trace trace = poolscope_test::slowFirstCompare();
  RunModel map, imap, unordered;
  map.reset(trace.runs[0]);
  imap.reset(trace.runs[1]);
  unordered.reset(trace.runs[2]);

  // map hands everything over at the end; imap waits for the slow first task; imap_unordered does not wait.
  EXPECT_NEAR(map.metrics().firstResultSeconds, 3.0, 0.01);
  EXPECT_NEAR(imap.metrics().firstResultSeconds, 2.0, 0.01);
  EXPECT_NEAR(unordered.metrics().firstResultSeconds, 1.0, 0.01);
  for (RunModel* m : {&map, &imap, &unordered}) {
    EXPECT_NEAR(m->metrics().wallSeconds, 3.0, 0.01);
    EXPECT_NEAR(m->metrics().idlePercent, 100.0 * (1.0 - 7.0 / 9.0), 0.5);
    EXPECT_EQ(m->metrics().tasks, 6u);
    EXPECT_EQ(m->metrics().emitted, 6u);
  }
  EXPECT_EQ(map.metrics().peakHeld, 5);
  EXPECT_EQ(imap.metrics().peakHeld, 2);
  EXPECT_EQ(unordered.metrics().peakHeld, 0);
  // Waits (finish -> hand-over), map: 1, 2, 2, 1, 1, 0 s.
  EXPECT_NEAR(map.metrics().meanWaitSeconds, 7.0 / 6.0, 0.01);
  EXPECT_NEAR(unordered.metrics().meanWaitSeconds, 0.0, 0.01);
}

TEST(ChartModel, HeldCurveClimbsForMapAndStaysFlatForImapUnordered) {
  poolscope_test::qtApp();
  const Trace trace = poolscope_test::slowFirstCompare();
  RunModel map, imap, unordered;
  map.reset(trace.runs[0]);
  imap.reset(trace.runs[1]);
  unordered.reset(trace.runs[2]);
  EXPECT_EQ(map.heldAt(0.5), 0);
  EXPECT_EQ(map.heldAt(1.5), 2);
  EXPECT_EQ(map.heldAt(2.5), 5);
  EXPECT_EQ(map.heldAt(3.5), 0);
  EXPECT_EQ(imap.heldAt(1.5), 2);
  EXPECT_EQ(imap.heldAt(2.5), 0);
  for (double t : {0.5, 1.5, 2.5}) EXPECT_EQ(unordered.heldAt(t), 0) << t;

  const auto curve = map.heldCurve();
  ASSERT_GE(curve.size(), 3u);
  EXPECT_EQ(curve.front().held, 0);
  int peak = 0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    EXPECT_GE(curve[i].tSeconds, curve[i - 1].tSeconds);
    peak = std::max(peak, curve[i].held);
  }
  EXPECT_EQ(peak, 5);
  EXPECT_EQ(curve.back().held, 0);
  // Cut at a replay cursor: nothing after it.
  const auto cut = map.heldCurve(2.5);
  EXPECT_DOUBLE_EQ(cut.back().tSeconds, 2.5);
  EXPECT_EQ(cut.back().held, 5);
}

TEST(ChartModel, EmissionOrderFollowsTheMode) {
  poolscope_test::qtApp();
  RunModel imap, unordered;
  imap.reset(poolscope_test::in14Imap());
  unordered.reset(poolscope_test::in15ImapUnordered());
  EXPECT_EQ(imap.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2}));
  // In[15]: durations 2, 1, 0 -> 6 first, then 4, then 2.
  EXPECT_EQ(unordered.emissionOrder(), (std::vector<std::uint64_t>{2, 1, 0}));
  EXPECT_NEAR(unordered.seconds(unordered.run().tasks[2].emit_ns), 0.0, 0.01);
  EXPECT_NEAR(unordered.seconds(unordered.run().tasks[0].emit_ns), 2.0, 0.01);
  EXPECT_NEAR(unordered.metrics().wallSeconds, 2.0, 0.01);
}

TEST(ChartModel, LiveBatchesUpsertAndSignalWhatChanged) {
  poolscope_test::qtApp();
  const RunTrace full = poolscope_test::in14Imap();
  RunTrace meta = full;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel model;
  ModelSignals spy(model);
  model.reset(meta);
  EXPECT_EQ(spy.resets, 1);
  EXPECT_FALSE(model.finished());
  EXPECT_EQ(model.rows().size(), 3u);

  // All three start.
  std::vector<TaskRecord> started;
  for (TaskRecord r : full.tasks) {
    r.status = TaskStatus::running;
    r.finish_ns = r.emit_ns = 0;
    r.emit_order = -1;
    r.result.clear();
    started.push_back(r);
  }
  model.apply(started);
  ASSERT_EQ(spy.changed.size(), 1u);
  EXPECT_EQ(spy.changed[0].size(), 3u);
  EXPECT_EQ(model.running().size(), 3u);
  EXPECT_EQ(model.metrics().emitted, 0u);
  EXPECT_LT(model.metrics().firstResultSeconds, 0.0);
  // While live, "now" stretches the wall time.
  EXPECT_NEAR(model.metrics(kOrigin + kSecond / 2).wallSeconds, 0.5, 1e-6);

  // Task 0 finishes and is handed over: one record touched.
  model.apply(std::vector<TaskRecord>{full.tasks[0]});
  ASSERT_EQ(spy.changed.size(), 2u);
  EXPECT_EQ(spy.changed[1], std::vector<std::uint64_t>{0});
  EXPECT_EQ(model.running().size(), 2u);
  EXPECT_EQ(model.emissionOrder(), std::vector<std::uint64_t>{0});
  EXPECT_NEAR(model.metrics().firstResultSeconds, 1.0, 0.01);

  model.apply(std::vector<TaskRecord>{full.tasks[1], full.tasks[2]});
  model.finish();
  EXPECT_TRUE(model.finished());
  EXPECT_TRUE(model.running().empty());
  EXPECT_EQ(model.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_NEAR(model.metrics().wallSeconds, 3.0, 0.01);
}

TEST(ChartModel, ReplacedWorkerShowsBothPids) {
  poolscope_test::qtApp();
  RunTrace run = poolscope_test::makeTrace(poolscope_test::spec(Mode::imap, 2, 1, {1, 2, 3, 4}, {1, 1, 1, 1}));
  // Worker-2's second task ran in a new process after the first one died.
  run.tasks[1].status = TaskStatus::crashed;
  run.tasks[1].message = "worker killed by SIGKILL";
  run.tasks[3].pid = 5590;
  RunModel model;
  ModelSignals spy(model);
  model.reset(run);
  ASSERT_EQ(model.rows().size(), 2u);
  EXPECT_EQ(model.rows()[1].label(), QStringLiteral("Worker-2 (pid 5582 → 5590)"));
  EXPECT_EQ(model.metrics().failed, 1u);

  // Live: a third pid arriving later changes the rows.
  TaskRecord later = run.tasks[3];
  later.index = 4;
  later.pid = 5599;
  later.start_ns += 2 * kSecond;
  later.finish_ns += 2 * kSecond;
  later.emit_ns += 2 * kSecond;
  later.emit_order = 4;
  model.apply(std::vector<TaskRecord>{later});
  EXPECT_EQ(spy.rows, 1);
  EXPECT_EQ(model.rows()[1].label(), QStringLiteral("Worker-2 (pid 5582 → … → 5599)"));
  // Where the column has room, the chart names the middle process too.
  EXPECT_EQ(model.rows()[1].labelForms().front(), QStringLiteral("Worker-2 (pid 5582 → 5590 → 5599)"));
  EXPECT_EQ(model.rowTasks(1).back(), 4u);
}

TEST(ChartModel, RowTasksStayOrderedByStartWhenRecordsArriveOutOfOrder) {
  poolscope_test::qtApp();
  const RunTrace run = poolscope_test::makeTrace(poolscope_test::spec(Mode::imap, 1, 1, {1, 2, 3, 4}, {1, 1, 1, 1}));
  RunTrace meta = run;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel model;
  model.reset(meta);
  model.apply(std::vector<TaskRecord>{run.tasks[2], run.tasks[0], run.tasks[3], run.tasks[1]});
  EXPECT_EQ(model.rowTasks(0), (std::vector<std::uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(model.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2, 3}));
}

}  // namespace
