// Chart scale benchmark: full offscreen render of a large trace, and the cost of one live batch measured as
// model update + repaint of only the regions the scene reports changed (what a view would repaint).
#include "chart/chart_benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>

#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QRegion>

#include "chart/chart_scene.hpp"
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

ChartBenchResult runChartBenchmark(std::size_t tasks, int workers, std::size_t batch, int repeats) {
  ChartBenchResult result;
  result.tasks = tasks;
  result.workers = workers;
  result.batch = std::min(batch, tasks);
  repeats = std::max(1, repeats);
  const RunTrace full = makeSyntheticTrace(tasks, workers);
  const ChartTheme theme = ChartTheme::make(ThemeKind::light, true);
  result.loadMs = result.renderMs = result.applyMs = result.appendMs = result.appendFullMs =
      std::numeric_limits<double>::max();

  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    RunModel model;
    model.reset(full);
    result.loadMs = std::min(result.loadMs, msSince(start));

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
    result.renderMs = std::min(result.renderMs, msSince(start));
  }

  // Live: everything but the last batch is in, the batch arrives as one 60 Hz drain would deliver it.
  const std::size_t keep = tasks - result.batch;
  RunTrace head = full;
  head.tasks.resize(keep);
  head.end_ns = 0;
  const std::vector<TaskRecord> tail(full.tasks.begin() + static_cast<std::ptrdiff_t>(keep), full.tasks.end());
  for (int r = 0; r < repeats; ++r) {
    RunModel model;
    model.reset(head);
    ChartScene scene;
    scene.setTheme(theme);
    scene.setModels({&model});
    scene.setNowNs(full.end_ns);
    scene.layoutTo(QSizeF(kSize));
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(theme.background);
    {
      QPainter painter(&image);
      scene.renderTo(&painter, QRectF(QPointF(0, 0), QSizeF(kSize)));
    }
    QCoreApplication::processEvents();  // flush the initial layout's change notifications
    QList<QRectF> dirty;
    auto connection =
        QObject::connect(&scene, &QGraphicsScene::changed, [&dirty](const QList<QRectF>& rects) { dirty += rects; });

    auto start = Clock::now();
    model.apply(tail);
    QCoreApplication::processEvents();  // the scene reports what changed on the next event-loop pass
    result.applyMs = std::min(result.applyMs, msSince(start));
    // Like a view's partial update: clipped to the changed region; items paint only the parts inside it.
    QRegion region;
    for (const QRectF& rect : dirty) region += rect.toAlignedRect();
    region &= QRect(QPoint(0, 0), kSize);
    {
      QPainter painter(&image);
      painter.setClipRegion(region);
      const QRectF bounds = region.boundingRect();
      scene.render(&painter, bounds, bounds);
    }
    result.dirtyFraction = 0.0;
    for (const QRect& part : region) {
      result.dirtyFraction += static_cast<double>(part.width()) * part.height() / (kSize.width() * kSize.height());
    }
    result.appendMs = std::min(result.appendMs, msSince(start));
    QObject::disconnect(connection);

    // Contrast: the same batch followed by a repaint of everything.
    RunModel model2;
    model2.reset(head);
    ChartScene scene2;
    scene2.setTheme(theme);
    scene2.setModels({&model2});
    scene2.setNowNs(full.end_ns);
    scene2.layoutTo(QSizeF(kSize));
    start = Clock::now();
    model2.apply(tail);
    {
      QPainter painter(&image);
      scene2.renderTo(&painter, QRectF(QPointF(0, 0), QSizeF(kSize)));
    }
    result.appendFullMs = std::min(result.appendFullMs, msSince(start));
  }
  return result;
}

}  // namespace poolscope::chart
