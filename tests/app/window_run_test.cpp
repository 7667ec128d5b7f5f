// The main window driven like a user would: presets, sliders, Run / Stop, compare view, closing mid-run.
#include <gtest/gtest.h>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>

#include "app/window_test_support.hpp"
#include "chart/chart_area.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/run_controller.hpp"
#include "gui/task_list_editor.hpp"

namespace {

using poolscope::Mode;
using poolscope::chart::RunModel;
using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

class WindowRunTest : public poolscope_test::GuiTest {};

QAction* actionWithShortcut(const MainWindow& window, const QKeySequence& keys) {
  for (QAction* a : window.findChildren<QAction*>()) {
    if (a->shortcut() == keys) return a;
  }
  return nullptr;
}

double emittedAt(const RunModel& model, std::uint64_t index) {
  const auto* task = model.task(index);
  return task == nullptr ? -1.0 : model.seconds(task->emit_ns);
}

void setSeconds(poolscope::gui::TaskListEditor& tasks, const std::vector<double>& seconds) {
  for (std::size_t i = 0; i < seconds.size(); ++i) {
    tasks.durationSlider(static_cast<int>(i))->setValue(static_cast<int>(std::lround(seconds[i] * 10)));
  }
}

TEST_F(WindowRunTest, PresetSlidersAndRunButtonDriveALiveImapRun) {
  MainWindow window;
  window.show();
  auto* panel = window.controlPanel();

  // Ctrl+2 = In[14], the imap example: inputs 1, 2, 3.
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::map));
  QAction* in14 = actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_2));
  ASSERT_NE(in14, nullptr);
  in14->trigger();
  EXPECT_EQ(panel->presetName(), QStringLiteral("in14-imap"));
  EXPECT_EQ(panel->modeBox()->currentText(), QStringLiteral("imap"));
  ASSERT_EQ(panel->tasks()->count(), 3);
  EXPECT_EQ(panel->tasks()->inputs(), (std::vector<std::int64_t>{1, 2, 3}));

  setSeconds(*panel->tasks(), {0.3, 0.1, 0.2});
  EXPECT_DOUBLE_EQ(panel->tasks()->durationBox(0)->value(), 0.3);
  EXPECT_EQ(panel->presetName(), QString()) << "a moved slider makes the scenario custom";

  panel->runButton()->click();
  EXPECT_TRUE(window.isRunning());
  EXPECT_FALSE(panel->runButton()->isEnabled());
  EXPECT_TRUE(panel->stopButton()->isEnabled());
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  EXPECT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  EXPECT_TRUE(panel->runButton()->isEnabled());

  ASSERT_EQ(window.shownModels().size(), 1u);
  const RunModel& model = *window.shownModels()[0];
  EXPECT_EQ(model.run().mode, Mode::imap);
  ASSERT_EQ(model.rows().size(), 3u);
  EXPECT_TRUE(model.rows()[0].label().startsWith(QStringLiteral("Worker-1 (pid ")));
  for (int row = 0; row < 3; ++row) EXPECT_EQ(model.rowTasks(row).size(), 1u);
  EXPECT_EQ(model.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2}));
  for (std::uint64_t i = 0; i < 3; ++i) EXPECT_NEAR(emittedAt(model, i), 0.3, 0.08);
  ASSERT_NE(model.task(1), nullptr);
  EXPECT_EQ(model.task(1)->input, "2");
  EXPECT_EQ(model.task(1)->result, "4");
}

TEST_F(WindowRunTest, SpaceRunsTheCompareViewIntoThreePanels) {
  MainWindow window;
  window.show();
  auto* panel = window.controlPanel();
  QAction* slowFirst = actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_4));
  ASSERT_NE(slowFirst, nullptr);
  panel->setCompareAll(true);
  slowFirst->trigger();
  EXPECT_TRUE(panel->compareAll()) << "a preset keeps the compare view";
  ASSERT_EQ(panel->tasks()->count(), 6);
  // slow-first in miniature: the first task twice as long as the others.
  setSeconds(*panel->tasks(), {0.2, 0.1, 0.1, 0.1, 0.1, 0.1});

  QAction* run = actionWithShortcut(window, QKeySequence(Qt::Key_Space));
  ASSERT_EQ(run, window.runAction());
  run->trigger();
  ASSERT_TRUE(window.isRunning());
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 15'000));
  EXPECT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();

  const auto models = window.shownModels();
  ASSERT_EQ(models.size(), 3u);
  EXPECT_EQ(models[0]->run().mode, Mode::map);
  EXPECT_EQ(models[1]->run().mode, Mode::imap);
  EXPECT_EQ(models[2]->run().mode, Mode::imap_unordered);
  for (const RunModel* m : models) {
    EXPECT_EQ(m->emissionOrder().size(), 6u);
    EXPECT_EQ(m->rows().size(), 3u);
  }
  // imap keeps input order, so task 1 (done at 0.1 s) waits for the slow task 0 (done at 0.2 s);
  // imap_unordered hands tasks 1 and 2 over first, as soon as they are done.
  EXPECT_EQ(models[1]->emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_NEAR(emittedAt(*models[1], 1), 0.2, 0.08);
  const auto& unordered = models[2]->emissionOrder();
  EXPECT_EQ((std::set<std::uint64_t>{unordered[0], unordered[1]}), (std::set<std::uint64_t>{1, 2}));
  EXPECT_NEAR(emittedAt(*models[2], 1), 0.1, 0.08);
  EXPECT_EQ(window.chartArea()->models().size(), 3u);
}

TEST_F(WindowRunTest, StopMidRunTerminatesTheWorkersAndKeepsTheWindowUsable) {
  MainWindow window;
  window.show();
  auto* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::map));
  panel->tasks()->setTasks({1, 2, 3}, {5.0, 5.0, 5.0});
  panel->runButton()->click();
  ASSERT_EQ(window.shownModels().size(), 1u);
  const RunModel& model = *window.shownModels()[0];
  ASSERT_TRUE(waitUntil([&] { return model.running().size() == 3; }, 5'000));
  const std::set<int> pids = poolscope_test::workerPids(model);

  panel->stopButton()->click();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 2'000));
  EXPECT_TRUE(panel->runButton()->isEnabled());
  for (int pid : pids) EXPECT_TRUE(waitUntil([pid] { return poolscope_test::processGone(pid); }, 3'000)) << pid;
  EXPECT_TRUE(waitUntil([] { return poolscope_test::forkServerChildren().empty(); }, 3'000));

  // And it runs again afterwards.
  panel->tasks()->setTasks({1}, {0.1});
  panel->runButton()->click();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  ASSERT_EQ(window.shownModels().size(), 1u);
  EXPECT_EQ(window.shownModels()[0]->emissionOrder().size(), 1u);
}

TEST_F(WindowRunTest, ClosingTheWindowMidRunTerminatesTheWorkers) {
  std::set<int> pids;
  {
    MainWindow window;
    window.show();
    auto* panel = window.controlPanel();
    panel->setCompareAll(true);
    panel->tasks()->setTasks({1, 2}, {5.0, 5.0});
    panel->runButton()->click();
    const RunModel& model = *window.shownModels()[0];
    ASSERT_TRUE(waitUntil([&] { return model.running().size() == 2; }, 5'000));
    pids = poolscope_test::workerPids(model);
    const auto asked = std::chrono::steady_clock::now();
    EXPECT_TRUE(window.close());
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(1));
    EXPECT_FALSE(window.isRunning());
  }
  ASSERT_EQ(pids.size(), 2u);
  for (int pid : pids) EXPECT_TRUE(waitUntil([pid] { return poolscope_test::processGone(pid); }, 3'000)) << pid;
  EXPECT_TRUE(waitUntil([] { return poolscope_test::forkServerChildren().empty(); }, 3'000));
}

TEST_F(WindowRunTest, SliderExtremesRunSafely) {
  MainWindow window;
  window.show();
  auto* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::imap));
  panel->workersBox()->setValue(99);
  EXPECT_EQ(panel->workersBox()->value(), 16);
  panel->tasks()->setTasks({1}, {0.0});
  while (panel->tasks()->addTask()) {}
  EXPECT_EQ(panel->tasks()->count(), 100);
  EXPECT_FALSE(panel->tasks()->addTask());
  panel->tasks()->durationSlider(99)->setValue(1000);  // past the end: the slider stops at 10 s
  EXPECT_DOUBLE_EQ(panel->tasks()->durationBox(99)->value(), 10.0);
  panel->tasks()->durationSlider(99)->setValue(0);

  panel->runButton()->click();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 15'000));
  EXPECT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  const RunModel& model = *window.shownModels()[0];
  ASSERT_EQ(model.emissionOrder().size(), 100u);
  for (std::uint64_t i = 0; i < 100; ++i) EXPECT_EQ(model.emissionOrder()[i], i);
  EXPECT_LE(model.rows().size(), 16u);
}

}  // namespace
