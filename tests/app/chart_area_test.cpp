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

bool close_to(QColor a, QColor b) {
  return std::abs(a.red() - b.red()) <= 6 && std::abs(a.green() - b.green()) <= 6 && std::abs(a.blue() - b.blue()) <= 6;
}

TEST(ChartArea, ShowsTheBarsInTheWindow) {
  poolscope_test::qt_app();
  RunModel model;
  model.reset(poolscope_test::in14_imap());
  ChartArea area;
  area.set_theme(ChartTheme::make(ThemeKind::dark, false));
  area.set_model(&model);
  area.resize(1100, 700);
  area.show();
  QCoreApplication::processEvents();
  const QImage shot = area.grab().toImage();
  ASSERT_FALSE(shot.isNull());
  const QRectF bar = area.scene()->bar_rect(0, 2);
  ASSERT_FALSE(bar.isEmpty());
  const QPointF probe(bar.left() + 6.0, bar.top() + 3.0);
  const QPoint at = (probe * shot.devicePixelRatio()).toPoint();
  EXPECT_TRUE(close_to(shot.pixelColor(at), area.theme().task_color(2))) << shot.pixelColor(at).name().toStdString();
}

// Task 0 of In[14] (one second on Worker-1), for comparing bar lengths once the run is finished.
TaskRecord meta_first(const TaskRecord& /*any*/) { return poolscope_test::in14_imap().tasks[0]; }

TEST(ChartArea, RunningBarGrowsWithNowAndFreezesWhenFinished) {
  poolscope_test::qt_app();
  RunTrace meta = poolscope_test::in14_imap();
  const TaskRecord third = meta.tasks[2];
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel model;
  model.reset(meta);
  ChartArea area;
  area.set_model(&model);
  area.resize(1000, 600);
  TaskRecord running = third;
  running.status = TaskStatus::running;
  running.finish_ns = running.emit_ns = 0;
  running.emit_order = -1;
  model.apply(std::vector<TaskRecord>{running});
  area.set_now_ns(kOrigin + kSecond / 2);
  const double w1 = area.scene()->bar_rect(0, 2).width();
  area.set_now_ns(kOrigin + kSecond);
  const double w2 = area.scene()->bar_rect(0, 2).width();
  EXPECT_GT(w1, 1.0);
  EXPECT_NEAR(w2, 2.0 * w1, 2.0);
  model.apply(std::vector<TaskRecord>{third, meta_first(third)});
  model.finish();
  const double done = area.scene()->bar_rect(0, 2).width();
  area.set_now_ns(kOrigin + 10 * kSecond);
  EXPECT_DOUBLE_EQ(area.scene()->bar_rect(0, 2).width(), done);
  // Three seconds of work is drawn three times as long as one second.
  EXPECT_NEAR(done, 3.0 * area.scene()->bar_rect(0, 0).width(), 3.0);
}

TEST(ChartArea, ScrubCursorReplaysTheRunInEveryPanel) {
  poolscope_test::qt_app();
  const Trace trace = poolscope_test::slow_first_compare();
  RunModel a, b, c;
  a.reset(trace.runs[0]);
  b.reset(trace.runs[1]);
  c.reset(trace.runs[2]);
  ChartArea area;
  area.set_models({&a, &b, &c});
  area.resize(1200, 900);
  EXPECT_NEAR(area.duration_s(), 3.0, 0.01);
  const double full = area.scene()->bar_rect(1, 0).width();
  area.set_cursor(1.0);
  for (int panel = 0; panel < 3; ++panel) {
    // Task 0 runs 0..2 s: half drawn at 1 s; task 5 starts at 2 s: not drawn yet.
    EXPECT_NEAR(area.scene()->bar_rect(panel, 0).width(), full / 2.0, 1.5) << panel;
    EXPECT_TRUE(area.scene()->bar_rect(panel, 5).isEmpty()) << panel;
  }
  area.set_cursor(std::nullopt);
  EXPECT_FALSE(area.scene()->bar_rect(2, 5).isEmpty());

  // A replay sweeps the cursor forward and ends by itself.
  bool finished = false;
  QObject::connect(&area, &ChartArea::replay_finished, [&finished] { finished = true; });
  area.start_replay(30.0);  // 3 s of run in 0.1 s
  EXPECT_TRUE(area.replaying());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!finished && std::chrono::steady_clock::now() < deadline)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  EXPECT_TRUE(finished);
  EXPECT_FALSE(area.replaying());
  EXPECT_FALSE(area.cursor().has_value());
}

TEST(ChartArea, ExportsWhatItShowsAtAnySize) {
  poolscope_test::qt_app();
  RunModel model;
  model.reset(poolscope_test::in12_map());
  ChartArea area;
  area.set_theme(ChartTheme::make(ThemeKind::light, true));
  area.set_model(&model);
  area.resize(900, 600);
  area.show();
  QCoreApplication::processEvents();
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const std::filesystem::path png = std::filesystem::path(dir.path().toStdString()) / "area.png";
  export_area(area, png, QSize(1920, 1080), 2.0);
  EXPECT_EQ(QImage(QString::fromStdString(png.string())).size(), QSize(3840, 2160));
  // The window keeps its own layout afterwards.
  EXPECT_EQ(area.scene()->layout_size(), QSizeF(area.view()->viewport()->size()));
  const std::filesystem::path svg = std::filesystem::path(dir.path().toStdString()) / "area.svg";
  export_area(area, svg);
  EXPECT_GT(std::filesystem::file_size(svg), 1000u);
  const QImage image = render_area_image(area);
  EXPECT_EQ(image.size(), area.view()->viewport()->size());
}

TEST(ChartArea, TooltipsTellTheWholeStoryOfATask) {
  poolscope_test::qt_app();
  RunModel model;
  model.reset(poolscope_test::slow_first_compare().runs[1]);  // imap: task 1 waits behind the slow task 0
  ChartArea area;
  area.set_model(&model);
  area.resize(1200, 700);
  GanttItem* gantt = nullptr;
  for (QGraphicsItem* item : area.scene()->items()) {
    if (auto* g = dynamic_cast<GanttItem*>(item)) gantt = g;
  }
  ASSERT_NE(gantt, nullptr);
  const QString tip = gantt->tooltip_at(area.scene()->bar_rect(0, 1).center());
  for (const char* part : {"Task 1", "input 2", "Result: 4", "Worker-", "pid 558", "Started: 0.000 s",
                           "Finished: 1.000 s", "Handed to the caller: 2.000 s (#2)", "Waited: 1.000 s"}) {
    EXPECT_TRUE(tip.contains(QString::fromUtf8(part))) << part << " not in:\n" << tip.toStdString();
  }
  // The caller lane's marker for results 1-5 lists them.
  const QRectF lane = gantt->lane_rect();
  const QRectF task0 = area.scene()->bar_rect(0, 0);
  bool found = false;
  for (double y = lane.top(); y < lane.bottom() && !found; y += 2.0) {
    found = gantt->tooltip_at(QPointF(task0.right(), y)).contains(QStringLiteral("Results 1–5"));
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(gantt->tooltip_at(QPointF(lane.left() - 50.0, lane.top())).isEmpty());
}

// Live batches repaint only what changed; the picture must end up the same as drawing the run afresh.
TEST(ChartArea, LiveUpdatesEndInTheSamePictureAsAFreshDraw) {
  poolscope_test::qt_app();
  const RunTrace full = poolscope_test::slow_first_compare().runs[1];
  RunTrace meta = full;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel live;
  live.reset(meta);
  ChartArea live_area;
  live_area.set_model(&live);
  live_area.resize(1000, 640);
  live_area.show();
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
    live_area.set_now_ns(kOrigin + step * kSecond + kSecond / 100);
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
  live_area.set_now_ns(0);
  QCoreApplication::processEvents();
  const QImage after_live = live_area.grab().toImage();

  RunModel fresh;
  fresh.reset(full);
  ChartArea fresh_area;
  fresh_area.set_model(&fresh);
  fresh_area.resize(1000, 640);
  fresh_area.show();
  QCoreApplication::processEvents();
  const QImage drawn_once = fresh_area.grab().toImage();
  ASSERT_EQ(after_live.size(), drawn_once.size());
  long different = 0;
  for (int y = 0; y < after_live.height(); ++y) {
    for (int x = 0; x < after_live.width(); ++x) {
      if (!close_to(after_live.pixelColor(x, y), drawn_once.pixelColor(x, y))) ++different;
    }
  }
  EXPECT_LT(different, after_live.width() * after_live.height() / 500) << different << " pixels differ";
}

TEST(ChartArea, CopiesToTheClipboardAndSurvivesItsModelsGoing) {
  poolscope_test::qt_app();
  auto model = std::make_unique<RunModel>();
  model->reset(poolscope_test::in15_imap_unordered());
  RunModel other;
  other.reset(poolscope_test::in14_imap());
  ChartArea area;
  area.set_models({model.get(), &other});
  area.resize(800, 500);
  area.show();
  QCoreApplication::processEvents();
  copy_area_to_clipboard(area);
  const QImage copied = QGuiApplication::clipboard()->image();
  EXPECT_EQ(copied.size(), area.view()->viewport()->size());
  EXPECT_EQ(area.scene()->panel_count(), 2);
  model.reset();  // the window dropped one run: its panel goes, the other stays
  EXPECT_EQ(area.scene()->panel_count(), 1);
  EXPECT_FALSE(area.scene()->bar_rect(0, 2).isEmpty());
  QCoreApplication::processEvents();
  EXPECT_FALSE(area.grab().isNull());
}

}  // namespace
