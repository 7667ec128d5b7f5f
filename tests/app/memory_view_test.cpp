// The Memory view: Run measures every mode live (samples arrive while a mode runs, not only at the end),
// map's curve climbs far above imap's, the settings' cost is said before running, and the drawn chart
// shows map's colour high above the others.
#include "memory/memory_view.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include <QImage>
#include <QPainter>

#include "app/qt_app.hpp"
#include "i18n/translations.hpp"
#include "memory/memory_canvas.hpp"

using poolscope::Mode;
using poolscope::memory::MemoryView;

namespace {

bool wait_for(const std::function<bool()>& done, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

}  // namespace

TEST(MemoryView, RunDrawsEachModeLiveAndMapHoldsMore) {
  poolscope_test::qtApp();
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps up to 256 MiB of freed memory aside (its quarantine), which puts every mode's
  // peak RSS near the same ceiling; the measuring processes this view starts get a small one instead.
  const QByteArray asan = qgetenv("ASAN_OPTIONS");
  qputenv("ASAN_OPTIONS", asan + (asan.isEmpty() ? "" : ":") + "quarantine_size_mb=16");
#endif
  MemoryView view;
  view.setProgram(QStringLiteral(POOLSCOPE_BINARY));
  view.resize(1280, 720);
  view.show();
  view.setRecords(100000);
  view.setRecordBytes(1024);
  view.setWorkers(2);
  view.setChunksize(1);
  view.setModeIndex(0);  // all three
  int exitCode = -100;
  QObject::connect(&view, &MemoryView::runFinished, [&](int code) { exitCode = code; });
  view.run();
  ASSERT_TRUE(view.isRunning());
  // While a mode runs, its samples are already on the chart.
  const auto& chart = view.canvas()->chart();
  bool seen_live = false;
  ASSERT_TRUE(wait_for(
      [&] {
        if (chart.liveRun() != nullptr && !chart.liveRun()->samples.empty()) seen_live = true;
        return exitCode != -100;
      },
      90000));
  EXPECT_EQ(exitCode, 0) << view.statusText().toStdString();
  EXPECT_TRUE(seen_live);
  ASSERT_EQ(chart.runs().size(), 3u);
  const auto& map = chart.runs()[0];
  const auto& imap = chart.runs()[1];
  EXPECT_EQ(map.mode, Mode::map);
  EXPECT_EQ(imap.mode, Mode::imap);
  EXPECT_EQ(map.peak_held, 100000u);
  EXPECT_GE(map.peak_rss_mib, imap.peak_rss_mib + 100.0);
  for (const auto& run : chart.runs()) EXPECT_GE(run.samples.size(), 5u);  // drawn from live samples
  EXPECT_TRUE(view.statusText().contains(QStringLiteral("map: peak RSS"))) << view.statusText().toStdString();
  EXPECT_FALSE(view.isRunning());
}

TEST(MemoryView, TheStatusLineSpeaksTheInterfaceLanguage) {
  poolscope_test::qtApp();
  poolscope::bench::MemoryModeRun run;
  run.mode = Mode::map;
  run.peak_rss_mib = 463.8;
  run.peak_held = 200000;
  run.wall_s = 2.04;
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("ru")));
  const QString russian = MemoryView::summaryText(run, QStringLiteral("map"));
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("en")));
  // Translated, with the decimal comma, not the CLI's English line.
  EXPECT_FALSE(russian.contains(QStringLiteral("peak RSS"))) << russian.toStdString();
  EXPECT_TRUE(russian.startsWith(QStringLiteral("map: "))) << russian.toStdString();
  EXPECT_TRUE(russian.contains(QStringLiteral("463,8"))) << russian.toStdString();
  EXPECT_TRUE(russian.contains(QStringLiteral("2,04"))) << russian.toStdString();
  const QString english = MemoryView::summaryText(run, QStringLiteral("map"));
  EXPECT_TRUE(english.startsWith(QStringLiteral("map: peak RSS 463.8 MiB, peak results held 200")))
      << english.toStdString();
  EXPECT_TRUE(english.endsWith(QStringLiteral("wall 2.04 s"))) << english.toStdString();
}

TEST(MemoryView, SettingsThatCannotFitAreRefusedBeforeRunning) {
  poolscope_test::qtApp();
  MemoryView view;
  view.setRecords(5000000);
  view.setRecordBytes(65536);  // map would hold ~640 GB
  view.setModeIndex(1);
  EXPECT_TRUE(view.costText().contains(QStringLiteral("Too big"))) << view.costText().toStdString();
  view.setRecords(2000);
  EXPECT_FALSE(view.costText().contains(QStringLiteral("Too big")));
  EXPECT_TRUE(view.costText().contains(QStringLiteral("map of 2,000"))) << view.costText().toStdString();
}

TEST(MemoryView, ChartDrawsMapHighAboveImap) {
  poolscope_test::qtApp();
  poolscope::bench::MemoryOptions options;
  options.records = 1000;
  poolscope::memory::MemoryChart chart(options, 2,
                                       poolscope::chart::ChartTheme::make(poolscope::chart::ThemeKind::light, false));
  std::vector<poolscope::bench::MemoryModeRun> runs(2);
  runs[0].mode = Mode::map;
  runs[1].mode = Mode::imap;
  for (int i = 0; i <= 100; ++i) {
    runs[0].samples.push_back({i * 0.01, 10.0 + 4.0 * i, 0, 0});  // climbs to 410 MiB
    runs[1].samples.push_back({i * 0.01, 10.0, 0, 0});            // flat
  }
  runs[0].peak_rss_mib = 410;
  runs[1].peak_rss_mib = 10;
  runs[0].wall_s = runs[1].wall_s = 1.0;
  chart.setRuns(runs);
  QImage image(1280, 720, QImage::Format_ARGB32);
  QPainter painter(&image);
  chart.paint(painter, QRectF(0, 0, 1280, 720));
  painter.end();
  // Highest pixel of each mode's colour in the memory plot (the upper half of the image).
  const auto highest = [&](const QColor& colour) {
    for (int y = 0; y < image.height() / 2 + 100; ++y) {
      for (int x = 100; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                std::abs(c.blue() - colour.blue()) <
            12) {
          return y;
        }
      }
    }
    return -1;
  };
  // x >= 100 skips the legend swatches; the wall-time dots sit on each curve's end.
  const int map_top = highest(chart.modeColor(Mode::map));
  const int imap_top = highest(chart.modeColor(Mode::imap));
  ASSERT_GE(map_top, 0);
  ASSERT_GE(imap_top, 0);
  EXPECT_LT(map_top + 100, imap_top);
}

// PoolScope's bounded imap is not what CPython does: with a window set, the view measures the unbounded imap
// after it and draws both, and says which is which.
TEST(MemoryView, BoundedImapIsShownBesideTheUnboundedOne) {
  poolscope_test::qtApp();
  MemoryView view;
  view.setProgram(QStringLiteral(POOLSCOPE_BINARY));
  view.resize(1280, 720);
  view.show();
  view.setRecords(20000);
  view.setRecordBytes(512);
  view.setWorkers(2);
  view.setChunksize(1);
  view.setModeIndex(2);  // imap
  view.setWindow(64);
  int exitCode = -100;
  QObject::connect(&view, &MemoryView::runFinished, [&](int code) { exitCode = code; });
  view.run();
  ASSERT_TRUE(wait_for([&] { return exitCode != -100; }, 90000));
  EXPECT_EQ(exitCode, 0) << view.statusText().toStdString();
  const auto& chart = view.canvas()->chart();
  ASSERT_EQ(chart.runs().size(), 2u) << "the unbounded imap did not run after the bounded one";
  EXPECT_EQ(chart.runs()[0].mode, Mode::imap);
  EXPECT_EQ(chart.runs()[1].mode, Mode::imap);
  EXPECT_FALSE(chart.isUnbounded(&chart.runs()[0]));
  EXPECT_TRUE(chart.isUnbounded(&chart.runs()[1]));
  EXPECT_TRUE(chart.caption().contains(QStringLiteral("bounded to 64")));
  EXPECT_TRUE(view.statusText().contains(QStringLiteral("imap, unbounded:"))) << view.statusText().toStdString();

  // Without a window there is nothing to compare with: one run.
  view.setWindow(0);
  exitCode = -100;
  view.run();
  ASSERT_TRUE(wait_for([&] { return exitCode != -100; }, 90000));
  EXPECT_EQ(chart.runs().size(), 1u);
}
