// What the window remembers between launches: the scenario, compare view, theme; and the Space key reaching
// Run / Stop even while a number box has the focus.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QSpinBox>

#include "app/window_test_support.hpp"
#include "chart/chart_area.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/preset_library.hpp"
#include "gui/task_list_editor.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using poolscope::Mode;
using poolscope::gui::MainWindow;

class WindowSettingsTest : public poolscope_test::GuiTest {};

TEST_F(WindowSettingsTest, TheLastScenarioAndThemeComeBackAtTheNextLaunch) {
  {
    MainWindow window;
    window.show();
    auto* panel = window.controlPanel();
    panel->setCompareAll(false);
    panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::imap_unordered));
    panel->workersBox()->setValue(5);
    panel->chunksizeBox()->setValue(2);
    panel->tasks()->setTasks({7, 8}, {0.4, 1.3});
    window.setTheme(poolscope::chart::ThemeKind::dark, true);
    window.close();
  }
  MainWindow again;
  auto* panel = again.controlPanel();
  EXPECT_FALSE(panel->compareAll());
  const poolscope::Scenario s = panel->scenario();
  EXPECT_EQ(s.mode, Mode::imap_unordered);
  EXPECT_EQ(s.workers, 5);
  EXPECT_EQ(s.chunksize, 2);
  EXPECT_EQ(s.inputs, (std::vector<std::int64_t>{7, 8}));
  ASSERT_EQ(s.durations.size(), 2u);
  EXPECT_NEAR(s.durations[1], 1.3, 1e-9);
  EXPECT_EQ(again.chartArea()->theme().kind, poolscope::chart::ThemeKind::dark);
  EXPECT_TRUE(again.chartArea()->theme().presenter);
}

TEST_F(WindowSettingsTest, TheFirstLaunchShowsSlowFirstInTheCompareView) {
  MainWindow window;
  EXPECT_TRUE(window.controlPanel()->compareAll());
  EXPECT_EQ(window.controlPanel()->presetName(), QStringLiteral("slow-first"));
  EXPECT_EQ(window.shownModels().size(), 3u);
}

TEST_F(WindowSettingsTest, MapsDefaultChunksizeShowsAsAuto) {
  MainWindow window;
  window.applyPreset(QStringLiteral("in12-map"));
  EXPECT_EQ(window.controlPanel()->scenario().chunksize, 0);
  EXPECT_EQ(window.controlPanel()->chunksizeBox()->text(), QStringLiteral("auto"));
  EXPECT_EQ(window.controlPanel()->tasks()->inputs(), (std::vector<std::int64_t>{5, 10, 20}));
}

TEST_F(WindowSettingsTest, PresetsAreTheNotebookExamplesInOrderThenRandom) {
  const QStringList names = poolscope::gui::PresetLibrary::names();
  ASSERT_GE(names.size(), 5);
  EXPECT_EQ(names.mid(0, 4), (QStringList{"in12-map", "in14-imap", "in15-imap-unordered", "slow-first"}));
  EXPECT_EQ(names.back(), QStringLiteral("random"));
  for (const QString& name : names) {
    const poolscope::Scenario s = poolscope::gui::PresetLibrary::load(name);
    EXPECT_NO_THROW(poolscope::validate(s)) << name.toStdString();
    EXPECT_GE(s.size(), 3u);
  }
  EXPECT_EQ(poolscope::gui::PresetLibrary::load("in12-map").inputs, (std::vector<std::int64_t>{5, 10, 20}));
  EXPECT_THROW(poolscope::gui::PresetLibrary::load("no-such-preset"), poolscope::InputError);
}

TEST_F(WindowSettingsTest, SpaceInANumberBoxStillReachesRunStop) {
  MainWindow window;
  window.show();
  QSpinBox* box = window.controlPanel()->tasks()->inputBox(0);
  ASSERT_NE(box, nullptr);
  QKeyEvent override(QEvent::ShortcutOverride, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "));
  QApplication::sendEvent(box, &override);
  EXPECT_FALSE(override.isAccepted()) << "the spin box must not keep Space from the shortcut";
}

}  // namespace

namespace {

QAction* boundTo(const MainWindow& window, const QKeySequence& keys) {
  for (QAction* a : window.findChildren<QAction*>()) {
    if (a->shortcut() == keys && a->isEnabled()) return a;
  }
  return nullptr;
}

TEST_F(WindowSettingsTest, TheLectureHotKeysAreBound) {
  MainWindow window;
  window.show();
  EXPECT_EQ(boundTo(window, QKeySequence(Qt::Key_Space)), window.runAction());
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(boundTo(window, QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i))), nullptr)
        << "Ctrl+" << i + 1;
  }
  EXPECT_NE(boundTo(window, QKeySequence(Qt::Key_F11)), nullptr);
  EXPECT_NE(boundTo(window, QKeySequence(Qt::CTRL | Qt::Key_O)), nullptr);
  // Export needs something drawn: enabled once a run has finished.
  window.controlPanel()->setCompareAll(false);
  window.controlPanel()->tasks()->setTasks({1}, {0.1});
  window.run();
  ASSERT_TRUE(poolscope_test::waitUntil([&] { return !window.isRunning(); }, 10'000));
  QAction* exportPng = boundTo(window, QKeySequence(Qt::CTRL | Qt::Key_E));
  ASSERT_NE(exportPng, nullptr);
  EXPECT_TRUE(exportPng->text().contains(QStringLiteral("PNG")));

  QAction* fullScreen = boundTo(window, QKeySequence(Qt::Key_F11));
  fullScreen->trigger();
  EXPECT_TRUE(window.isFullScreen());
  fullScreen->trigger();
  EXPECT_FALSE(window.isFullScreen());
}

}  // namespace
