// Shared by the main-window and run-controller tests: the fork server started before any thread, settings
// kept in a temporary folder, polling with a deadline, and checks that a worker process is really gone.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>

#include "app/qt_app.hpp"
#include "chart/run_model.hpp"
#include "poolscope/pool/fork_server.hpp"

namespace poolscope_test {

// The GUI forks its workers through the fork server, which must exist before Qt or a test starts a thread.
inline const bool kForkServerStarted = [] {
  poolscope::ForkServer::start();
  return true;
}();

// Polls `done` while the event loop runs, until it holds or `timeoutMs` passes.
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

// True once no process (not even a zombie) has this pid.
inline bool processGone(int pid) { return ::kill(pid, 0) == -1 && errno == ESRCH; }

// Processes the fork server forked that still exist: the pool workers of this test binary.
inline std::set<int> forkServerChildren() {
  std::set<int> children;
  const int server = poolscope::ForkServer::pid();
  if (server <= 0) return children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // Fields after the parenthesised command name: state, ppid, ...
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    char state = 0;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == server) children.insert(std::stoi(name));
  }
  return children;
}

inline std::set<int> workerPids(const poolscope::chart::RunModel& model) {
  std::set<int> pids;
  for (const auto& row : model.rows()) pids.insert(row.pids.begin(), row.pids.end());
  return pids;
}

// Every test gets a QApplication and settings of its own, so nothing leaks between tests or into $HOME.
class GuiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kForkServerStarted);
    qtApp();
    ASSERT_TRUE(settingsDir_.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("PoolScope"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
  }

  QTemporaryDir settingsDir_;
};

// A window test that writes and reads files of its own: path(name) is in a fresh temporary folder.
class GuiFileTest : public GuiTest {
 protected:
  QString path(const QString& name) const { return QDir(files_.path()).filePath(name); }
  QTemporaryDir files_;
};

}  // namespace poolscope_test
