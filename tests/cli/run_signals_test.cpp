// Ctrl-C (SIGINT) or SIGTERM during a long run: the CLI stops its pool, leaves no worker behind,
// writes no file and exits promptly with 130 / 143. A reader that goes away (`| head -1`) stops it cleanly too.
#include <gtest/gtest.h>

#include "cli_process.hpp"

using namespace poolscope::test;

namespace {

void expect_clean_stop(int signal_number, int expected_exit) {
  TempDir dir("signal" + std::to_string(signal_number));
  CliProcess cli({"run", "--mode", "imap", "--workers", "3", "--durations", "0.1,30,30,30", "--trace",
                  dir.file("t.json"), "--csv", dir.file("t.csv")});
  // The first result proves the workers are running; then find them before stopping the CLI.
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 10)) << cli.result().err;
  std::vector<pid_t> workers;
  const double deadline = cli.elapsed() + 5;
  while (workers.size() < 3 && cli.elapsed() < deadline) {
    workers = worker_children(cli.pid());
    if (workers.size() < 3) ::usleep(10'000);
  }
  ASSERT_EQ(workers.size(), 3u) << "no Worker-N children of the CLI in /proc";

  const double sent_at = cli.elapsed();
  ASSERT_EQ(::kill(cli.pid(), signal_number), 0);
  const CliResult r = cli.finish(sent_at + 5);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, expected_exit) << r.err;
  EXPECT_LT(r.wall - sent_at, 2.0) << "the CLI took too long to stop";

  // Every worker is gone (reaped, not a zombie) soon after the CLI exited.
  for (const pid_t pid : workers) {
    const double gone_by = cli.elapsed() + 2;
    while (process_exists(pid) && cli.elapsed() < gone_by) ::usleep(10'000);
    EXPECT_FALSE(process_exists(pid)) << "worker " << pid << " was left behind";
  }
  EXPECT_TRUE(dir.entries().empty()) << "a file was written: " << dir.entries().front();
}

}  // namespace

TEST(RunSignals, SigintStopsEverythingAndExits130) { expect_clean_stop(SIGINT, 130); }

TEST(RunSignals, SigtermStopsEverythingAndExits143) { expect_clean_stop(SIGTERM, 143); }

TEST(RunSignals, ClosedStdoutStopsTheRunAndReapsTheWorkers) {
  TempDir dir("pipe");
  CliProcess cli({"run", "--mode", "imap_unordered", "--durations", "0.05,0.15,30,30", "--trace", dir.file("t.json")});
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 10)) << cli.result().err;
  const auto workers = worker_children(cli.pid());
  EXPECT_FALSE(workers.empty());
  cli.close_stdout();
  const CliResult r = cli.finish(5);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 141);  // 128 + SIGPIPE, what a shell shows for `yes | head -1`
  EXPECT_LT(r.wall, 3.0);
  for (const pid_t pid : workers) {
    const double gone_by = cli.elapsed() + 2;
    while (process_exists(pid) && cli.elapsed() < gone_by) ::usleep(10'000);
    EXPECT_FALSE(process_exists(pid)) << "worker " << pid << " was left behind";
  }
  EXPECT_TRUE(dir.entries().empty());
}

// Outputs are all or nothing: if one cannot be written after the run (here its directory vanished
// meanwhile), the ones already written are removed, and the message says which failed.
TEST(RunSignals, OutputThatFailsAfterTheRunTakesTheOthersWithIt) {
  TempDir dir("undo");
  std::filesystem::create_directories(dir.path() / "sub");
  CliProcess cli(
      {"run", "--mode", "imap", "--durations", "0,0.3", "--trace", dir.file("t.json"), "--csv", dir.file("sub/t.csv")});
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 10)) << cli.result().err;
  std::filesystem::remove_all(dir.path() / "sub");
  const CliResult r = cli.finish(10);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("t.csv"), std::string::npos) << r.err;
  EXPECT_TRUE(dir.entries().empty()) << "left behind: " << dir.entries().front();
}
