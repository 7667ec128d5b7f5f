// Ctrl-C (SIGINT) or SIGTERM during a long run: the CLI stops its pool, leaves no worker behind,
// writes no file and exits promptly with 130 / 143.
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
