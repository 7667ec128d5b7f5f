// The chart widget as the window uses it: it shows the bars on screen, grows a running task's bar with
// "now", replays to a cursor, and exports what it shows.
#include "chart/chart_area.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <vector>

#include <QClipboard>
#include <QGraphicsView>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>

#include "chart/chart_export.hpp"
#include "chart/chart_scene.hpp"
#include "chart/gantt_item.hpp"
#include "chart/run_model.hpp"
#include "chart_test_traces.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;
using poolscope_test::kOrigin;
using poolscope_test::kSecond;

bool closeTo(QColor a, QColor b) {
  return std::abs(a.red() - b.red()) <= 6 && std::abs(a.green() - b.green()) <= 6 && std::abs(a.blue() - b.blue()) <= 6;
}

TEST(ChartArea, ShowsTheBarsInTheWindow) {
  poolscope_test::qtApp();
  RunModel model;
  model.reset(poolscope_test::in14Imap());
  ChartArea area;
  area.setTheme(ChartTheme::make(ThemeKind::dark, false));
  area.setModel(&model);
  area.resize(1100, 700);
  area.show();
  QCoreApplication::processEvents();
  const QImage shot = area.grab().toImage();
  ASSERT_FALSE(shot.isNull());
  const QRectF bar = area.scene()->barRect(0, 2);
  ASSERT_FALSE(bar.isEmpty());
  const QPointF probe(bar.left() + 6.0, bar.top() + 3.0);
  const QPoint at = (probe * shot.devicePixelRatio()).toPoint();
  EXPECT_TRUE(closeTo(shot.pixelColor(at), area.theme().taskColor(2))) << shot.pixelColor(at).name().toStdString();
}

// Task 0 of In[14] (one second on Worker-1), for comparing bar lengths once the run is finished.
TaskRecord metaFirst(const TaskRecord& /*any*/) { return poolscope_test::in14Imap().tasks[0]; }

TEST(ChartArea, RunningBarGrowsWithNowAndFreezesWhenFinished) {
  poolscope_test::qtApp();
  RunTrace meta = poolscope_test::in14Imap();
  const TaskRecord third = meta.tasks[2];
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel model;
  model.reset(meta);
  ChartArea area;
  area.setModel(&model);
  area.resize(1000, 600);
  TaskRecord running = third;
  running.status = TaskStatus::running;
  running.finish_ns = running.emit_ns = 0;
  running.emit_order = -1;
  model.apply(std::vector<TaskRecord>{running});
  area.setNowNs(kOrigin + kSecond / 2);
  const double w1 = area.scene()->barRect(0, 2).width();
  area.setNowNs(kOrigin + kSecond);
  const double w2 = area.scene()->barRect(0, 2).width();
  EXPECT_GT(w1, 1.0);
  EXPECT_NEAR(w2, 2.0 * w1, 2.0);
  model.apply(std::vector<TaskRecord>{third, metaFirst(third)});
  model.finish();
  const double done = area.scene()->barRect(0, 2).width();
  area.setNowNs(kOrigin + 10 * kSecond);
  EXPECT_DOUBLE_EQ(area.scene()->barRect(0, 2).width(), done);
  // Three seconds of work is drawn three times as long as one second.
  EXPECT_NEAR(done, 3.0 * area.scene()->barRect(0, 0).width(), 3.0);
}

TEST(ChartArea, ScrubCursorReplaysTheRunInEveryPanel) {
  poolscope_test::qtApp();
  const Trace trace = poolscope_test::slowFirstCompare();
  RunModel a, b, c;
  a.reset(trace.runs[0]);
  b.reset(trace.runs[1]);
  c.reset(trace.runs[2]);
  ChartArea area;
  area.setModels({&a, &b, &c});
  area.resize(1200, 900);
  EXPECT_NEAR(area.durationSeconds(), 3.0, 0.01);
  const double full = area.scene()->barRect(1, 0).width();
  area.setScrubCursor(1.0);
  for (int panel = 0; panel < 3; ++panel) {
    // Task 0 runs 0..2 s: half drawn at 1 s; task 5 starts at 2 s: not drawn yet.
    EXPECT_NEAR(area.scene()->barRect(panel, 0).width(), full / 2.0, 1.5) << panel;
    EXPECT_TRUE(area.scene()->barRect(panel, 5).isEmpty()) << panel;
  }
  area.setScrubCursor(std::nullopt);
  EXPECT_FALSE(area.scene()->barRect(2, 5).isEmpty());

  // A replay sweeps the cursor forward and ends by itself.
  bool finished = false;
  QObject::connect(&area, &ChartArea::replayFinished, [&finished] { finished = true; });
  area.startReplay(30.0);  // 3 s of run in 0.1 s
  EXPECT_TRUE(area.replaying());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!finished && std::chrono::steady_clock::now() < deadline)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  EXPECT_TRUE(finished);
  EXPECT_FALSE(area.replaying());
  EXPECT_FALSE(area.scrubCursor().has_value());
}

TEST(ChartArea, ExportsWhatItShowsAtAnySize) {
  poolscope_test::qtApp();
  RunModel model;
  model.reset(poolscope_test::in12Map());
  ChartArea area;
  area.setTheme(ChartTheme::make(ThemeKind::light, true));
  area.setModel(&model);
  area.resize(900, 600);
  area.show();
  QCoreApplication::processEvents();
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const std::filesystem::path png = std::filesystem::path(dir.path().toStdString()) / "area.png";
  exportArea(area, png, QSize(1920, 1080), 2.0);
  EXPECT_EQ(QImage(QString::fromStdString(png.string())).size(), QSize(3840, 2160));
  // The window keeps its own layout afterwards.
  EXPECT_EQ(area.scene()->layoutSize(), QSizeF(area.view()->viewport()->size()));
  const std::filesystem::path svg = std::filesystem::path(dir.path().toStdString()) / "area.svg";
  exportArea(area, svg);
  EXPECT_GT(std::filesystem::file_size(svg), 1000u);
  const QImage image = renderAreaImage(area);
  EXPECT_EQ(image.size(), area.view()->viewport()->size());
}

TEST(ChartArea, TooltipsTellTheWholeStoryOfATask) {
  poolscope_test::qtApp();
  RunModel model;
  model.reset(poolscope_test::slowFirstCompare().runs[1]);  // imap: task 1 waits behind the slow task 0
  ChartArea area;
  area.setModel(&model);
  area.resize(1200, 700);
  GanttItem* gantt = nullptr;
  for (QGraphicsItem* item : area.scene()->items()) {
    if (auto* g = dynamic_cast<GanttItem*>(item)) gantt = g;
  }
  ASSERT_NE(gantt, nullptr);
  // Tasks are numbered from 1, as in the task list: index 1 is "Task 2".
  const QString tip = gantt->tooltipAt(area.scene()->barRect(0, 1).center());
  for (const char* part : {"Task 2 ", "input 2", "Result: 4", "Worker-", "pid 558", "Started: 0.000 s",
                           "Finished: 1.000 s", "Handed to the caller: 2.000 s (#2)", "Waited: 1.000 s"}) {
    EXPECT_TRUE(tip.contains(QString::fromUtf8(part))) << part << " not in:\n" << tip.toStdString();
  }
  // The caller lane's marker for results 1-5 lists them.
  const QRectF lane = gantt->laneRect();
  const QRectF task0 = area.scene()->barRect(0, 0);
  bool found = false;
  for (double y = lane.top(); y < lane.bottom() && !found; y += 2.0) {
    found = gantt->tooltipAt(QPointF(task0.right(), y)).contains(QStringLiteral("Results 1–5"));
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(gantt->tooltipAt(QPointF(lane.left() - 50.0, lane.top())).isEmpty());
}

// Live batches repaint only what changed; the picture must end up the same as drawing the run afresh.
TEST(ChartArea, LiveUpdatesEndInTheSamePictureAsAFreshDraw) {
  poolscope_test::qtApp();
  const RunTrace full = poolscope_test::slowFirstCompare().runs[1];
  RunTrace meta = full;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel live;
  live.reset(meta);
  ChartArea liveArea;
  liveArea.setModel(&live);
  liveArea.resize(1000, 640);
  liveArea.show();
  QCoreApplication::processEvents();
  // Start everything, then deliver the final records in three batches as time passes.
  std::vector<TaskRecord> started;
  for (TaskRecord r : full.tasks) {
    r.status = TaskStatus::running;
    r.finish_ns = r.emit_ns = 0;
    r.emit_order = -1;
    r.result.clear();
    if (r.start_ns == kOrigin) started.push_back(r);
  }
  live.apply(started);
  for (int step = 1; step <= 3; ++step) {
    liveArea.setNowNs(kOrigin + step * kSecond + kSecond / 100);
    std::vector<TaskRecord> batch;
    for (const TaskRecord& r : full.tasks) {
      if (r.emit_ns <= kOrigin + step * kSecond + kSecond / 100 &&
          r.emit_ns > kOrigin + (step - 1) * kSecond + kSecond / 100) {
        batch.push_back(r);
      } else if (r.start_ns > kOrigin && r.start_ns <= kOrigin + step * kSecond &&
                 r.emit_ns > kOrigin + step * kSecond + kSecond / 100) {
        TaskRecord running = r;
        running.status = r.finish_ns <= kOrigin + step * kSecond + kSecond / 100 ? r.status : TaskStatus::running;
        if (running.status == TaskStatus::running) running.finish_ns = 0;
        running.emit_ns = 0;
        running.emit_order = -1;
        batch.push_back(running);
      }
    }
    live.apply(batch);
    QCoreApplication::processEvents();
  }
  live.finish(full.end_ns);
  liveArea.setNowNs(0);
  QCoreApplication::processEvents();
  const QImage afterLive = liveArea.grab().toImage();

  RunModel fresh;
  fresh.reset(full);
  ChartArea freshArea;
  freshArea.setModel(&fresh);
  freshArea.resize(1000, 640);
  freshArea.show();
  QCoreApplication::processEvents();
  const QImage drawnOnce = freshArea.grab().toImage();
  ASSERT_EQ(afterLive.size(), drawnOnce.size());
  long different = 0;
  for (int y = 0; y < afterLive.height(); ++y) {
    for (int x = 0; x < afterLive.width(); ++x) {
      if (!closeTo(afterLive.pixelColor(x, y), drawnOnce.pixelColor(x, y))) ++different;
    }
  }
  EXPECT_LT(different, afterLive.width() * afterLive.height() / 500) << different << " pixels differ";
}

TEST(ChartArea, CopiesToTheClipboardAndSurvivesItsModelsGoing) {
  poolscope_test::qtApp();
  auto model = std::make_unique<RunModel>();
  model->reset(poolscope_test::in15ImapUnordered());
  RunModel other;
  other.reset(poolscope_test::in14Imap());
  ChartArea area;
  area.setModels({model.get(), &other});
  area.resize(800, 500);
  area.show();
  QCoreApplication::processEvents();
  copyAreaToClipboard(area);
  const QImage copied = QGuiApplication::clipboard()->image();
  EXPECT_EQ(copied.size(), area.view()->viewport()->size());
  EXPECT_EQ(area.scene()->panelCount(), 2);
  model.reset();  // the window dropped one run: its panel goes, the other stays
  EXPECT_EQ(area.scene()->panelCount(), 1);
  EXPECT_FALSE(area.scene()->barRect(0, 2).isEmpty());
  QCoreApplication::processEvents();
  EXPECT_FALSE(area.grab().isNull());
}

}  // namespace
