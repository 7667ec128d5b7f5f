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
    QObject::connect(&model, &chart::RunModel::model_reset, [this] { ++resets; });
    QObject::connect(&model, &chart::RunModel::rows_changed, [this] { ++rows; });
    QObject::connect(&model, &chart::RunModel::tasks_changed,
                     [this](const std::vector<std::uint64_t>& indices) { changed.push_back(indices); });
  }
};

using namespace poolscope::chart;
using poolscope_test::kOrigin;
using poolscope_test::kSecond;

TEST(ChartModel, RowsAreWorkersLabelledWithTheirPid) {
  poolscope_test::qt_app();
  RunModel model;
  model.reset(poolscope_test::in12_map());
  ASSERT_EQ(model.rows().size(), 3u);
  EXPECT_EQ(model.rows()[0].label(), QStringLiteral("Worker-1 (pid 5581)"));
  EXPECT_EQ(model.rows()[2].label(), QStringLiteral("Worker-3 (pid 5583)"));
  for (int row = 0; row < 3; ++row) {
    ASSERT_EQ(model.row_tasks(row).size(), 1u);
    EXPECT_EQ(model.row_tasks(row)[0], static_cast<std::uint64_t>(row));
  }
  EXPECT_EQ(model.title(), QStringLiteral("map — PoolScope"));
  EXPECT_TRUE(model.finished());
}

TEST(ChartModel, SlowFirstCompareHasTheNotebooksMetrics) {
  poolscope_test::qt_app();
  const Trace trace = poolscope_test::slow_first_compare();
  RunModel map, imap, unordered;
  map.reset(trace.runs[0]);
  imap.reset(trace.runs[1]);
  unordered.reset(trace.runs[2]);

  // map hands everything over at the end; imap waits for the slow first task; imap_unordered does not wait.
  EXPECT_NEAR(map.metrics().first_result_s, 3.0, 0.01);
  EXPECT_NEAR(imap.metrics().first_result_s, 2.0, 0.01);
  EXPECT_NEAR(unordered.metrics().first_result_s, 1.0, 0.01);
  for (RunModel* m : {&map, &imap, &unordered}) {
    EXPECT_NEAR(m->metrics().wall_s, 3.0, 0.01);
    EXPECT_NEAR(m->metrics().idle_percent, 100.0 * (1.0 - 7.0 / 9.0), 0.5);
    EXPECT_EQ(m->metrics().tasks, 6u);
    EXPECT_EQ(m->metrics().emitted, 6u);
  }
  EXPECT_EQ(map.metrics().peak_held, 5);
  EXPECT_EQ(imap.metrics().peak_held, 2);
  EXPECT_EQ(unordered.metrics().peak_held, 0);
  // Waits (finish -> hand-over), map: 1, 2, 2, 1, 1, 0 s.
  EXPECT_NEAR(map.metrics().mean_wait_s, 7.0 / 6.0, 0.01);
  EXPECT_NEAR(unordered.metrics().mean_wait_s, 0.0, 0.01);
}

TEST(ChartModel, HeldCurveClimbsForMapAndStaysFlatForImapUnordered) {
  poolscope_test::qt_app();
  const Trace trace = poolscope_test::slow_first_compare();
  RunModel map, imap, unordered;
  map.reset(trace.runs[0]);
  imap.reset(trace.runs[1]);
  unordered.reset(trace.runs[2]);
  EXPECT_EQ(map.held_at(0.5), 0);
  EXPECT_EQ(map.held_at(1.5), 2);
  EXPECT_EQ(map.held_at(2.5), 5);
  EXPECT_EQ(map.held_at(3.5), 0);
  EXPECT_EQ(imap.held_at(1.5), 2);
  EXPECT_EQ(imap.held_at(2.5), 0);
  for (double t : {0.5, 1.5, 2.5}) EXPECT_EQ(unordered.held_at(t), 0) << t;

  const auto curve = map.held_curve();
  ASSERT_GE(curve.size(), 3u);
  EXPECT_EQ(curve.front().held, 0);
  int peak = 0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    EXPECT_GE(curve[i].t_s, curve[i - 1].t_s);
    peak = std::max(peak, curve[i].held);
  }
  EXPECT_EQ(peak, 5);
  EXPECT_EQ(curve.back().held, 0);
  // Cut at a replay cursor: nothing after it.
  const auto cut = map.held_curve(2.5);
  EXPECT_DOUBLE_EQ(cut.back().t_s, 2.5);
  EXPECT_EQ(cut.back().held, 5);
}

TEST(ChartModel, EmissionOrderFollowsTheMode) {
  poolscope_test::qt_app();
  RunModel imap, unordered;
  imap.reset(poolscope_test::in14_imap());
  unordered.reset(poolscope_test::in15_imap_unordered());
  EXPECT_EQ(imap.emission_order(), (std::vector<std::uint64_t>{0, 1, 2}));
  // In[15]: durations 2, 1, 0 -> 6 first, then 4, then 2.
  EXPECT_EQ(unordered.emission_order(), (std::vector<std::uint64_t>{2, 1, 0}));
  EXPECT_NEAR(unordered.seconds(unordered.run().tasks[2].emit_ns), 0.0, 0.01);
  EXPECT_NEAR(unordered.seconds(unordered.run().tasks[0].emit_ns), 2.0, 0.01);
  EXPECT_NEAR(unordered.metrics().wall_s, 2.0, 0.01);
}

TEST(ChartModel, LiveBatchesUpsertAndSignalWhatChanged) {
  poolscope_test::qt_app();
  const RunTrace full = poolscope_test::in14_imap();
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
  EXPECT_LT(model.metrics().first_result_s, 0.0);
  // While live, "now" stretches the wall time.
  EXPECT_NEAR(model.metrics(kOrigin + kSecond / 2).wall_s, 0.5, 1e-6);

  // Task 0 finishes and is handed over: one record touched.
  model.apply(std::vector<TaskRecord>{full.tasks[0]});
  ASSERT_EQ(spy.changed.size(), 2u);
  EXPECT_EQ(spy.changed[1], std::vector<std::uint64_t>{0});
  EXPECT_EQ(model.running().size(), 2u);
  EXPECT_EQ(model.emission_order(), std::vector<std::uint64_t>{0});
  EXPECT_NEAR(model.metrics().first_result_s, 1.0, 0.01);

  model.apply(std::vector<TaskRecord>{full.tasks[1], full.tasks[2]});
  model.finish();
  EXPECT_TRUE(model.finished());
  EXPECT_TRUE(model.running().empty());
  EXPECT_EQ(model.emission_order(), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_NEAR(model.metrics().wall_s, 3.0, 0.01);
}

TEST(ChartModel, ReplacedWorkerShowsBothPids) {
  poolscope_test::qt_app();
  RunTrace run = poolscope_test::make_trace(poolscope_test::spec(Mode::imap, 2, 1, {1, 2, 3, 4}, {1, 1, 1, 1}));
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
  EXPECT_EQ(model.row_tasks(1).back(), 4u);
}

TEST(ChartModel, RowTasksStayOrderedByStartWhenRecordsArriveOutOfOrder) {
  poolscope_test::qt_app();
  const RunTrace run = poolscope_test::make_trace(poolscope_test::spec(Mode::imap, 1, 1, {1, 2, 3, 4}, {1, 1, 1, 1}));
  RunTrace meta = run;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel model;
  model.reset(meta);
  model.apply(std::vector<TaskRecord>{run.tasks[2], run.tasks[0], run.tasks[3], run.tasks[1]});
  EXPECT_EQ(model.row_tasks(0), (std::vector<std::uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(model.emission_order(), (std::vector<std::uint64_t>{0, 1, 2, 3}));
}

}  // namespace
