// Opening several traces at once (File > Open several, `poolscope a.json b.json`): the runs of every file are
// drawn one above the other in the order given, each with its label; a file that fails is named and nothing
// is half-opened.
#include <gtest/gtest.h>

#include <QDir>
#include <QMessageBox>
#include <QTemporaryDir>

#include "app/window_test_support.hpp"
#include "gui/main_window.hpp"
#include "gui/trace_loader.hpp"
#include "poolscope/trace/trace_writer.hpp"

namespace {

using poolscope::Mode;
using poolscope::RunTrace;
using poolscope::TaskRecord;
using poolscope::TaskStatus;
using poolscope::Trace;
using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

using WindowSeveralTracesTest = poolscope_test::GuiFileTest;

// One run of `count` 0.1 s tasks on two workers, handed over in input order.
Trace oneRun(Mode mode, const std::string& label, std::uint64_t count) {
  RunTrace run;
  run.mode = mode;
  run.workers = 2;
  run.chunksize = 1;
  run.label = label;
  run.caller_pid = 4000;
  run.origin_ns = 1'000'000'000;
  const std::int64_t ms = 1'000'000;
  for (std::uint64_t i = 0; i < count; ++i) {
    TaskRecord t;
    t.index = i;
    t.input = std::to_string(i + 1);
    t.result = std::to_string(2 * (i + 1));
    t.worker = static_cast<int>(i % 2) + 1;
    t.pid = 4001 + static_cast<int>(i % 2);
    t.chunk = i;
    t.submit_ns = run.origin_ns;
    t.start_ns = run.origin_ns + static_cast<std::int64_t>(i / 2) * 100 * ms;
    t.finish_ns = t.start_ns + 100 * ms;
    t.emit_ns = t.finish_ns + ms;
    t.emit_order = static_cast<std::int64_t>(i);
    t.status = TaskStatus::ok;
    run.tasks.push_back(t);
  }
  run.processes = {{1, 4001}, {2, 4002}};
  run.end_ns = run.tasks.back().emit_ns;
  Trace trace;
  trace.runs.push_back(run);
  return trace;
}

TEST_F(WindowSeveralTracesTest, TwoTracesGiveTheRunsOfBothInOrder) {
  ASSERT_TRUE(files_.isValid());
  poolscope::write_trace_json(oneRun(Mode::imap, "Python Pool", 2), path("python.json").toStdString());
  poolscope::write_trace_json(oneRun(Mode::map, "ProcessPoolExecutor", 3), path("executor.json").toStdString());
  MainWindow window;
  window.show();
  window.openTraces({path("executor.json"), path("python.json")});
  ASSERT_TRUE(waitUntil([&] { return !window.importedTrace().runs.empty() || !window.lastError().isEmpty(); }, 5'000));
  ASSERT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();

  const auto models = window.shownModels();
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0]->run().label, "ProcessPoolExecutor");
  EXPECT_EQ(models[0]->run().mode, Mode::map);
  EXPECT_EQ(models[0]->run().tasks.size(), 3u);
  EXPECT_EQ(models[1]->run().label, "Python Pool");
  EXPECT_EQ(models[1]->run().mode, Mode::imap);
  EXPECT_EQ(models[1]->run().tasks.size(), 2u);
  EXPECT_EQ(window.importedTrace().runs.size(), 2u);
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("executor.json")));
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("python.json")));
}

TEST_F(WindowSeveralTracesTest, RunsOfTheSameEngineAreToldApartByTheirFiles) {
  ASSERT_TRUE(files_.isValid());
  poolscope::write_trace_json(oneRun(Mode::imap, "PoolScope", 2), path("first.json").toStdString());
  poolscope::write_trace_json(oneRun(Mode::imap, "PoolScope", 2), path("second.json").toStdString());
  poolscope::write_trace_json(oneRun(Mode::imap, "Python Pool", 2), path("third.json").toStdString());
  MainWindow window;
  window.show();
  window.openTraces({path("first.json"), path("second.json"), path("third.json")});
  ASSERT_TRUE(waitUntil([&] { return !window.importedTrace().runs.empty() || !window.lastError().isEmpty(); }, 5'000));
  const auto models = window.shownModels();
  ASSERT_EQ(models.size(), 3u);
  EXPECT_EQ(models[0]->run().label, "PoolScope (first)");
  EXPECT_EQ(models[1]->run().label, "PoolScope (second)");
  EXPECT_EQ(models[2]->run().label, "Python Pool");  // a label no other file has stays as it is
}

TEST_F(WindowSeveralTracesTest, AFileThatFailsIsNamedAndNothingIsOpened) {
  ASSERT_TRUE(files_.isValid());
  poolscope::write_trace_json(oneRun(Mode::imap, "Python Pool", 2), path("good.json").toStdString());
  MainWindow window;
  window.show();
  window.openTraces({path("good.json"), path("missing.json")});
  ASSERT_TRUE(waitUntil([&] { return !window.traceLoader()->isLoading() && !window.lastError().isEmpty(); }, 5'000));
  EXPECT_TRUE(window.importedTrace().runs.empty());
  const auto boxes = window.findChildren<QMessageBox*>(QStringLiteral("errorMessage"));
  ASSERT_EQ(boxes.size(), 1);
  EXPECT_TRUE(boxes.front()->windowTitle().contains(QStringLiteral("missing.json")))
      << boxes.front()->windowTitle().toStdString();
  EXPECT_FALSE(boxes.front()->windowTitle().contains(QStringLiteral("good.json")));
}

}  // namespace
