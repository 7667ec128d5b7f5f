// A large trace opens without freezing the window: it is read on another thread while the event loop
// keeps running, with progress reported along the way.
#include <gtest/gtest.h>

#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include "app/window_test_support.hpp"
#include "chart/chart_benchmark.hpp"
#include "gui/main_window.hpp"
#include "gui/trace_loader.hpp"
#include "poolscope/trace/trace_writer.hpp"

namespace {

using poolscope::gui::MainWindow;
using poolscope::gui::TraceLoader;
using poolscope_test::waitUntil;

class WindowLargeTraceTest : public poolscope_test::GuiTest {};

TEST_F(WindowLargeTraceTest, ALargeTraceIsReadOffTheGuiThreadWithProgress) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString file = QDir(dir.path()).filePath(QStringLiteral("large.json"));
  poolscope::Trace trace;
  trace.runs.push_back(poolscope::chart::makeSyntheticTrace(60'000, 16));
  poolscope::write_trace_json(trace, file.toStdString());
  ASSERT_GT(QFileInfo(file).size(), 10 * 1024 * 1024) << "the file should take a while to read";

  MainWindow window;
  window.show();
  std::vector<int> progress;
  QObject::connect(window.traceLoader(), &TraceLoader::progress, [&](int perMille) { progress.push_back(perMille); });
  // The longest gap between two turns of the event loop while the file is read: the window's freeze.
  qint64 longestGapMs = 0;
  QElapsedTimer sinceLastTurn;
  QTimer heartbeat;
  heartbeat.setInterval(5);
  QObject::connect(&heartbeat, &QTimer::timeout,
                   [&] { longestGapMs = std::max(longestGapMs, sinceLastTurn.restart()); });

  sinceLastTurn.start();
  heartbeat.start();
  window.openTrace(file);
  EXPECT_TRUE(window.traceLoader()->isLoading());
  ASSERT_TRUE(waitUntil([&] { return !window.traceLoader()->isLoading(); }, 60'000));
  heartbeat.stop();

  ASSERT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  ASSERT_EQ(window.importedTrace().runs.size(), 1u);
  EXPECT_EQ(window.importedTrace().runs[0].tasks.size(), 60'000u);
  ASSERT_EQ(window.shownModels().size(), 1u);
  EXPECT_GE(progress.size(), 3u) << "progress is reported while reading";
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  // Reading alone would block for the whole read; drawing the loaded trace once is allowed to take a moment.
  EXPECT_LT(longestGapMs, 1500);
  RecordProperty("longest_gap_ms", static_cast<int>(longestGapMs));
}

TEST_F(WindowLargeTraceTest, CancellingAReadLeavesTheWindowAsItWas) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString file = QDir(dir.path()).filePath(QStringLiteral("large.json"));
  poolscope::Trace trace;
  trace.runs.push_back(poolscope::chart::makeSyntheticTrace(60'000, 16));
  poolscope::write_trace_json(trace, file.toStdString());

  MainWindow window;
  const auto before = window.shownModels();
  window.openTrace(file);
  window.traceLoader()->cancel();
  ASSERT_TRUE(waitUntil([&] { return !window.traceLoader()->isLoading(); }, 30'000));
  EXPECT_TRUE(window.importedTrace().runs.empty());
  EXPECT_EQ(window.shownModels(), before);
  EXPECT_TRUE(window.lastError().isEmpty()) << "a cancelled read is not an error";
}

}  // namespace
