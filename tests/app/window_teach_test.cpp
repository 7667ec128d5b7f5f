// The teaching parts of the window: the Python pane shows exactly what `poolscope python` prints for the same
// settings, the failing task chosen in the task list (raise / crash) is the one that fails in the run, a typed
// duration is the one that runs, and Space on the Memory tab measures memory instead of starting the chart's run.
#include <gtest/gtest.h>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QProcess>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>

#include "gui/control_panel.hpp"
#include "gui/first_run_hint.hpp"
#include "gui/legend_bar.hpp"
#include "gui/main_window.hpp"
#include "gui/python_pane.hpp"
#include "gui/run_controller.hpp"
#include "gui/task_list_editor.hpp"
#include "memory/memory_view.hpp"
#include "window_test_support.hpp"

using namespace poolscope;
using namespace poolscope::gui;
using poolscope_test::waitUntil;

namespace {

class WindowTeachTest : public poolscope_test::GuiTest {};

QAction* actionWithShortcut(const MainWindow& window, const QKeySequence& keys) {
  for (QAction* a : window.findChildren<QAction*>()) {
    if (a->shortcut() == keys) return a;
  }
  return nullptr;
}

// What `poolscope python` prints for the command line the pane names.
QString cliProgram(const QString& command) {
  QStringList args = command.split(QLatin1Char(' '));
  EXPECT_GE(args.size(), 2);
  if (args.size() < 2) return {};
  args.removeFirst();  // "poolscope"
  QProcess cli;
  cli.start(QStringLiteral(POOLSCOPE_BINARY), args);
  EXPECT_TRUE(cli.waitForFinished(30'000));
  EXPECT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();
  return QString::fromUtf8(cli.readAllStandardOutput());
}

void selectWorkload(ControlPanel& panel, const char* name) {
  const int index = panel.workloadBox()->findData(QString::fromLatin1(name));
  ASSERT_GE(index, 0) << name;
  panel.workloadBox()->setCurrentIndex(index);
}

}  // namespace

TEST_F(WindowTeachTest, PythonPaneShowsWhatPoolscopePythonPrintsAndFollowsTheSettings) {
  MainWindow window;
  window.show();
  PythonPane* pane = window.pythonPane();
  ASSERT_NE(pane, nullptr);
  EXPECT_FALSE(pane->isVisible());
  QAction* toggle = actionWithShortcut(window, QKeySequence(Qt::Key_F6));
  ASSERT_NE(toggle, nullptr);
  toggle->trigger();
  ASSERT_TRUE(pane->isVisible());

  window.applyPreset(QStringLiteral("in14-imap"));
  ControlPanel* panel = window.controlPanel();
  panel->setCompareAll(false);
  EXPECT_TRUE(pane->program().contains(QStringLiteral("pool.imap(")));
  EXPECT_EQ(pane->program(), cliProgram(pane->command()));

  // A typed duration and another worker count: the pane follows, still the CLI's text.
  panel->workersBox()->setValue(2);
  panel->tasks()->durationBox(0)->setValue(0.25);
  EXPECT_TRUE(pane->command().contains(QStringLiteral("--workers 2")));
  EXPECT_TRUE(pane->command().contains(QStringLiteral("--durations 0.25,")));
  EXPECT_TRUE(pane->program().contains(QStringLiteral("WORKERS = 2\n")));
  EXPECT_EQ(pane->program(), cliProgram(pane->command()));

  // The compare view runs the three modes: so does the program.
  panel->setCompareAll(true);
  EXPECT_TRUE(pane->command().contains(QStringLiteral("--mode all")));
  EXPECT_EQ(pane->program(), cliProgram(pane->command()));

  // A failing task chosen in the list is in the program too.
  panel->setCompareAll(false);
  selectWorkload(*panel, "raise");
  panel->tasks()->failButton(2)->click();
  EXPECT_TRUE(pane->command().contains(QStringLiteral("--workload raise --fail-task 2")));
  EXPECT_EQ(pane->program(), cliProgram(pane->command()));

  toggle->trigger();
  EXPECT_FALSE(pane->isVisible());
}

TEST_F(WindowTeachTest, TheTaskChosenToRaiseIsTheOneThatFailsInTheRun) {
  MainWindow window;
  window.show();
  ControlPanel* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::imap_unordered));
  panel->tasks()->setTasks({1, 2, 3}, {0.1, 0.1, 0.1});
  QCoreApplication::processEvents();
  ASSERT_TRUE(panel->tasks()->inputBox(0)->isVisibleTo(panel));
  EXPECT_FALSE(panel->tasks()->failButton(0)->isVisibleTo(panel)) << "sleep: no task fails, no choice shown";
  selectWorkload(*panel, "raise");
  QCoreApplication::processEvents();  // new rows are shown by the layout on the next turn of the event loop
  ASSERT_TRUE(panel->tasks()->failButton(1)->isVisibleTo(panel));
  panel->tasks()->failButton(1)->click();
  EXPECT_EQ(panel->scenario().workload, Workload::raise);
  EXPECT_EQ(panel->scenario().fail_task, std::optional<std::size_t>(1));

  window.run();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 20'000));
  ASSERT_EQ(window.runController()->results().size(), 1u);
  const RunTrace& run = window.runController()->results().front();
  ASSERT_EQ(run.tasks.size(), 3u);
  EXPECT_EQ(run.tasks[0].status, TaskStatus::ok);
  EXPECT_EQ(run.tasks[1].status, TaskStatus::error);
  EXPECT_EQ(run.tasks[2].status, TaskStatus::ok);
  EXPECT_EQ(run.workload, "raise");
}

TEST_F(WindowTeachTest, TheTaskChosenToCrashKillsItsWorkerAndTheRunEnds) {
  MainWindow window;
  window.show();
  ControlPanel* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::imap_unordered));
  panel->tasks()->setTasks({1, 2, 3}, {0.1, 0.1, 0.1});
  selectWorkload(*panel, "crash");
  panel->tasks()->failButton(2)->click();
  window.run();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 20'000));
  ASSERT_EQ(window.runController()->results().size(), 1u);
  const RunTrace& run = window.runController()->results().front();
  ASSERT_EQ(run.tasks.size(), 3u);
  EXPECT_EQ(run.tasks[2].status, TaskStatus::crashed);
  EXPECT_EQ(run.tasks[0].status, TaskStatus::ok);
}

TEST_F(WindowTeachTest, TypedDurationMovesTheSliderAndAddTaskNeverCopiesZero) {
  MainWindow window;
  TaskListEditor* tasks = window.controlPanel()->tasks();
  tasks->setTasks({1, 2}, {1.5, 0.0});
  tasks->durationBox(0)->setValue(2.35);
  EXPECT_DOUBLE_EQ(tasks->durations()[0], 2.35);
  EXPECT_EQ(tasks->durationSlider(0)->value(), 24) << "the slider shows the typed value, to its 0.1 s step";
  tasks->durationSlider(1)->setValue(7);
  EXPECT_DOUBLE_EQ(tasks->durationBox(1)->value(), 0.7);
  tasks->durationSlider(1)->setValue(0);
  ASSERT_TRUE(tasks->addTask());
  EXPECT_DOUBLE_EQ(tasks->durations()[2], 1.0) << "after a 0 s task (In[15]'s last) a new task gets 1 s";
  EXPECT_EQ(tasks->inputs()[2], 3);
  tasks->durationBox(2)->setValue(0.5);
  ASSERT_TRUE(tasks->addTask());
  EXPECT_DOUBLE_EQ(tasks->durations()[3], 0.5);
}

TEST_F(WindowTeachTest, SpaceOnTheMemoryTabMeasuresMemoryAndNeverStartsTheChartRun) {
  MainWindow window;
  window.show();
  memory::MemoryView* memory = window.memoryView();
  ASSERT_NE(memory, nullptr);
  memory->setProgram(QStringLiteral(POOLSCOPE_BINARY));
  memory->setRecords(2000);
  memory->setRecordBytes(256);
  memory->setModeIndex(2);  // imap only: quick
  window.tabs()->setCurrentWidget(memory);
  EXPECT_FALSE(window.controlPanel()->isVisible()) << "the pool's control panel does nothing on the Memory tab";

  QAction* space = actionWithShortcut(window, QKeySequence(Qt::Key_Space));
  ASSERT_NE(space, nullptr);
  space->trigger();
  EXPECT_FALSE(window.isRunning()) << "Space on the Memory tab started the Chart tab's run";
  EXPECT_TRUE(memory->isRunning());
  space->trigger();  // Space again stops the measurement
  ASSERT_TRUE(waitUntil([&] { return !memory->isRunning(); }, 10'000));
  EXPECT_FALSE(window.isRunning());

  window.tabs()->setCurrentIndex(0);
  EXPECT_TRUE(window.controlPanel()->isVisible());
}

TEST_F(WindowTeachTest, EmptyChartSaysWhatToDoUntilSomethingRuns) {
  MainWindow window;
  window.show();
  ASSERT_NE(window.firstRunHint(), nullptr);
  EXPECT_TRUE(window.firstRunHint()->isVisible());
  EXPECT_TRUE(window.firstRunHint()->text().contains(QStringLiteral("Space")));
  ControlPanel* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->tasks()->setTasks({1}, {0.1});
  window.run();
  EXPECT_FALSE(window.firstRunHint()->isVisible()) << "the hint covers a running chart";
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 20'000));
  EXPECT_FALSE(window.firstRunHint()->isVisible());
}

TEST_F(WindowTeachTest, ExportedImageCarriesTheSettingsLineAndTheLegendWhenShown) {
  MainWindow window;
  window.show();
  ControlPanel* panel = window.controlPanel();
  panel->setCompareAll(false);
  panel->modeBox()->setCurrentIndex(static_cast<int>(Mode::imap));
  panel->workersBox()->setValue(2);
  panel->chunksizeBox()->setValue(1);
  panel->tasks()->setTasks({1, 2, 3}, {0.1, 0.25, 0.1});
  window.run();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 20'000));

  QTemporaryDir dir;
  const auto read = [](const QString& file) {
    QFile f(file);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << file.toStdString();
    return QString::fromUtf8(f.readAll());
  };
  const QString plain = dir.filePath(QStringLiteral("plain.svg"));
  window.exportImage(plain, {1280, 720});
  EXPECT_TRUE(
      read(plain).contains(QStringLiteral("imap · Pool(2) · chunksize 1 · sleep · durations 0.1, 0.25, 0.1 s")));
  EXPECT_FALSE(read(plain).contains(QStringLiteral("result reaches the caller"))) << "legend off: none exported";

  QAction* legend = actionWithShortcut(window, QKeySequence(Qt::Key_F7));
  ASSERT_NE(legend, nullptr);
  legend->trigger();
  EXPECT_TRUE(window.legendBar()->isVisible());
  const QString withLegend = dir.filePath(QStringLiteral("legend.svg"));
  window.exportImage(withLegend, {1280, 720});
  EXPECT_TRUE(read(withLegend).contains(QStringLiteral("result reaches the caller")));

  // File → "Caption on exported images" off: no settings line.
  for (QAction* a : window.findChildren<QAction*>()) {
    if (a->isCheckable() && a->text().contains(QStringLiteral("Caption"))) a->setChecked(false);
  }
  const QString bare = dir.filePath(QStringLiteral("bare.svg"));
  window.exportImage(bare, {1280, 720});
  EXPECT_FALSE(read(bare).contains(QStringLiteral("Pool(2)")));
}
