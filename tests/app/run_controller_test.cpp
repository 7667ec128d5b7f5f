// The run controller: runs off the GUI thread, feeds the models in timer batches, stops at once.
#include "gui/run_controller.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "app/window_test_support.hpp"
#include "chart/run_model.hpp"
#include "poolscope/util/errors.hpp"

namespace {

using poolscope::Mode;
using poolscope::Scenario;
using poolscope::chart::RunModel;
using poolscope::gui::RunController;
using poolscope_test::waitUntil;

class RunControllerTest : public poolscope_test::GuiTest {};

Scenario scenario(std::vector<double> durations, int workers = 3) {
  Scenario s;
  s.workers = workers;
  s.chunksize = 1;
  s.durations = std::move(durations);
  for (std::size_t i = 0; i < s.durations.size(); ++i) s.inputs.push_back(static_cast<std::int64_t>(i) + 1);
  return s;
}

double emittedAt(const RunModel& model, std::uint64_t index) {
  const auto* task = model.task(index);
  return task == nullptr ? -1.0 : model.seconds(task->emit_ns);
}

TEST_F(RunControllerTest, ImapHandsResultsBackInInputOrderBehindASlowTask) {
  RunController controller;
  RunModel model;
  bool finished = false;
  bool stopped = true;
  QString error = QStringLiteral("not finished");
  QObject::connect(&controller, &RunController::finished, [&](bool s, const QString& e) {
    finished = true;
    stopped = s;
    error = e;
  });
  controller.start(scenario({0.3, 0.1, 0.2}), {Mode::imap}, {&model});
  EXPECT_TRUE(controller.isRunning());
  ASSERT_TRUE(waitUntil([&] { return finished; }, 10'000));
  EXPECT_FALSE(stopped);
  EXPECT_TRUE(error.isEmpty()) << error.toStdString();
  EXPECT_FALSE(controller.isRunning());

  ASSERT_EQ(model.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(model.rows().size(), 3u);
  // Head-of-line blocking: the 0.1 s and 0.2 s results wait for the 0.3 s one.
  for (std::uint64_t i = 0; i < 3; ++i) EXPECT_NEAR(emittedAt(model, i), 0.3, 0.08) << "task " << i;
  EXPECT_TRUE(model.finished());
  ASSERT_EQ(controller.results().size(), 1u);
  EXPECT_EQ(controller.results()[0].mode, Mode::imap);
  EXPECT_EQ(controller.results()[0].label, "PoolScope");
}

TEST_F(RunControllerTest, CompareRunsTheThreeModesOneAfterTheOtherIntoTheirModels) {
  RunController controller;
  RunModel map, imap, unordered;
  std::vector<Mode> started;
  bool finished = false;
  QObject::connect(&controller, &RunController::runStarted, [&](int, Mode m) { started.push_back(m); });
  QObject::connect(&controller, &RunController::finished, [&] { finished = true; });
  controller.start(scenario({0.2, 0.1, 0.0}), {Mode::map, Mode::imap, Mode::imap_unordered}, {&map, &imap, &unordered});
  ASSERT_TRUE(waitUntil([&] { return finished; }, 15'000));

  EXPECT_EQ(started, (std::vector<Mode>{Mode::map, Mode::imap, Mode::imap_unordered}));
  EXPECT_EQ(map.run().mode, Mode::map);
  EXPECT_EQ(map.emissionOrder().size(), 3u);
  for (std::uint64_t i = 0; i < 3; ++i) EXPECT_NEAR(emittedAt(map, i), 0.2, 0.08);  // map waits for the last
  EXPECT_EQ(imap.emissionOrder(), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(unordered.emissionOrder(), (std::vector<std::uint64_t>{2, 1, 0}));
  EXPECT_NEAR(emittedAt(unordered, 2), 0.0, 0.08);
  EXPECT_NEAR(emittedAt(unordered, 1), 0.1, 0.08);
  EXPECT_EQ(controller.results().size(), 3u);
}

TEST_F(RunControllerTest, RecordsReachTheModelInBatchesNotOneSignalPerEvent) {
  RunController controller;
  RunModel model;
  int changes = 0;
  int ticks = 0;
  bool finished = false;
  QObject::connect(&model, &RunModel::tasksChanged, [&] { ++changes; });
  QObject::connect(&controller, &RunController::tick, [&] { ++ticks; });
  QObject::connect(&controller, &RunController::finished, [&] { finished = true; });
  // 100 instant tasks on 16 workers: ~300 start / finish / emit events in well under a second.
  controller.start(scenario(std::vector<double>(100, 0.0), 16), {Mode::imap}, {&model});
  ASSERT_TRUE(waitUntil([&] { return finished; }, 15'000));
  EXPECT_EQ(model.emissionOrder().size(), 100u);
  EXPECT_LE(changes, ticks + 2) << "at most one batch per timer tick";
  EXPECT_LT(changes, 100);
}

TEST_F(RunControllerTest, StopKillsTheWorkersAtOnceAndLeavesNoProcess) {
  RunController controller;
  RunModel model;
  bool finished = false;
  bool stopped = false;
  QObject::connect(&controller, &RunController::finished, [&](bool s, const QString&) {
    finished = true;
    stopped = s;
  });
  controller.start(scenario({5.0, 5.0, 5.0}), {Mode::map}, {&model});
  ASSERT_TRUE(waitUntil([&] { return model.running().size() == 3; }, 5'000));
  const std::set<int> pids = poolscope_test::workerPids(model);
  ASSERT_EQ(pids.size(), 3u);

  const auto asked = std::chrono::steady_clock::now();
  controller.stop();
  ASSERT_TRUE(waitUntil([&] { return finished; }, 2'000)) << "stop must not wait for the 5 s tasks";
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(1));
  EXPECT_TRUE(stopped);
  EXPECT_FALSE(controller.isRunning());
  for (int pid : pids) EXPECT_TRUE(waitUntil([pid] { return poolscope_test::processGone(pid); }, 3'000)) << pid;
  EXPECT_TRUE(waitUntil([] { return poolscope_test::forkServerChildren().empty(); }, 3'000));
}

TEST_F(RunControllerTest, DestroyingTheControllerMidRunTerminatesTheWorkers) {
  RunModel model;
  std::set<int> pids;
  {
    RunController controller;
    controller.start(scenario({5.0, 5.0}), {Mode::imap}, {&model});
    ASSERT_TRUE(waitUntil([&] { return model.running().size() == 2; }, 5'000));
    EXPECT_EQ(poolscope_test::forkServerChildren().size(), 3u);
    pids = poolscope_test::workerPids(model);
  }
  ASSERT_EQ(pids.size(), 2u);  // three workers, two of them busy
  for (int pid : pids) EXPECT_TRUE(waitUntil([pid] { return poolscope_test::processGone(pid); }, 3'000)) << pid;
  // The idle third worker goes too.
  EXPECT_TRUE(waitUntil([] { return poolscope_test::forkServerChildren().empty(); }, 3'000));
}

TEST_F(RunControllerTest, ABadScenarioIsRefusedBeforeAnythingStarts) {
  RunController controller;
  RunModel model;
  Scenario bad = scenario({0.1, std::nan("")});
  EXPECT_THROW(controller.start(bad, {Mode::map}, {&model}), poolscope::InputError);
  EXPECT_FALSE(controller.isRunning());
  Scenario mismatched = scenario({0.1});
  mismatched.inputs = {1, 2};
  EXPECT_THROW(controller.start(mismatched, {Mode::map}, {&model}), poolscope::InputError);
  EXPECT_FALSE(controller.isRunning());
}

}  // namespace
