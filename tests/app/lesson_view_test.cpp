// The Lesson view runs a cell as a child `poolscope lesson run`, shows its output as printed and draws
// one timeline row per process; its texts follow the interface language.
#include "lesson/lesson_view.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStringList>
#include <QTabWidget>

#include "app/qt_app.hpp"
#include "i18n/translations.hpp"
#include "lesson/lesson_event.hpp"
#include "lesson/lesson_timeline.hpp"
#include "poolscope/lessons/lessons.hpp"

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
  explicit Shown(QSize size = {1600, 1000}) {
    view.setProgram(QStringLiteral(POOLSCOPE_BINARY));
    view.resize(size);
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
  ASSERT_EQ(rows.size(), 6u);  // the main process and one child per element
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].name.left(8), QStringLiteral("Process-"));
    EXPECT_GT(rows[i].pid, 0);
    EXPECT_GE(rows[i].end, rows[i].start);
    EXPECT_EQ(rows[i].exitcode, 0);
  }
  keepScreenshot(s.view, QStringLiteral("lesson-in9"));
}

TEST(LessonView, In4DrawsOneRowPerProcessByName) {
  Shown s;
  ASSERT_TRUE(s.run(QStringLiteral("in4")));
  // The notebook's names: In[2] created five Process objects, In[4] one it never starts.
  const std::set<QString> expected = {QStringLiteral("MainProcess"), QStringLiteral("Process-7"),
                                      QStringLiteral("Process-8"),   QStringLiteral("Process-9"),
                                      QStringLiteral("Process-10"),  QStringLiteral("Process-11"),
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
  // Three `item time.ctime()` lines, then %%time's CPU times and wall time.
  const QStringList lines = s.view.outputText().split(QLatin1Char('\n'));
  ASSERT_EQ(lines.size(), 5) << s.view.outputText().toStdString();
  EXPECT_TRUE(lines[0].startsWith(QStringLiteral("2 ")));
  EXPECT_TRUE(lines[3].startsWith(QStringLiteral("CPU times: user ")));
  EXPECT_TRUE(lines[4].startsWith(QStringLiteral("Wall time: ")));
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
  EXPECT_TRUE(s.view.outputText().isEmpty()) << s.view.outputText().toStdString();  // map: nothing before 3 s
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

// What the Lessons tab gets of a 1280x720 projector (menu and tab bars taken off), and of a 1920x1080 screen.
const QSize kProjector(1280, 650);
const QSize kLarge(1920, 1010);

QPlainTextEdit* pane(LessonView& view, const char* name) {
  return view.findChild<QPlainTextEdit*>(QString::fromLatin1(name));
}

TEST(LessonView, OutputIsWideEnoughForEveryLineTheCellPrints) {
  Shown s(kProjector);
  for (const char* cell : {"in7", "in2", "in14"}) {  // the pid dict, the pids, %%time's CPU times
    ASSERT_TRUE(s.run(QString::fromLatin1(cell))) << cell;
    QCoreApplication::processEvents();
    QPlainTextEdit* output = pane(s.view, "lessonOutput");
    ASSERT_NE(output, nullptr);
    const QFontMetrics fm(output->font());
    for (const QString& line : s.view.outputText().split(QLatin1Char('\n'))) {
      EXPECT_LE(fm.horizontalAdvance(line), output->viewport()->width()) << cell << ": " << line.toStdString();
    }
    EXPECT_EQ(output->horizontalScrollBar()->maximum(), 0) << cell;
  }
  keepScreenshot(s.view, QStringLiteral("lesson-1280-in14"));
}

TEST(LessonView, CodePanesShowTheWholeCellAsTheScreenAllows) {
  Shown small(kProjector);
  Shown large(kLarge);
  for (const auto& lesson : poolscope::all_lessons()) {
    const QString id = QString::fromLatin1(lesson.id.data(), static_cast<qsizetype>(lesson.id.size()));
    small.view.selectLesson(id);
    large.view.selectLesson(id);
    QCoreApplication::processEvents();
    // On a projector the notebook's Python shows whole and the code takes most of the height.
    QPlainTextEdit* python = pane(small.view, "lessonPython");
    EXPECT_EQ(python->verticalScrollBar()->maximum(), 0) << lesson.id;
    EXPECT_EQ(python->horizontalScrollBar()->maximum(), 0) << lesson.id;
    EXPECT_GT(python->height(), small.view.height() / 2) << lesson.id;
    // On a large screen the C++ shows whole too.
    for (const char* name : {"lessonPython", "lessonCpp"}) {
      EXPECT_EQ(pane(large.view, name)->verticalScrollBar()->maximum(), 0) << lesson.id << " " << name;
      EXPECT_EQ(pane(large.view, name)->horizontalScrollBar()->maximum(), 0) << lesson.id << " " << name;
    }
  }
}

TEST(LessonView, SwitchingCellsClearsTheOutputAndTheTimeline) {
  Shown s;
  ASSERT_TRUE(s.run(QStringLiteral("in9")));
  ASSERT_FALSE(s.view.outputText().isEmpty());
  ASSERT_GT(s.view.timeline()->rows().size(), 1u);
  s.view.selectLesson(QStringLiteral("in2"));
  QCoreApplication::processEvents();
  EXPECT_TRUE(s.view.outputText().isEmpty()) << s.view.outputText().toStdString();
  EXPECT_EQ(s.view.timeline()->rows().size(), 1u);  // only the cell's own process, not yet started
  EXPECT_TRUE(s.view.timeline()->emits().empty());
  auto* status = s.view.findChild<QLabel*>(QStringLiteral("lessonStatus"));
  ASSERT_NE(status, nullptr);
  EXPECT_TRUE(status->text().isEmpty()) << status->text().toStdString();  // no "Finished" of the other cell
}

TEST(LessonView, RunStaysInOnePlaceWhateverTheCell) {
  Shown s(kProjector);
  auto* run = s.view.findChild<QPushButton*>(QStringLiteral("lessonRun"));
  ASSERT_NE(run, nullptr);
  const QPoint first = run->mapTo(&s.view, QPoint(0, 0));
  for (const auto& lesson : poolscope::all_lessons()) {
    s.view.selectLesson(QString::fromLatin1(lesson.id.data(), static_cast<qsizetype>(lesson.id.size())));
    QCoreApplication::processEvents();
    EXPECT_EQ(run->mapTo(&s.view, QPoint(0, 0)), first) << lesson.id;
  }
  ASSERT_TRUE(s.run(QStringLiteral("in15")));  // and after a run, with its status shown
  QCoreApplication::processEvents();
  EXPECT_EQ(run->mapTo(&s.view, QPoint(0, 0)), first);
}

TEST(LessonView, OpenInChartOnThePoolCellsLoadsTheirPreset) {
  Shown s;
  auto* open = s.view.findChild<QPushButton*>(QStringLiteral("lessonOpenInChart"));
  ASSERT_NE(open, nullptr);
  QStringList requested;
  QObject::connect(&s.view, &LessonView::openInChartRequested, [&](const QString& preset) { requested << preset; });
  const std::vector<std::pair<QString, QString>> expected = {
      {"in2", ""},          {"in4", ""},           {"in5", ""},
      {"in7", ""},          {"in9", ""},           {"in11", "in12-map"},
      {"in12", "in12-map"}, {"in14", "in14-imap"}, {"in15", "in15-imap-unordered"}};
  for (const auto& [cell, preset] : expected) {
    s.view.selectLesson(cell);
    QCoreApplication::processEvents();
    EXPECT_EQ(open->isVisible(), !preset.isEmpty()) << cell.toStdString();
    if (preset.isEmpty()) continue;
    open->click();
    ASSERT_FALSE(requested.isEmpty()) << cell.toStdString();
    EXPECT_EQ(requested.takeLast(), preset);
  }
}

// The notebook's cell comes first and under the notebook's name; the runnable script is a second tab of ours.
TEST(LessonView, TheScriptIsASecondTabNotUnderTheNotebooksName) {
  Shown s;
  auto* tabs = s.view.findChild<QTabWidget*>(QStringLiteral("lessonPythonTabs"));
  ASSERT_NE(tabs, nullptr);
  ASSERT_EQ(tabs->count(), 2);
  EXPECT_EQ(tabs->widget(0), pane(s.view, "lessonPython"));
  EXPECT_EQ(tabs->widget(1), pane(s.view, "lessonScript"));
  EXPECT_TRUE(tabs->tabText(0).contains(QStringLiteral("notebook")));
  EXPECT_FALSE(tabs->tabText(1).contains(QStringLiteral("notebook")));
  s.view.selectLesson(QStringLiteral("in5"));
  EXPECT_TRUE(pane(s.view, "lessonScript")->toPlainText().contains(QStringLiteral("if __name__ == '__main__':")));
  EXPECT_FALSE(pane(s.view, "lessonPython")->toPlainText().contains(QStringLiteral("__main__")));
  tabs->setCurrentIndex(1);
  s.view.selectLesson(QStringLiteral("in7"));  // another cell opens on the notebook's code again
  EXPECT_EQ(tabs->currentIndex(), 0);
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
