// Chart scale benchmark: full offscreen render of a large trace, and the cost of one live batch measured on the
// window's own view (ChartArea): model update, then the repaint of exactly the region the view was told changed.
// (Listening to QGraphicsScene::changed instead would not do: with a listener, Qt reports whole items.)
#include "chart/chart_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>

#include <QCoreApplication>
#include <QGraphicsView>
#include <QImage>
#include <QPaintEvent>
#include <QPainter>
#include <QRegion>

#include "chart/chart_area.hpp"
#include "chart/chart_scene.hpp"
#include "chart/paint_probe.hpp"
#include "chart/run_model.hpp"

namespace poolscope::chart {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

constexpr std::int64_t kOrigin = 1'000'000'000;  // any non-zero monotonic origin
const QSize kSize(1920, 1080);

}  // namespace

RunTrace makeSyntheticTrace(std::size_t tasks, int workers, std::uint32_t seed) {
  RunTrace run;
  run.mode = Mode::imap;
  run.workers = std::max(1, workers);
  run.chunksize = 1;
  run.workload = "sleep";
  run.label = "synthetic";
  run.caller_pid = 4000;
  run.origin_ns = kOrigin;
  for (int w = 1; w <= run.workers; ++w) run.processes.push_back({w, 4000 + w});
  std::vector<std::int64_t> freeAt(static_cast<std::size_t>(run.workers), kOrigin);
  std::uint32_t state = seed == 0 ? 1 : seed;
  std::int64_t lastEmit = kOrigin;
  run.tasks.reserve(tasks);
  for (std::size_t i = 0; i < tasks; ++i) {
    state = state * 1664525u + 1013904223u;  // LCG: deterministic, no <random> distribution differences
    const std::int64_t duration = 1'000'000 + static_cast<std::int64_t>((state >> 8) % 19'000'000);
    // Like the pool: the next task goes to whichever worker is idle first.
    const auto it = std::min_element(freeAt.begin(), freeAt.end());
    const int worker = static_cast<int>(it - freeAt.begin()) + 1;
    TaskRecord t;
    t.index = i;
    t.input = std::to_string(i);
    t.result = std::to_string(2 * i);
    t.worker = worker;
    t.pid = 4000 + worker;
    t.chunk = i;
    t.submit_ns = kOrigin;
    t.start_ns = *it;
    t.finish_ns = *it + duration;
    *it = t.finish_ns + 50'000;
    // imap hands results over in input order.
    lastEmit = std::max(lastEmit, t.finish_ns) + 20'000;
    t.emit_ns = lastEmit;
    t.emit_order = static_cast<std::int64_t>(i);
    t.status = TaskStatus::ok;
    run.tasks.push_back(std::move(t));
  }
  run.end_ns = lastEmit;
  return run;
}

namespace {

double areaShare(const QRegion& region, const QSize& size) {
  double area = 0.0;
  for (const QRect& part : region& QRect(QPoint(0, 0), size)) area += static_cast<double>(part.width()) * part.height();
  return area / (static_cast<double>(size.width()) * size.height());
}

// Load and first full render of `trace` (best of `repeats`).
void measureRender(const RunTrace& trace, const ChartTheme& theme, int repeats, double& loadMs, double& renderMs) {
  loadMs = renderMs = std::numeric_limits<double>::max();
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    RunModel model;
    model.reset(trace);
    loadMs = std::min(loadMs, msSince(start));

    start = Clock::now();
    ChartScene scene;
    scene.setTheme(theme);
    scene.setModels({&model});
    scene.layoutTo(QSizeF(kSize));
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(theme.background);
    {
      QPainter painter(&image);
      scene.renderTo(&painter, QRectF(QPointF(0, 0), QSizeF(kSize)));
    }
    renderMs = std::min(renderMs, msSince(start));
  }
}

}  // namespace

ChartBenchResult runChartBenchmark(std::size_t tasks, int workers, std::size_t batch, int repeats,
                                   std::size_t bigTasks) {
  ChartBenchResult result;
  result.tasks = tasks;
  result.workers = workers;
  result.batch = std::min(batch, tasks);
  repeats = std::max(1, repeats);
  const RunTrace full = makeSyntheticTrace(tasks, workers);
  const ChartTheme theme = ChartTheme::make(ThemeKind::light, true);
  measureRender(full, theme, repeats, result.loadMs, result.renderMs);

  // Live, as the window shows it: every task known from the start (pending until it runs), everything but the
  // last batch in, then the batch arrives as one 60 Hz drain delivers it and "now" moves on.
  const std::size_t keep = tasks - result.batch;
  RunTrace head = full;
  head.end_ns = 0;
  for (std::size_t i = keep; i < tasks; ++i) {
    TaskRecord pending;
    pending.index = i;
    pending.input = full.tasks[i].input;
    head.tasks[i] = std::move(pending);
  }
  std::int64_t headLatest = full.origin_ns;
  for (std::size_t i = 0; i < keep; ++i) headLatest = std::max(headLatest, full.tasks[i].emit_ns);
  const std::vector<TaskRecord> tail(full.tasks.begin() + static_cast<std::ptrdiff_t>(keep), full.tasks.end());
  std::int64_t tailLatest = headLatest;
  for (const TaskRecord& t : tail) tailLatest = std::max(tailLatest, t.emit_ns);
  result.applyMs = result.appendMs = result.appendFullMs = std::numeric_limits<double>::max();
  for (int r = 0; r < repeats; ++r) {
    for (const bool fullRepaint : {false, true}) {
      RunModel model;
      model.reset(head);
      ChartArea area;
      area.setTheme(theme);
      area.setModel(&model);
      area.setNowNs(headLatest + 1'000'000);
      area.resize(kSize);
      area.show();
      PaintProbe probe;
      area.view()->viewport()->installEventFilter(&probe);
      // The first full paint, and what follows showing a window (activation repaints every QChart): settled
      // before the frame, as in a window that has been up for a while.
      area.activateWindow();
      for (const auto shownAt = Clock::now(); msSince(shownAt) < 150.0;) QCoreApplication::processEvents();
      const QSize shown = area.view()->viewport()->size();
      // A live window has been ticking: one frame with only "now" moving comes first (the first update after
      // showing repaints the charts' frames whole).
      area.setNowNs(headLatest + 2'000'000);
      paintPending(probe);
      probe.painted = QRegion();
      probe.painted = QRegion();

      const auto start = Clock::now();
      model.apply(tail);
      area.setNowNs(tailLatest + 1'000'000);
      const double applied = msSince(start);
      if (fullRepaint) {
        area.view()->viewport()->repaint();
        result.appendFullMs = std::min(result.appendFullMs, msSince(start));
      } else {
        paintPending(probe);
        const double painted = msSince(start);
        if (painted < result.appendMs) {
          result.appendMs = painted;
          result.applyMs = applied;
          result.dirtyFraction = areaShare(probe.painted, shown);
        }
      }
      area.view()->viewport()->removeEventFilter(&probe);
    }
  }

  if (bigTasks > 0) {
    result.bigTasks = bigTasks;
    measureRender(makeSyntheticTrace(bigTasks, workers), theme, repeats, result.bigLoadMs, result.bigRenderMs);
  }
  return result;
}

}  // namespace poolscope::chart
