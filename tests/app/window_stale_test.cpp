// A chart that no longer matches the settings says so, and a preset shows the view it was made for: the
// notebook's In[12] is about map alone, slow-first about the difference between the three modes.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QSlider>
#include <QSpinBox>

#include "app/window_test_support.hpp"
#include "chart/chart_area.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/task_list_editor.hpp"

namespace {

using poolscope::Mode;
using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

class WindowStaleTest : public poolscope_test::GuiTest {};

TEST_F(WindowStaleTest, ChangedSettingsDimTheFinishedRunUntilTheNextRun) {
  MainWindow window;
  window.show();
  auto* panel = window.controlPanel();
  window.applyPreset(QStringLiteral("in14-imap"));
  for (int i = 0; i < panel->tasks()->count(); ++i) panel->tasks()->durationSlider(i)->setValue(1);  // 0.1 s
  EXPECT_TRUE(window.chartArea()->staleNote().isEmpty()) << "nothing ran yet: nothing is stale";

  window.run();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  ASSERT_TRUE(window.lastError().isEmpty()) << window.lastError().toStdString();
  EXPECT_TRUE(window.chartArea()->staleNote().isEmpty());

  panel->workersBox()->setValue(2);
  EXPECT_TRUE(window.chartArea()->staleNote().contains(QStringLiteral("Space")))
      << window.chartArea()->staleNote().toStdString();

  window.run();
  EXPECT_TRUE(window.chartArea()->staleNote().isEmpty()) << "a new run is what the settings say";
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  EXPECT_TRUE(window.chartArea()->staleNote().isEmpty());
}

TEST_F(WindowStaleTest, APresetShowsItsOwnModeOrTheComparison) {
  MainWindow window;
  auto* panel = window.controlPanel();
  panel->setCompareAll(true);
  window.applyPreset(QStringLiteral("in12-map"));
  EXPECT_FALSE(panel->compareAll()) << "In[12] is the map example: one panel, not three";
  EXPECT_EQ(panel->modeBox()->currentText(), QStringLiteral("map"));
  window.applyPreset(QStringLiteral("in15-imap-unordered"));
  EXPECT_FALSE(panel->compareAll());
  EXPECT_EQ(panel->modeBox()->currentText(), QStringLiteral("imap_unordered"));
  window.applyPreset(QStringLiteral("slow-first"));
  EXPECT_TRUE(panel->compareAll()) << "slow-first is about the difference between the modes";
}

}  // namespace
