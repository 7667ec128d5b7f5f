// The watch window is PoolScope's own main window showing the program's runs; a "Stop the program"
// action, closing the window, Ctrl-C and SIGTERM all kill the program's process group.
#include "gui/watch_main.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <iostream>

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QKeySequence>
#include <QMenuBar>
#include <QSocketNotifier>
#include <QStyleFactory>

#include "chart/chart_area.hpp"
#include "gui/control_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/watch_session.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::gui {
namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void onWatchWindowSignal(int signalNumber) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signalNumber);
  [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
  errno = saved;
}

QString commandText(const std::vector<std::string>& command) {
  QStringList parts;
  for (const auto& part : command) parts << QString::fromStdString(part);
  return parts.join(QLatin1Char(' '));
}

}  // namespace

int runWatchGui(const std::vector<std::string>& command) {
  const auto unset = [](const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr || *v == '\0';
  };
  if (unset("DISPLAY") && unset("WAYLAND_DISPLAY") && unset("QT_QPA_PLATFORM")) {
    std::cerr << "poolscope: no display to open the window on (DISPLAY is not set); watch headless with "
                 "`poolscope watch --png FILE -- python3 SCRIPT.py`\n";
    return 2;
  }
  int argc = 1;
  char name[] = "poolscope";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("PoolScope"));
  QApplication::setOrganizationName(QStringLiteral("PoolScope"));
  if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) QApplication::setStyle(fusion);
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/poolscope.svg")));

  MainWindow window;
  WatchSession session(command);
  window.runAction()->setEnabled(false);  // Space would start PoolScope's own pool over the program's runs

  auto* stopAction = new QAction(WatchSession::tr("Stop the program"), &window);
  stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  window.menuBar()->addAction(stopAction);
  QObject::connect(stopAction, &QAction::triggered, &session, &WatchSession::stop);
  // The panel's Stop button stops the program too; its Run button waits until the program has ended.
  QObject::connect(window.controlPanel(), &ControlPanel::stopRequested, &session, &WatchSession::stop);

  const QString what = commandText(command);
  QObject::connect(&session, &WatchSession::runsChanged, &window, [&] {
    window.showRuns(session.models());
    window.controlPanel()->setStatus(
        WatchSession::tr("Watching %1: %n pool call(s) so far.", nullptr, static_cast<int>(session.models().size()))
            .arg(what));
  });
  QObject::connect(&session, &WatchSession::tick, &window, [&](qint64 nowNs) { window.chartArea()->setNowNs(nowNs); });
  QObject::connect(&session, &WatchSession::finished, &window, [&](int status, bool stopped) {
    window.chartArea()->setNowNs(0);
    window.showRuns(session.models());
    window.controlPanel()->setRunning(false);
    stopAction->setEnabled(false);
    window.controlPanel()->setStatus(
        stopped ? WatchSession::tr("Stopped: %1 and every process it started were killed.").arg(what)
                : WatchSession::tr("%1 ended with exit status %2.").arg(what).arg(status));
  });

  // Ctrl-C and SIGTERM end the program and the window alike, leaving nothing behind.
  int signalNumber = 0;
  if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) == 0) {
    struct sigaction action {};
    action.sa_handler = onWatchWindowSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &window);
    QObject::connect(notifier, &QSocketNotifier::activated, &window, [&] {
      unsigned char byte = 0;
      if (::read(g_signalPipe[0], &byte, 1) == 1) signalNumber = byte;
      session.stop();
      QApplication::quit();
    });
  }

  try {
    session.start();
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  window.controlPanel()->setRunning(true);
  window.controlPanel()->setStatus(WatchSession::tr("Watching %1...").arg(what));
  window.show();
  QApplication::exec();
  const bool ended = !session.isRunning();
  session.stop();
  if (signalNumber != 0) return 128 + signalNumber;
  return ended ? session.exitStatus() : 128 + SIGKILL;
}

}  // namespace poolscope::gui
