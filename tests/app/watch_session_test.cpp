// Watching a program live: its first pool call is drawn while the program is still running (the program
// waits for the test to see it), each pool call becomes a model of its own, and Stop leaves nothing behind.
#include "gui/watch_session.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "app/window_test_support.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using poolscope::gui::WatchSession;
using poolscope_test::waitUntil;

class WatchSessionTest : public poolscope_test::GuiTest {
 protected:
  void SetUp() override {
    GuiTest::SetUp();
    std::istringstream dirs(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin:/bin");
    std::string dir;
    while (python_.empty() && std::getline(dirs, dir, ':')) {
      const auto candidate = std::filesystem::path(dir) / "python3";
      if (::access(candidate.c_str(), X_OK) == 0) python_ = candidate.string();
    }
    if (python_.empty()) GTEST_SKIP() << "python3 is not installed here";
    ASSERT_TRUE(dir_.isValid());
  }

  std::string file(const char* name) const { return dir_.filePath(QString::fromLatin1(name)).toStdString(); }

  std::string python_;
  QTemporaryDir dir_;
};

// The first pool call, then a wait for the go-ahead file that the test creates only once it has drawn that
// call: if the records arrived only when the program ended, the program would wait out its 30 s and fail.
const char* const kWaitsToBeSeen = R"py(import os, sys, time
from multiprocessing import Pool

def double(n):
    time.sleep(n / 10)
    return 2 * n

if __name__ == "__main__":
    with Pool(2) as pool:
        pool.map(double, [2, 1])
        deadline = time.monotonic() + 30
        while not os.path.exists(sys.argv[1]):
            if time.monotonic() > deadline:
                sys.exit(7)
            time.sleep(0.02)
        for _ in pool.imap(double, [1, 1, 1]):
            pass
)py";

TEST_F(WatchSessionTest, PoolCallsAreDrawnWhileTheProgramRuns) {
  std::ofstream(file("live.py")) << kWaitsToBeSeen;
  WatchSession session({python_, file("live.py"), file("go")});
  int runsSignalled = 0;
  QObject::connect(&session, &WatchSession::runsChanged, [&] { ++runsSignalled; });
  bool finished = false;
  int status = -1;
  QObject::connect(&session, &WatchSession::finished, [&](int exitStatus, bool) {
    finished = true;
    status = exitStatus;
  });
  session.start();
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto models = session.models();
        return !models.empty() && models[0]->metrics().emitted == 2U;
      },
      30000))
      << "the first pool call's results never reached the window while the program ran";
  EXPECT_TRUE(session.isRunning());
  EXPECT_FALSE(finished);
  EXPECT_EQ(session.models()[0]->run().mode, poolscope::Mode::map);
  EXPECT_EQ(session.models()[0]->run().label, "Python Pool");
  std::ofstream(file("go")) << "go";
  ASSERT_TRUE(waitUntil([&] { return finished; }, 30000));
  EXPECT_EQ(status, 0);
  ASSERT_EQ(session.models().size(), 2U);
  EXPECT_EQ(runsSignalled, 2);
  EXPECT_EQ(session.models()[1]->run().mode, poolscope::Mode::imap);
  EXPECT_EQ(session.models()[1]->metrics().emitted, 3U);
  EXPECT_TRUE(session.models()[1]->finished());
}

TEST_F(WatchSessionTest, StopKillsTheProgramAndItsWorkers) {
  std::ofstream(file("wait.py")) << kWaitsToBeSeen;
  WatchSession session({python_, file("wait.py"), file("never")});
  bool finished = false;
  bool stopped = false;
  QObject::connect(&session, &WatchSession::finished, [&](int, bool wasStopped) {
    finished = true;
    stopped = wasStopped;
  });
  session.start();
  ASSERT_TRUE(
      waitUntil([&] { return !session.models().empty() && session.models()[0]->metrics().emitted == 2U; }, 30000));
  std::vector<int> pids;
  for (const auto& t : session.models()[0]->run().tasks) pids.push_back(t.pid);
  session.stop();
  ASSERT_TRUE(waitUntil([&] { return finished; }, 5000));
  EXPECT_TRUE(stopped);
  EXPECT_EQ(session.exitStatus(), 128 + SIGKILL);
  for (int pid : pids) {
    EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid))) << "worker " << pid << " left behind";
  }
}

TEST_F(WatchSessionTest, AProgramThatCannotStartIsAnInputError) {
  WatchSession session({"/no/such/python3", "x.py"});
  EXPECT_THROW(session.start(), poolscope::InputError);
  EXPECT_FALSE(session.isRunning());
}

}  // namespace
