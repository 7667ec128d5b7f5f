// Opening trace files in the window: drawn when readable, a message (and a usable window) when not, and
// "Run beside it" puts a live run of the same tasks under each imported run.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QImage>

#include "app/window_test_support.hpp"
#include "chart/chart_area.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/task_list_editor.hpp"
#include "gui/trace_loader.hpp"
#include "gui/trace_scenario.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using poolscope::Mode;
using poolscope::RunTrace;
using poolscope::TaskRecord;
using poolscope::TaskStatus;
using poolscope::Trace;
using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

using WindowTraceTest = poolscope_test::GuiFileTest;

// A "Python" imap run of two tasks (0.2 s then 0.1 s) on two workers, as the recorder would write it.
Trace pythonTrace() {
  RunTrace run;
  run.mode = Mode::imap;
  run.workers = 2;
  run.chunksize = 1;
  run.label = "Python";
  run.caller_pid = 4000;
  run.origin_ns = 1'000'000'000;
  const std::int64_t ms = 1'000'000;
  for (std::uint64_t i = 0; i < 2; ++i) {
    TaskRecord t;
    t.index = i;
    t.input = std::to_string(i + 1);
    t.result = std::to_string(2 * (i + 1));
    t.worker = static_cast<int>(i) + 1;
    t.pid = 4001 + static_cast<int>(i);
    t.chunk = i;
    t.submit_ns = run.origin_ns;
    t.start_ns = run.origin_ns + ms;
    t.finish_ns = t.start_ns + (i == 0 ? 200 : 100) * ms;
    t.emit_ns = run.origin_ns + 202 * ms + static_cast<std::int64_t>(i) * ms;
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

TEST_F(WindowTraceTest, AnOpenedTraceIsDrawnAndRunsBesideALiveTwin) {
  ASSERT_TRUE(files_.isValid());
  poolscope::write_trace_json(pythonTrace(), path("py.json").toStdString());
  MainWindow window;
  window.show();
  window.openTrace(path("py.json"));
  ASSERT_TRUE(waitUntil([&] { return !window.importedTrace().runs.empty() || !window.lastError().isEmpty(); }, 5'000));
  ASSERT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  ASSERT_EQ(window.shownModels().size(), 1u);
  EXPECT_EQ(window.shownModels()[0]->run().tasks.size(), 2u);
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("py.json")));

  window.runBesideTrace();
  ASSERT_TRUE(window.isRunning());
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  EXPECT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  const auto models = window.shownModels();
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0]->run().label, "Python");
  EXPECT_EQ(models[1]->run().label, "PoolScope");
  EXPECT_EQ(models[1]->run().mode, Mode::imap);
  EXPECT_EQ(models[1]->run().workers, 2);
  EXPECT_EQ(models[0]->emissionOrder(), models[1]->emissionOrder());
  ASSERT_NE(models[1]->task(0), nullptr);
  EXPECT_NEAR(models[1]->seconds(models[1]->task(0)->emit_ns), 0.2, 0.08);

  // The pair exports as one compare image.
  window.exportImage(path("pair.png"), {1280, 720});
  QImage image(path("pair.png"));
  EXPECT_EQ(image.size(), QSize(1280, 720));
  window.exportTrace(path("pair.json"));
  window.exportTrace(path("pair.csv"));
  QFile csv(path("pair.csv"));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  EXPECT_EQ(csv.readAll().count('\n'), 1 + 4) << "header + 2 imported + 2 live tasks";
}

TEST_F(WindowTraceTest, AnUnreadableTraceShowsAMessageAndTheWindowStaysUsable) {
  ASSERT_TRUE(files_.isValid());
  QFile broken(path("broken.json"));
  ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
  broken.write(R"({"traceEvents": [{"ph": "X", "name": "task 0", "ts": 1.0, )");
  broken.close();

  MainWindow window;
  window.show();
  for (const QString& file : {path("broken.json"), path("missing.json")}) {
    window.openTrace(file);
    ASSERT_TRUE(waitUntil([&] { return !window.lastError().isEmpty(); }, 5'000)) << file.toStdString();
    EXPECT_TRUE(window.importedTrace().runs.empty());
    EXPECT_FALSE(window.traceLoader()->isLoading());
    auto* box = window.findChild<QWidget*>(QStringLiteral("errorMessage"));
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->isVisible());
    box->close();
    QCoreApplication::processEvents();
    // Still usable: a run goes.
    window.controlPanel()->setCompareAll(false);
    window.controlPanel()->tasks()->setTasks({1}, {0.1});
    window.run();
    ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
    EXPECT_EQ(window.shownModels()[0]->emissionOrder().size(), 1u);
  }
}

TEST_F(WindowTraceTest, ImportedRunsBecomeScenariosWithTheMeasuredDurations) {
  const Trace trace = pythonTrace();
  const poolscope::Scenario s = poolscope::gui::scenarioFromRun(trace.runs[0]);
  EXPECT_EQ(s.mode, Mode::imap);
  EXPECT_EQ(s.workers, 2);
  EXPECT_EQ(s.inputs, (std::vector<std::int64_t>{1, 2}));
  ASSERT_EQ(s.durations.size(), 2u);
  EXPECT_NEAR(s.durations[0], 0.2, 1e-9);
  EXPECT_NEAR(s.durations[1], 0.1, 1e-9);

  RunTrace foreign = trace.runs[0];
  foreign.tasks[0].input = "\"GET /index\"";
  EXPECT_EQ(poolscope::gui::scenarioFromRun(foreign).inputs, (std::vector<std::int64_t>{1, 2}));
  foreign.tasks.clear();
  EXPECT_THROW(poolscope::gui::scenarioFromRun(foreign), poolscope::InputError);
}

}  // namespace
