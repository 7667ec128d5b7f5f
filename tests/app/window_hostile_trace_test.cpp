// Hostile files in the window: a FIFO, a trace naming task 10^7, a trace naming task 9*10^18. Each gives a
// dialog whose first sentence is in the user's language, and the window stays usable; an exception that
// escapes any event handler is shown in a dialog instead of ending the program.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <new>

#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QTimer>

#include "app/window_test_support.hpp"
#include "gui/control_panel.hpp"
#include "gui/guarded_application.hpp"
#include "gui/main_window.hpp"
#include "gui/task_list_editor.hpp"
#include "gui/trace_loader.hpp"

namespace {

using poolscope::gui::MainWindow;
using poolscope_test::waitUntil;

using WindowHostileTraceTest = poolscope_test::GuiFileTest;

QByteArray sparse_trace(const char* index) {
  return QByteArray(R"({"traceEvents":[{"ph":"X","cat":"task","name":"task","pid":7,"tid":7,"ts":0,"dur":1000,)") +
         R"("args":{"mode":"map","index":)" + index + R"(,"input":1,"result":2,"worker":1,"status":"ok"}}]})";
}

TEST_F(WindowHostileTraceTest, HostileFilesGiveADialogAndTheWindowStaysUsable) {
  ASSERT_TRUE(files_.isValid());
  for (const char* index : {"10000000", "9000000000000000000"}) {
    QFile file(path(QStringLiteral("sparse-%1.json").arg(QLatin1String(index))));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(sparse_trace(index));
  }
  ASSERT_EQ(::mkfifo(path(QStringLiteral("fifo.json")).toLocal8Bit().constData(), 0600), 0);

  MainWindow window;
  window.show();
  const QStringList files = {path(QStringLiteral("sparse-10000000.json")),
                             path(QStringLiteral("sparse-9000000000000000000.json")),
                             path(QStringLiteral("fifo.json"))};
  const QStringList details = {QStringLiteral("args.index 10000000"), QStringLiteral("args.index 9000000000000000000"),
                               QStringLiteral("named pipe (FIFO)")};
  for (int i = 0; i < files.size(); ++i) {
    window.openTrace(files[i]);
    ASSERT_TRUE(waitUntil([&] { return !window.traceLoader()->isLoading() && !window.lastError().isEmpty(); }, 5'000))
        << files[i].toStdString();
    EXPECT_TRUE(window.lastError().startsWith(QStringLiteral("This file is not a trace PoolScope can draw.")))
        << window.lastError().toStdString();
    EXPECT_TRUE(window.lastError().contains(details[i])) << window.lastError().toStdString();
    EXPECT_TRUE(window.importedTrace().runs.empty());
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("errorMessage"));
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->isVisible());
    box->close();
    QCoreApplication::processEvents();
  }
  window.controlPanel()->setCompareAll(false);
  window.controlPanel()->tasks()->setTasks({1}, {0.05});
  window.run();
  ASSERT_TRUE(waitUntil([&] { return !window.isRunning(); }, 10'000));
  EXPECT_EQ(window.shownModels()[0]->emissionOrder().size(), 1u);
}

// In a child process of its own, since a process has one QApplication: a slot that throws (here, out of
// memory) leaves the program running and shows a dialog saying so.
TEST(GuardedApplication, AnExceptionFromASlotBecomesADialog) {
  if (QCoreApplication::instance() != nullptr) GTEST_SKIP() << "run this test alone (ctest runs each test alone)";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "guarded";
    static char* argv[] = {name, nullptr};
    poolscope::gui::GuardedApplication app(argc, argv);
    QTimer::singleShot(0, &app, [] { throw std::bad_alloc(); });
    QTimer::singleShot(500, &app, [] {
      for (QWidget* w : QApplication::topLevelWidgets()) {
        auto* box = qobject_cast<QMessageBox*>(w);
        if (box != nullptr && box->isVisible() && box->text().contains(QStringLiteral("out of memory"))) ::_exit(42);
      }
      ::_exit(1);
    });
    QTimer::singleShot(10'000, &app, [] { ::_exit(2); });
    QApplication::exec();
    ::_exit(3);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the program ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 42) << "1: no dialog; 2: stuck; 3: the event loop ended";
}

}  // namespace
