// The chart at tens of thousands of tasks: a live batch repaints the new bars and the band near "now", not the
// window; bars thinner than a pixel keep their status colours (a failure stays red); the results-held curve of a
// run fed batch by batch is the curve of the same run loaded at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include <QCoreApplication>
#include <QGraphicsView>
#include <QImage>
#include <QPaintEngine>
#include <QPaintEvent>
#include <QPainter>
#include <QRegion>

#include "chart/chart_area.hpp"
#include "chart/chart_benchmark.hpp"
#include "chart/chart_scene.hpp"
#include "chart/exposed_parts.hpp"
#include "chart/gantt_item.hpp"
#include "chart/held_item.hpp"
#include "chart/paint_probe.hpp"
#include "chart/run_model.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;

bool closeTo(QColor a, QColor b) {
  return std::abs(a.red() - b.red()) <= 8 && std::abs(a.green() - b.green()) <= 8 && std::abs(a.blue() - b.blue()) <= 8;
}

void paintAll(PaintProbe& probe) { paintPending(probe, 200); }

TEST(ChartScale, LiveBatchRepaintsTheNewBarsAndTheBandNearNowOnly) {
  poolscope_test::qtApp();
  const std::size_t tasks = 20'000;
  const std::size_t batch = 100;
  const RunTrace full = makeSyntheticTrace(tasks, 8);
  // Live as the window shows it: every task known (pending until it runs), all but the last batch in.
  RunTrace head = full;
  head.end_ns = 0;
  for (std::size_t i = tasks - batch; i < tasks; ++i) {
    TaskRecord pending;
    pending.index = i;
    head.tasks[i] = pending;
  }
  std::int64_t headLatest = full.origin_ns;
  for (std::size_t i = 0; i < tasks - batch; ++i) headLatest = std::max(headLatest, full.tasks[i].emit_ns);
  const std::vector<TaskRecord> tail(full.tasks.end() - static_cast<std::ptrdiff_t>(batch), full.tasks.end());

  RunModel model;
  model.reset(head);
  ChartArea area;
  area.setModel(&model);
  area.setNowNs(headLatest + 1'000'000);
  area.resize(1280, 720);
  area.show();
  PaintProbe probe;
  area.view()->viewport()->installEventFilter(&probe);
  for (int pass = 0; pass < 20; ++pass) paintAll(probe);
  for (int tick = 2; tick <= 3; ++tick) {  // a live window has been ticking before this batch
    area.setNowNs(headLatest + tick * 1'000'000);
    paintAll(probe);
  }
  ASSERT_GT(probe.paints, 0);
  probe.painted = QRegion();

  model.apply(tail);
  area.setNowNs(full.end_ns + 1'000'000);
  paintAll(probe);

  const QSize shown = area.view()->viewport()->size();
  double area_ = 0.0;
  for (const QRect& r : probe.painted& QRect(QPoint(0, 0), shown)) area_ += double(r.width()) * r.height();
  const double share = area_ / (double(shown.width()) * shown.height());
  // The new bars and the caller lane's ticks near "now", the results-held curve up to "now", the header and the
  // table's figures: a small part of the window, not the whole chart again.
  EXPECT_LT(share, 0.2) << share * 100.0 << " % of the view repainted";
  // Live, the results-held curve ends at "now": the empty stretch after it is left alone.
  HeldItem* held = nullptr;
  for (QGraphicsItem* item : area.scene()->items()) {
    if (auto* h = dynamic_cast<HeldItem*>(item)) held = h;
  }
  ASSERT_NE(held, nullptr);
  const double xNow = area.scene()->xAt(model.seconds(full.end_ns + 1'000'000));
  const QRect afterNow =
      area.view()
          ->mapFromScene(QRectF(QPointF(xNow + 8.0, held->boundingRect().top()), held->boundingRect().bottomRight()))
          .boundingRect();
  ASSERT_GT(afterNow.width(), 50) << "the axis leaves room after now";
  EXPECT_TRUE((probe.painted & afterNow).isEmpty())
      << "repainted after now: " << (probe.painted & afterNow).boundingRect().width();
  int covered = 0;
  for (const TaskRecord& t : tail) {
    const QRectF bar = area.scene()->barRect(0, t.index);
    ASSERT_FALSE(bar.isEmpty()) << t.index;
    const QPoint centre = area.view()->mapFromScene(bar.center());
    if (probe.painted.contains(centre)) ++covered;
  }
  EXPECT_EQ(covered, static_cast<int>(batch)) << "every new bar is repainted";
}

TEST(ChartScale, ItemsPaintTheRepaintedRectanglesNotTheirBoundingBox) {
  poolscope_test::qtApp();
  QImage image(400, 300, QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&image);
  const QRectF exposed(0, 0, 400, 300);
  // An export: no clip, no paint event, everything.
  ASSERT_EQ(exposedParts(&painter, exposed).size(), 1u);
  EXPECT_EQ(exposedParts(&painter, exposed).front(), exposed);
  // A window's paint event of two strips far apart (a band near "now", the table under the chart): the two strips.
  const QRegion strips = QRegion(300, 0, 10, 200) + QRegion(0, 250, 400, 20);
  painter.paintEngine()->setSystemClip(strips);
  const std::vector<QRectF> parts = exposedParts(&painter, QRectF(0, 0, 400, 240));
  ASSERT_EQ(parts.size(), 1u) << "the table strip is outside this item";
  EXPECT_EQ(parts.front(), QRectF(300, 0, 10, 200));
  EXPECT_EQ(exposedParts(&painter, exposed).size(), 2u);
  painter.paintEngine()->setSystemClip(QRegion());
}

// A dense run with a few failed tasks, drawn whole: `failedEvery`-th task failed.
RunTrace denseRunWithFailures(std::size_t tasks, int workers, std::size_t failedEvery) {
  RunTrace run = makeSyntheticTrace(tasks, workers);
  for (std::size_t i = failedEvery / 2; i < tasks; i += failedEvery) {
    run.tasks[i].status = TaskStatus::error;
    run.tasks[i].result.clear();
    run.tasks[i].message = "boom";
  }
  return run;
}

TEST(ChartScale, ThinBarsKeepTheirStatusColoursColumnByColumnWithoutGaps) {
  poolscope_test::qtApp();
  const RunTrace run = denseRunWithFailures(40'000, 4, 7'919);
  RunModel model;
  model.reset(run);
  ChartScene scene;
  const ChartTheme theme = ChartTheme::make(ThemeKind::light, false);
  scene.setTheme(theme);
  scene.setModels({&model});
  const QSize size(1280, 720);
  scene.layoutTo(QSizeF(size));
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(theme.background);
  {
    QPainter painter(&image);
    scene.renderTo(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
  }
  GanttItem* gantt = nullptr;
  for (QGraphicsItem* item : scene.items()) {
    if (auto* g = dynamic_cast<GanttItem*>(item)) gantt = g;
  }
  ASSERT_NE(gantt, nullptr);

  int failures = 0;
  for (const TaskRecord& t : run.tasks) {
    if (t.status != TaskStatus::error) continue;
    ++failures;
    const QRectF bar = scene.barRect(0, t.index);
    ASSERT_FALSE(bar.isEmpty());
    ASSERT_LT(bar.width(), 1.5) << "the test needs bars thinner than a pixel";
    // The failed task's pixel column is red in its row, though hundreds of successes share the column.
    const QPoint at(static_cast<int>(std::floor(bar.left())), static_cast<int>(bar.center().y()));
    EXPECT_TRUE(closeTo(image.pixelColor(at), theme.failed))
        << "task " << t.index << " at " << at.x() << ": " << image.pixelColor(at).name().toStdString();
    // The caller lane ticks the column where the caller received the exception in the failure colour.
    const double xEmit = scene.xAt(model.seconds(t.emit_ns));
    const QRectF lane = gantt->laneRect();
    const QPoint tick(static_cast<int>(std::floor(xEmit)), static_cast<int>(lane.center().y()));
    EXPECT_TRUE(closeTo(image.pixelColor(tick), theme.failed))
        << "exception of task " << t.index << ": " << image.pixelColor(tick).name().toStdString();
  }
  EXPECT_EQ(failures, 5);

  // No gaps: along each row, every column from the first bar to the last is drawn (the tasks run back to back),
  // in the dense grey where only successes fell.
  const auto& order = model.rows();
  int grey = 0;
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto& list = model.rowTasks(static_cast<int>(r));
    ASSERT_FALSE(list.empty());
    const QRectF first = scene.barRect(0, list.front());
    const QRectF last = scene.barRect(0, list.back());
    const int y = static_cast<int>(first.center().y());
    for (int x = static_cast<int>(std::ceil(first.left())) + 1; x < static_cast<int>(std::floor(last.right())) - 1;
         ++x) {
      const QColor c = image.pixelColor(x, y);
      ASSERT_TRUE(closeTo(c, theme.mutedText) || closeTo(c, theme.failed))
          << "gap in row " << r << " at x " << x << ": " << c.name().toStdString();
      if (closeTo(c, theme.mutedText)) ++grey;
    }
  }
  EXPECT_GT(grey, 1000);
}

TEST(ChartScale, HeldCurveFedBatchByBatchIsTheCurveLoadedAtOnce) {
  poolscope_test::qtApp();
  const RunTrace full = makeSyntheticTrace(3'000, 6, 7);
  RunModel whole;
  whole.reset(full);
  RunTrace meta = full;
  meta.tasks.clear();
  meta.end_ns = 0;
  RunModel live;
  live.reset(meta);
  // Batches as a live run delivers them: by finish time, so results arrive out of index order.
  std::vector<TaskRecord> byFinish = full.tasks;
  std::sort(byFinish.begin(), byFinish.end(),
            [](const TaskRecord& a, const TaskRecord& b) { return a.emit_ns < b.emit_ns; });
  for (std::size_t i = 0; i < byFinish.size(); i += 37) {
    const std::size_t end = std::min(byFinish.size(), i + 37);
    live.apply(std::span<const TaskRecord>(byFinish.data() + i, end - i));
    (void)live.metrics();  // the header reads the peak after every batch
  }
  live.finish(full.end_ns);
  whole.finish(full.end_ns);
  const auto expected = whole.heldCurve();
  const auto got = live.heldCurve();
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_DOUBLE_EQ(got[k].tSeconds, expected[k].tSeconds) << k;
    EXPECT_EQ(got[k].held, expected[k].held) << k;
  }
  EXPECT_EQ(live.metrics().peakHeld, whole.metrics().peakHeld);
  EXPECT_GT(whole.metrics().peakHeld, 0);
  EXPECT_EQ(whole.heldCurveSize(), expected.size());
  // A partial repaint's curve is the tail of the whole one, from the step in force at its left edge.
  const double from = expected[expected.size() / 2].tSeconds + 1e-9;
  const auto part = whole.heldCurve(-1.0, from);
  ASSERT_GE(part.size(), 2u);
  EXPECT_EQ(part.size(), expected.size() - expected.size() / 2);
  EXPECT_DOUBLE_EQ(part.front().tSeconds, expected[expected.size() / 2].tSeconds);
  EXPECT_EQ(part.back().held, expected.back().held);
  for (double t : {0.5, from, expected.back().tSeconds}) {
    EXPECT_EQ(live.heldAt(t), whole.heldAt(t)) << t;
  }
}

TEST(ChartScale, BenchmarkMeasuresALiveFrameOnTheViewAndTheBigRender) {
  poolscope_test::qtApp();
  const ChartBenchResult r = runChartBenchmark(2'000, 4, 100, 1, 5'000);
  EXPECT_EQ(r.tasks, 2'000u);
  EXPECT_EQ(r.batch, 100u);
  // The frame repainted something, and far from all of the view.
  EXPECT_GT(r.dirtyFraction, 0.0);
  EXPECT_LT(r.dirtyFraction, 0.5);
  for (double ms : {r.loadMs, r.renderMs, r.applyMs, r.appendMs, r.appendFullMs, r.bigLoadMs, r.bigRenderMs}) {
    EXPECT_TRUE(std::isfinite(ms) && ms > 0.0) << ms;
  }
  EXPECT_EQ(r.bigTasks, 5'000u);
  EXPECT_EQ(runChartBenchmark(500, 2, 100, 1).bigTasks, 0u) << "no big render unless asked";
}

}  // namespace
