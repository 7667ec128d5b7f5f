// Max tasks per child from the window: the control carries into the run and the settings, and the preset
// shows what a lecturer points at: one Worker-N row, a new pid after every N tasks, named on the chart.
#include <gtest/gtest.h>

#include <set>

#include <QPushButton>
#include <QSlider>
#include <QSpinBox>

#include "app/window_test_support.hpp"
#include "chart/chart_area.hpp"
#include "chart/chart_scene.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/task_list_editor.hpp"

namespace {

using poolscope::chart::RunModel;
using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

class WindowWorkerLifetimeTest : public poolscope_test::GuiTest {};

TEST_F(WindowWorkerLifetimeTest, ThePresetReplacesEachWorkerAndTheChartNamesEveryPid) {
  MainWindow window;
  window.resize(1280, 720);
  window.show();
  auto* panel = window.controlPanel();
  window.applyPreset(QStringLiteral("maxtasksperchild"));
  EXPECT_EQ(panel->presetName(), QStringLiteral("maxtasksperchild"));
  EXPECT_FALSE(panel->compareAll());
  EXPECT_EQ(panel->maxTasksPerChildBox()->value(), 2);
  EXPECT_EQ(panel->scenario().maxtasksperchild, 2);
  for (int i = 0; i < panel->tasks()->count(); ++i) panel->tasks()->durationSlider(i)->setValue(1);  // 0.1 s
  EXPECT_EQ(panel->scenario().maxtasksperchild, 2) << "shorter tasks keep the worker lifetime";

  panel->runButton()->click();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 15'000));
  EXPECT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  ASSERT_EQ(window.shownModels().size(), 1u);
  const RunModel& model = *window.shownModels()[0];
  ASSERT_EQ(model.rows().size(), 2u);
  auto* scene = window.chartArea()->scene();
  for (int row = 0; row < 2; ++row) {
    std::set<int> pids;
    for (std::uint64_t index : model.rowTasks(row)) pids.insert(model.task(index)->pid);
    // 8 tasks on 2 workers, each process runs 2: every row had at least two processes.
    EXPECT_GE(pids.size(), 2u) << "row " << row;
    // The row's longest label names every process that ran its tasks (the pool may also have started one more
    // replacement that never got a task before it closed, as CPython's does).
    const QString label = model.rows()[static_cast<std::size_t>(row)].labelForms().front();
    for (int pid : pids) EXPECT_TRUE(label.contains(QString::number(pid))) << label.toStdString();
    EXPECT_TRUE(label.contains(QStringLiteral(" → "))) << label.toStdString();
    for (std::uint64_t index : model.rowTasks(row)) {
      const QRectF bar = scene->barRect(0, index);
      ASSERT_FALSE(bar.isEmpty());
      const QString tip = scene->tooltipAt(bar.center());
      EXPECT_TRUE(tip.contains(QStringLiteral("(pid %1)").arg(model.task(index)->pid))) << tip.toStdString();
    }
  }
}

TEST_F(WindowWorkerLifetimeTest, NoneIsPythonsDefaultAndTheValueIsRemembered) {
  {
    MainWindow window;
    auto* panel = window.controlPanel();
    panel->maxTasksPerChildBox()->setValue(0);
    EXPECT_FALSE(panel->scenario().maxtasksperchild.has_value());
    EXPECT_EQ(panel->maxTasksPerChildBox()->text(), QStringLiteral("none"));
    panel->maxTasksPerChildBox()->setValue(3);
    EXPECT_EQ(panel->presetName(), QString()) << "editing it makes the scenario custom";
    window.close();
  }
  MainWindow again;
  EXPECT_EQ(again.controlPanel()->scenario().maxtasksperchild, 3);
  EXPECT_EQ(again.controlPanel()->maxTasksPerChildBox()->value(), 3);
}

}  // namespace
