// The chart as a lecturer uses it: results a failure lost, predict then reveal, a replay that tells nothing
// before it happens, stepping from event to event, and zoom on the shared time axis.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include <QGraphicsView>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include "chart/chart_area.hpp"
#include "chart/chart_scene.hpp"
#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"
#include "chart/time_zoom.hpp"
#include "chart_test_models.hpp"
#include "chart_test_traces.hpp"
#include "qt_app.hpp"

namespace {

using namespace poolscope;
using namespace poolscope::chart;
using poolscope_test::kOrigin;
using poolscope_test::kSecond;

bool closeTo(QColor a, QColor b, int tolerance = 12) {
  return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
         std::abs(a.blue() - b.blue()) <= tolerance;
}

QImage render(ChartScene& scene) {
  QImage image(scene.layoutSize().toSize(), QImage::Format_ARGB32);
  image.fill(scene.theme().background);
  QPainter painter(&image);
  scene.renderTo(&painter, QRectF(QPointF(0, 0), scene.layoutSize()));
  return image;
}

// map over 1..6 with chunksize 2 on 2 workers, task 2 (input 3) raising: as CPython's Pool, the caller gets
// the exception and no result; every other result was computed and lost.
RunTrace mapThatRaised() {
  RunTrace run = poolscope_test::makeTrace(
      poolscope_test::spec(Mode::map, 2, 2, {1, 2, 3, 4, 5, 6}, {0.2, 0.2, 0.2, 0.2, 0.2, 0.2}, 2));
  std::int64_t end = 0;
  for (TaskRecord& t : run.tasks) end = std::max(end, t.finish_ns);
  for (TaskRecord& t : run.tasks) {
    t.emit_order = -1;
    t.emit_ns = 0;
  }
  run.tasks[2].emit_order = 0;
  run.tasks[2].emit_ns = end + 400'000;
  run.end_ns = end + 400'000;
  return run;
}

// A finished run laid out as on a 1280x720 projector.
struct ProjectedRun {
  explicit ProjectedRun(const RunTrace& run) {
    model.reset(run);
    model.finish(model.run().end_ns);
    scene.setModels({&model});
    scene.layoutTo(QSizeF(1280, 720));
  }
  RunModel model;
  ChartScene scene;
};

TEST(ChartTeaching, MapThatRaisedShowsTheExceptionAndEveryLostResult) {
  poolscope_test::qtApp();
  ProjectedRun shown(mapThatRaised());
  RunModel& model = shown.model;
  ChartScene& scene = shown.scene;
  EXPECT_EQ(model.metrics().lost, 5u);
  EXPECT_TRUE(scene.laneNote(0).contains(QStringLiteral("no result handed over"))) << scene.laneNote(0).toStdString();
  EXPECT_TRUE(scene.headerText(0).contains(QStringLiteral("never handed over")));
  EXPECT_EQ(scene.tableCells(0).value(2), QStringLiteral("—"));  // the exception is no first result

  const QImage shot = render(scene);
  // A lost result is hollow: inside its outline the row shows through, not the task's colour.
  const QRectF lost = scene.barRect(0, 0);
  ASSERT_FALSE(lost.isEmpty());
  const QColor inside = shot.pixelColor((lost.topLeft() + QPointF(8.0, 8.0)).toPoint());
  EXPECT_FALSE(closeTo(inside, scene.theme().taskColor(0), 40)) << inside.name().toStdString();
  // The exception is a marker in the caller lane, in the failure colour.
  const QRectF marker = scene.markerRect(0, 2);
  ASSERT_FALSE(marker.isEmpty());
  EXPECT_TRUE(closeTo(shot.pixelColor((marker.topLeft() + QPointF(5.0, marker.height() / 2.0)).toPoint()),
                      scene.theme().failed, 30));
  // The tooltip says why.
  const QString tip = scene.tooltipAt(lost.center());
  EXPECT_TRUE(tip.contains(QStringLiteral("never handed to the caller"))) << tip.toStdString();
  EXPECT_TRUE(tip.contains(QStringLiteral("map raised")));
}

TEST(ChartTeaching, AFailedTaskNamesItsExceptionType) {
  poolscope_test::qtApp();
  RunTrace run = mapThatRaised();
  run.tasks[2].exception_type = "std::invalid_argument";
  run.tasks[2].message = "bad input";
  ProjectedRun shown(run);
  RunModel& model = shown.model;
  ChartScene& scene = shown.scene;
  // The bar is short of room: the type without its namespace, then the message.
  EXPECT_EQ(scene.barLabel(0, 2), QStringLiteral("3 ✗ invalid_argument: bad input"));
  const QString tip = scene.tooltipAt(scene.barRect(0, 2).center());
  EXPECT_TRUE(tip.contains(QStringLiteral("Failed (error): std::invalid_argument: bad input"))) << tip.toStdString();
  // A task that threw something that is no std::exception has no type: the message alone.
  run.tasks[2].exception_type.clear();
  model.reset(run);
  EXPECT_EQ(scene.barLabel(0, 2), QStringLiteral("3 ✗ bad input"));
}

TEST(ChartTeaching, ResultsThatReachedTheCallerAreNotDrawnAsLost) {
  poolscope_test::qtApp();
  ProjectedRun shown(poolscope_test::in14Imap());
  RunModel& model = shown.model;
  ChartScene& scene = shown.scene;
  EXPECT_EQ(model.metrics().lost, 0u);
  EXPECT_TRUE(scene.laneNote(0).isEmpty());
  const QImage shot = render(scene);
  const QRectF bar = scene.barRect(0, 2);
  EXPECT_TRUE(closeTo(shot.pixelColor((bar.topLeft() + QPointF(8.0, 8.0)).toPoint()), scene.theme().taskColor(2)));
}

TEST(ChartTeaching, PredictModeHidesTheAnswersUntilRevealed) {
  poolscope_test::qtApp();
  const Trace trace = poolscope_test::slowFirstCompare();
  const auto models = poolscope_test::shownModels(trace, /*finished=*/true);
  ChartScene scene;
  scene.setModels(models.shown);
  scene.layoutTo(QSizeF(1920, 1080));
  scene.setPredictMode(true);
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(scene.shownArrivals(p), 0u);
    EXPECT_TRUE(scene.laneNote(p).startsWith(QStringLiteral("?")));
    EXPECT_TRUE(scene.headerText(p).contains(QStringLiteral("wall ?"))) << scene.headerText(p).toStdString();
    EXPECT_EQ(scene.tableCells(p).value(1), QStringLiteral("?"));
    // The worker bars are there, their results are not.
    EXPECT_FALSE(scene.barRect(p, 0).isEmpty());
    EXPECT_EQ(scene.barLabel(p, 0), QStringLiteral("1 → ?"));
  }
  // The first hand-over of all: imap_unordered's task 2 at 1 s (imap waits for the slow first task).
  ASSERT_TRUE(scene.revealNext());
  EXPECT_EQ(scene.shownArrivals(2), 1u);
  EXPECT_EQ(scene.shownArrivals(0), 0u);
  EXPECT_EQ(scene.shownArrivals(1), 0u);
  EXPECT_EQ(scene.barLabel(2, 1), QStringLiteral("2 → 4"));
  EXPECT_EQ(scene.barLabel(2, 0), QStringLiteral("1 → ?"));
  EXPECT_NE(scene.tableCells(2).value(2), QStringLiteral("?"));  // its first result is known now
  scene.revealAll();
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(scene.shownArrivals(p), 6u);
    EXPECT_FALSE(scene.headerText(p).contains(QStringLiteral("?")));
    EXPECT_EQ(scene.barLabel(p, 0), QStringLiteral("1 → 2"));
    EXPECT_FALSE(scene.revealLimit(p).has_value());
  }
  EXPECT_FALSE(scene.revealNext());
  // A new run starts hidden again.
  models.shown[1]->reset(trace.runs[1]);
  models.shown[1]->finish(trace.runs[1].end_ns);
  EXPECT_EQ(scene.shownArrivals(1), 0u);
  EXPECT_EQ(scene.shownArrivals(0), 6u);
  scene.setPredictMode(false);
  EXPECT_EQ(scene.shownArrivals(1), 6u);
}

TEST(ChartTeaching, ReplayShowsOnlyWhatHappenedByTheCursor) {
  poolscope_test::qtApp();
  ProjectedRun shown(poolscope_test::in14Imap());  // imap 1, 2, 3 taking 1, 2, 3 s on 3 workers
  RunModel& model = shown.model;
  ChartScene& scene = shown.scene;
  scene.setScrubCursor(1.5);
  EXPECT_EQ(scene.barLabel(0, 0), QStringLiteral("1 → 2"));
  EXPECT_EQ(scene.barLabel(0, 1), QStringLiteral("2 …"));
  EXPECT_EQ(scene.shownArrivals(0), 1u);
  const RunMetrics at = model.metricsAt(1.5);
  EXPECT_EQ(at.finished, 1u);
  EXPECT_EQ(at.emitted, 1u);
  EXPECT_NEAR(at.wallSeconds, 1.5, 1e-9);
  EXPECT_NEAR(at.firstResultSeconds, 1.0, 0.01);
  EXPECT_TRUE(scene.headerText(0).contains(QStringLiteral("1.50 s"))) << scene.headerText(0).toStdString();
  EXPECT_EQ(scene.tableCells(0).value(1), QStringLiteral("1.50 s"));
  scene.setScrubCursor(0.5);
  EXPECT_EQ(scene.tableCells(0).value(2), QStringLiteral("—"));
  EXPECT_EQ(scene.barLabel(0, 0), QStringLiteral("1 …"));
  scene.setScrubCursor(std::nullopt);
  EXPECT_EQ(scene.tableCells(0).value(1), QStringLiteral("3.00 s"));
}

// imap 1, 2, 3 on 3 workers, stopped at 2.5 s: task 3 (input 3, 3 s) was cut off mid-run.
TEST(ChartTeaching, ATaskCutOffByStopIsDrawnAsCancelled) {
  poolscope_test::qtApp();
  RunTrace run = poolscope_test::in14Imap();
  TaskRecord& cut = run.tasks[2];
  cut.status = TaskStatus::running;
  cut.finish_ns = 0;
  cut.emit_ns = 0;
  cut.emit_order = -1;
  cut.result.clear();
  run.end_ns = run.origin_ns + 2'500'000'000;
  for (const ThemeKind kind : {ThemeKind::light, ThemeKind::dark}) {
    RunModel model;
    model.reset(run);
    ChartScene scene;
    scene.setTheme(ChartTheme::make(kind, false));
    scene.setModels({&model});
    scene.layoutTo(QSizeF(1280, 720));
    model.finish(run.end_ns);
    EXPECT_EQ(scene.barLabel(0, 2), QStringLiteral("3 cancelled"));
    EXPECT_EQ(scene.barLabel(0, 1), QStringLiteral("2 → 4"));  // a finished task is not cancelled
    const QImage shot = render(scene);
    const QRectF bar = scene.barRect(0, 2);
    ASSERT_FALSE(bar.isEmpty());
    // Grey, not the task's colour: the saturation of a task colour is gone.
    const QColor inside = shot.pixelColor((bar.topLeft() + QPointF(12.0, bar.height() / 2.0)).toPoint());
    EXPECT_FALSE(closeTo(inside, scene.theme().taskColor(2), 40)) << inside.name().toStdString();
    EXPECT_LT(inside.hsvSaturation(), 60) << inside.name().toStdString();
    EXPECT_TRUE(scene.tooltipAt(bar.center()).contains(QStringLiteral("Cancelled")));
  }
}

TEST(ChartTeaching, StepsFromEventToEvent) {
  poolscope_test::qtApp();
  ProjectedRun shown(poolscope_test::in14Imap());
  ChartScene& scene = shown.scene;
  // Starts at 0 s (all three), task 1 finishes at 1 s and reaches the caller 0.4 ms later.
  ASSERT_EQ(scene.stepEvent(+1), std::optional<double>(0.0));
  const auto finish = scene.stepEvent(+1);
  ASSERT_TRUE(finish.has_value());
  EXPECT_NEAR(*finish, 1.0, 1e-9);
  EXPECT_TRUE(scene.cursorEventText().contains(QStringLiteral("task 1 (input 1) finished on Worker-1")))
      << scene.cursorEventText().toStdString();
  EXPECT_EQ(scene.shownArrivals(0), 0u);
  const auto handOver = scene.stepEvent(+1);
  ASSERT_TRUE(handOver.has_value());
  EXPECT_NEAR(*handOver, 1.0004, 1e-6);
  EXPECT_EQ(scene.shownArrivals(0), 1u);
  EXPECT_TRUE(scene.cursorEventText().contains(QStringLiteral("receives task 1")));
  EXPECT_NEAR(scene.stepEvent(-1).value_or(-1.0), 1.0, 1e-9);
  EXPECT_EQ(scene.shownArrivals(0), 0u);
  // After the last event the whole run is shown again.
  for (int i = 0; i < 10 && scene.scrubCursor(); ++i) scene.stepEvent(+1);
  EXPECT_FALSE(scene.scrubCursor().has_value());
}

TEST(TimeZoom, ZoomsAboutTheAnchorAndStaysInsideTheRun) {
  TimeZoom zoom;
  EXPECT_FALSE(zoom.zoomed());
  EXPECT_DOUBLE_EQ(zoom.to(10.0), 10.0);
  zoom.zoomAbout(2.0, 2.0, 10.0);  // 2 s sat at a fifth of the axis, and still does
  EXPECT_TRUE(zoom.zoomed());
  EXPECT_NEAR(zoom.from(10.0), 1.0, 1e-12);
  EXPECT_NEAR(zoom.to(10.0), 6.0, 1e-12);
  zoom.panBy(-5.0, 10.0);  // stops at 0
  EXPECT_NEAR(zoom.from(10.0), 0.0, 1e-12);
  EXPECT_NEAR(zoom.to(10.0), 5.0, 1e-12);
  zoom.panBy(100.0, 10.0);  // stops at the end
  EXPECT_NEAR(zoom.from(10.0), 5.0, 1e-12);
  EXPECT_NEAR(zoom.to(10.0), 10.0, 1e-12);
  for (int i = 0; i < 100; ++i) zoom.zoomAbout(7.0, 4.0, 10.0);
  EXPECT_NEAR(zoom.to(10.0) - zoom.from(10.0), 0.01, 1e-12);  // never narrower than a thousandth
  EXPECT_LE(zoom.from(10.0), 7.0);
  EXPECT_GE(zoom.to(10.0), 7.0);
  zoom.zoomAbout(7.0, 1e-6, 10.0);  // zoomed out past the whole run: reset
  EXPECT_FALSE(zoom.zoomed());
  zoom.panBy(1.0, 10.0);  // panning the whole run does nothing
  EXPECT_FALSE(zoom.zoomed());
}

TEST(ChartTeaching, ZoomIsSharedByTheComparePanelsAndKeepsThePointerTime) {
  poolscope_test::qtApp();
  const Trace trace = poolscope_test::slowFirstCompare();
  const auto models = poolscope_test::shownModels(trace, /*finished=*/true);
  ChartScene scene;
  scene.setModels(models.shown);
  scene.layoutTo(QSizeF(1280, 720));
  const double wideBar = scene.barRect(0, 0).width();
  const double x = scene.xAt(1.0);
  scene.zoomAt(x, 2.0);
  EXPECT_TRUE(scene.zoomed());
  EXPECT_NEAR(scene.timeAt(x), 1.0, 1e-6);
  EXPECT_NEAR(scene.barRect(0, 0).width(), 2.0 * wideBar, 2.0);
  for (int p = 1; p < 3; ++p) {
    EXPECT_NEAR(scene.barRect(p, 0).left(), scene.barRect(0, 0).left(), 0.5);
    EXPECT_NEAR(scene.barRect(p, 0).width(), scene.barRect(0, 0).width(), 0.5);
  }
  const double before = scene.visibleFrom();
  scene.panByPixels(-100.0);  // dragged left: later times come into view
  EXPECT_GT(scene.visibleFrom(), before);
  scene.resetZoom();
  EXPECT_FALSE(scene.zoomed());
  EXPECT_NEAR(scene.barRect(0, 0).width(), wideBar, 0.5);
}

TEST(ChartTeaching, SpinRunShowsItsPlanAndTheCoresItShared) {
  poolscope_test::qtApp();
  // Six 0.5 s spin tasks on two cores took 1.5 s each.
  poolscope::RunTrace run = poolscope_test::makeTrace(
      poolscope_test::spec(Mode::imap_unordered, 6, 1, {1, 2, 3, 4, 5, 6}, {1.5, 1.5, 1.5, 1.5, 1.5, 1.5}));
  run.workload = "spin";
  RunModel model;
  model.reset(run);
  model.setPlan(std::vector<double>(6, 0.5), 2);
  model.finish(run.end_ns);
  EXPECT_EQ(model.coresNote(), QStringLiteral("6 workers on 2 cores"));
  ChartScene scene;
  scene.setModels({&model});
  scene.layoutTo(QSizeF(1920, 1080));
  const QRectF bar = scene.barRect(0, 0);
  ASSERT_FALSE(bar.isEmpty());
  EXPECT_TRUE(scene.tooltipAt(bar.center()).contains(QStringLiteral("Planned: 0.500 s of CPU (6 workers on 2 cores)")))
      << scene.tooltipAt(bar.center()).toStdString();
  // The planned end is marked inside the bar, a third of the way along: a dark tick over the task's colour.
  const QImage shot = render(scene);
  const double planEnd = bar.left() + bar.width() / 3.0;
  bool tick = false;
  for (int dx = -3; dx <= 3; ++dx) {
    const QColor c = shot.pixelColor(QPoint(static_cast<int>(planEnd) + dx, static_cast<int>(bar.center().y())));
    tick = tick || closeTo(c, scene.theme().text, 60);
  }
  EXPECT_TRUE(tick);
  // A sleep run has no plan to show, nor cores in its header.
  run.workload = "sleep";
  RunModel sleeping;
  sleeping.reset(run);
  sleeping.setPlan(std::vector<double>(6, 0.5), 2);
  EXPECT_TRUE(sleeping.coresNote().isEmpty());
}

TEST(ChartTeaching, WheelZoomsAboutThePointerAndRightDragPans) {
  poolscope_test::qtApp();
  RunModel model;
  model.reset(poolscope_test::in14Imap());
  model.finish(model.run().end_ns);
  ChartArea area;
  area.setModel(&model);
  area.resize(1280, 720);
  area.show();
  QCoreApplication::processEvents();
  ChartScene* scene = area.scene();
  QWidget* viewport = area.view()->viewport();
  const QPointF at(viewport->mapFromParent(QPoint(static_cast<int>(scene->xAt(1.5)), 200)));
  const double before = scene->timeAt(area.view()->mapToScene(at.toPoint()).x());
  QWheelEvent wheel(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(viewport, &wheel);
  ASSERT_TRUE(scene->zoomed());
  EXPECT_NEAR(scene->visibleTo() - scene->visibleFrom(), model.endSeconds() * 1.03 / (1.25 * 1.25), 0.01);
  EXPECT_NEAR(scene->timeAt(area.view()->mapToScene(at.toPoint()).x()), before, 0.01);  // still under the pointer
  // Dragging with the right button to the left brings later times into view; the cursor is not moved.
  const double from = scene->visibleFrom();
  QMouseEvent press(QEvent::MouseButtonPress, at, viewport->mapToGlobal(at), Qt::RightButton, Qt::RightButton,
                    Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &press);
  const QPointF left = at - QPointF(120.0, 0.0);
  QMouseEvent move(QEvent::MouseMove, left, viewport->mapToGlobal(left), Qt::NoButton, Qt::RightButton, Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &move);
  QMouseEvent release(QEvent::MouseButtonRelease, left, viewport->mapToGlobal(left), Qt::RightButton, Qt::NoButton,
                      Qt::NoModifier);
  QCoreApplication::sendEvent(viewport, &release);
  EXPECT_GT(scene->visibleFrom(), from);
  EXPECT_FALSE(scene->scrubCursor().has_value());
  area.resetZoom();
  EXPECT_FALSE(scene->zoomed());
}

}  // namespace
