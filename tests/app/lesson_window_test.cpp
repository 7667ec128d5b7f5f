// The Lessons page inside the main window: reachable as a tab, runs a cell, and follows the Language menu.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>

#include "app/qt_app.hpp"
#include "app/window_test_support.hpp"
#include "chart/chart_theme.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "i18n/translations.hpp"
#include "lesson/lesson_timeline.hpp"
#include "lesson/lesson_view.hpp"

namespace {

using poolscope::lesson::LessonView;

class LessonWindow : public poolscope_test::GuiTest {};

TEST_F(LessonWindow, LessonsTabRunsACellAndFollowsTheLanguageMenu) {
  poolscope::gui::MainWindow window;
  window.resize(1920, 1080);
  window.show();
  QCoreApplication::processEvents();

  auto* view = window.findChild<LessonView*>();
  ASSERT_NE(view, nullptr) << "the main window has no Lessons page";
  auto* tabs = window.findChild<QTabWidget*>();
  ASSERT_NE(tabs, nullptr);
  const int page = tabs->indexOf(view);
  ASSERT_GE(page, 0);
  tabs->setCurrentIndex(page);
  view->setProgram(QStringLiteral(POOLSCOPE_BINARY));
  view->selectLesson(QStringLiteral("in15"));
  view->setFast(true);
  int exitCode = -100;
  QObject::connect(view, &LessonView::runFinished, [&](int code) { exitCode = code; });
  view->run();
  ASSERT_TRUE(poolscope_test::waitUntil([&] { return exitCode != -100; }, 20000));
  EXPECT_EQ(exitCode, 0);
  const QStringList lines = view->outputText().split(QLatin1Char('\n'));
  ASSERT_EQ(lines.size(), 5) << view->outputText().toStdString();
  EXPECT_TRUE(lines[0].startsWith(QStringLiteral("6 ")));  // imap_unordered: the quickest first
  EXPECT_TRUE(lines[1].startsWith(QStringLiteral("4 ")));
  EXPECT_TRUE(lines[2].startsWith(QStringLiteral("2 ")));
  EXPECT_TRUE(lines[4].startsWith(QStringLiteral("Wall time: ")));

  QAction* russian = window.findChild<QAction*>(QStringLiteral("language_ru"));
  ASSERT_NE(russian, nullptr) << "the main window has no Language menu";
  russian->trigger();
  QCoreApplication::processEvents();
  EXPECT_EQ(tabs->tabText(page), QCoreApplication::translate("poolscope::gui::MainWindow", "Lessons"));
  EXPECT_TRUE(view->titleText().contains(QStringLiteral("сразу по готовности"))) << view->titleText().toStdString();
  const QString dir = qEnvironmentVariable("POOLSCOPE_LESSON_PNG");
  if (!dir.isEmpty()) window.grab().save(QDir(dir).filePath(QStringLiteral("window-lessons-ru.png")));
  window.findChild<QAction*>(QStringLiteral("language_en"))->trigger();
  QCoreApplication::processEvents();
  EXPECT_EQ(poolscope::i18n::currentLanguage(), QStringLiteral("en"));
  if (!dir.isEmpty()) window.grab().save(QDir(dir).filePath(QStringLiteral("window-lessons-en.png")));

  // The dark theme reaches the lesson page too: its panes follow the window palette.
  window.setTheme(poolscope::chart::ThemeKind::dark, false);
  QCoreApplication::processEvents();
  auto* timeline = view->timeline();
  EXPECT_LT(timeline->palette().color(QPalette::Base).lightness(), 128);
  if (!dir.isEmpty()) window.grab().save(QDir(dir).filePath(QStringLiteral("window-lessons-dark.png")));
  window.setTheme(poolscope::chart::ThemeKind::light, false);
}

// The pool's control panel does nothing for a lesson: it makes room on the Lessons tab and comes back on the
// Chart tab; a pool cell's "Open in Chart" shows its example there, ready to run.
TEST_F(LessonWindow, LessonsTabHidesThePanelAndOpenInChartLoadsThePreset) {
  poolscope::gui::MainWindow window;
  window.resize(1280, 720);
  window.show();
  QCoreApplication::processEvents();
  auto* tabs = window.tabs();
  auto* view = window.lessonView();
  auto* panel = window.controlPanel();
  ASSERT_TRUE(panel->isVisible());
  panel->setCompareAll(true);
  tabs->setCurrentWidget(view);
  QCoreApplication::processEvents();
  EXPECT_FALSE(panel->isVisible());
  EXPECT_GT(view->width(), 1200);  // the whole width of the window goes to the lesson

  view->selectLesson(QStringLiteral("in14"));
  auto* open = view->findChild<QPushButton*>(QStringLiteral("lessonOpenInChart"));
  ASSERT_NE(open, nullptr);
  open->click();
  QCoreApplication::processEvents();
  EXPECT_EQ(tabs->currentIndex(), 0);
  EXPECT_TRUE(panel->isVisible());
  EXPECT_EQ(panel->presetName(), QStringLiteral("in14-imap"));
  EXPECT_EQ(panel->scenario().inputs, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(panel->scenario().mode, poolscope::Mode::imap);
  EXPECT_FALSE(panel->compareAll());  // the cell's own mode, not the compare view
}

}  // namespace
