// The Lesson view runs a cell as a child `poolscope lesson run`, shows its output as printed and draws
// one timeline row per process; its texts follow the interface language.
#include "lesson/lesson_view.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QPushButton>

#include "app/qt_app.hpp"
#include "i18n/translations.hpp"
#include "lesson/lesson_event.hpp"
#include "lesson/lesson_timeline.hpp"

namespace {

using poolscope::lesson::LessonTimeline;
using poolscope::lesson::LessonView;

bool wait_for(const std::function<bool()>& done, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

// Set POOLSCOPE_LESSON_PNG=/some/dir to keep screenshots of the view for a look by eye.
void keepScreenshot(QWidget& w, const QString& name) {
  const QString dir = qEnvironmentVariable("POOLSCOPE_LESSON_PNG");
  if (!dir.isEmpty()) w.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

struct Shown {
  bool appReady = (poolscope_test::qtApp(), true);  // before any widget
  LessonView view;
  Shown() {
    view.setProgram(QStringLiteral(POOLSCOPE_BINARY));
    view.resize(1600, 1000);
    view.show();
    QCoreApplication::processEvents();
  }
  bool run(const QString& id) {
    view.selectLesson(id);
    view.setFast(true);
    int exitCode = -100;
    const auto connection = QObject::connect(&view, &LessonView::runFinished, [&](int code) { exitCode = code; });
    view.run();
    const bool done = wait_for([&] { return exitCode != -100; }, 20000);
    QObject::disconnect(connection);
    return done && exitCode == 0;
  }
};

std::set<QString> rowNames(const LessonTimeline& t) {
  std::set<QString> names;
  for (const auto& r : t.rows()) names.insert(r.name);
  return names;
}

TEST(LessonView, In9ShowsTheArrayBeforeAndAfter) {
  Shown s;
  ASSERT_TRUE(s.run(QStringLiteral("in9")));
  EXPECT_EQ(s.view.outputText(), QStringLiteral("[5.0, 10.0, 15.0, 20.0, 25.0]\n[10.0, 20.0, 30.0, 40.0, 50.0]"));
  const auto& rows = s.view.timeline()->rows();
  ASSERT_EQ(rows.size(), 2u);  // the main process and the one child
  EXPECT_EQ(rows[1].name.left(8), QStringLiteral("Process-"));
  EXPECT_GT(rows[1].pid, 0);
  EXPECT_GE(rows[1].end, rows[1].start);
  EXPECT_EQ(rows[1].exitcode, 0);
  keepScreenshot(s.view, QStringLiteral("lesson-in9"));
}

TEST(LessonView, In4DrawsOneRowPerProcessByName) {
  Shown s;
  ASSERT_TRUE(s.run(QStringLiteral("in4")));
  const std::set<QString> expected = {QStringLiteral("MainProcess"), QStringLiteral("Process-1"),
                                      QStringLiteral("Process-2"),   QStringLiteral("Process-3"),
                                      QStringLiteral("Process-4"),   QStringLiteral("Process-5"),
                                      QStringLiteral("Test")};
  EXPECT_EQ(rowNames(*s.view.timeline()), expected);
  EXPECT_TRUE(s.view.outputText().contains(QStringLiteral("2 doubled to 4 by: Test")));
  keepScreenshot(s.view, QStringLiteral("lesson-in4"));
}

TEST(LessonView, In14DrawsTasksInWorkerRowsAndTheResultsReachingTheCaller) {
  Shown s;
  ASSERT_TRUE(s.run(QStringLiteral("in14")));
  int tasks = 0;
  for (const auto& r : s.view.timeline()->rows()) {
    if (!r.worker) continue;
    EXPECT_TRUE(r.name.startsWith(QStringLiteral("Worker-")));
    for (const auto& t : r.tasks) {
      EXPECT_GE(t.finish, t.start);
      ++tasks;
    }
  }
  EXPECT_EQ(tasks, 3);
  EXPECT_EQ(s.view.timeline()->emits().size(), 3u);
  EXPECT_EQ(s.view.outputText().count(QLatin1Char('\n')), 2);  // three lines
  keepScreenshot(s.view, QStringLiteral("lesson-in14"));
}

TEST(LessonView, StopEndsARunningCell) {
  Shown s;
  s.view.selectLesson(QStringLiteral("in12"));
  s.view.setFast(false);  // 3 s of sleep: long enough to stop half-way
  s.view.run();
  ASSERT_TRUE(s.view.isRunning());
  ASSERT_TRUE(wait_for([&] { return s.view.timeline()->rows().size() > 1; }, 5000));
  s.view.stop();
  EXPECT_FALSE(s.view.isRunning());
  EXPECT_FALSE(s.view.outputText().contains(QStringLiteral(" at ")));
}

TEST(LessonView, FollowsTheInterfaceLanguage) {
  Shown s;
  s.view.selectLesson(QStringLiteral("in5"));
  const QString english = s.view.titleText();
  EXPECT_TRUE(english.contains(QStringLiteral("global dict"))) << english.toStdString();
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("ru")));
  QCoreApplication::processEvents();
  EXPECT_TRUE(s.view.titleText().contains(QStringLiteral("глобальный словарь"))) << s.view.titleText().toStdString();
  auto* run = s.view.findChild<QPushButton*>(QStringLiteral("lessonRun"));
  ASSERT_NE(run, nullptr);
  EXPECT_FALSE(run->text().contains(QStringLiteral("Run")));
  keepScreenshot(s.view, QStringLiteral("lesson-in5-ru"));
  ASSERT_TRUE(poolscope::i18n::setLanguage(QStringLiteral("en")));
  QCoreApplication::processEvents();
  EXPECT_EQ(s.view.titleText(), english);
  EXPECT_TRUE(run->text().contains(QStringLiteral("Run")));
}

TEST(LessonEvent, ParsesTheEventLines) {
  const auto e = poolscope::lesson::parseLessonEvent(
      QStringLiteral(R"(@event {"kind":"exited","pid":42,"name":"Test","t":0.5,"exitcode":-9})"));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, poolscope::lesson::LessonEvent::Kind::exited);
  EXPECT_EQ(e->pid, 42);
  EXPECT_EQ(e->name, QStringLiteral("Test"));
  EXPECT_DOUBLE_EQ(e->t, 0.5);
  EXPECT_EQ(e->exitcode, -9);
  EXPECT_FALSE(poolscope::lesson::parseLessonEvent(QStringLiteral("5 doubled to 10")).has_value());
  EXPECT_FALSE(poolscope::lesson::parseLessonEvent(QStringLiteral(R"(@event {"kind":"nope"})")).has_value());
}

}  // namespace
