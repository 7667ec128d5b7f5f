// Every output of `run` and `render` is complete or absent: a full disk gives exit 2, one `poolscope:` line
// and no file; a symbolic link under the output name is replaced, never written through; a stop during
// the export ends it within 100 ms and leaves nothing. Inputs that are not files, or that name huge
// task indices, are refused at once with one line.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "cli_process.hpp"
#include "util/tiny_disk.hpp"

using namespace poolscope::test;

namespace {

const std::string kTrace =
    R"({"traceEvents":[)"
    R"({"ph":"X","cat":"task","name":"task 0","pid":11,"tid":11,"ts":0,"dur":1000000,"args":{"mode":"imap","index":0,"input":1,"result":2,"worker":1,"status":"ok","emit_order":0}},)"
    R"({"ph":"X","cat":"task","name":"task 1","pid":12,"tid":12,"ts":0,"dur":2000000,"args":{"mode":"imap","index":1,"input":2,"result":4,"worker":2,"status":"ok","emit_order":1}}]})";

void write_text(const std::string& file, const std::string& text) { std::ofstream(file) << text; }

// Fills the disk to the last block, so that any further write fails with ENOSPC.
void fill(const TinyDisk& disk) {
  const int fd = ::open(disk.file("filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  const std::string block(1024, 'f');
  while (::write(fd, block.data(), block.size()) > 0) {}
  ::close(fd);
}

void expect_one_line_and_no_file(const CliResult& r, const TinyDisk& disk, const std::string& name) {
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_EQ(lines[0].rfind("poolscope: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("No space left"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(name), std::string::npos) << lines[0];
  EXPECT_EQ(disk.entries(), std::vector<std::string>{"filler"}) << "a partial file was left on the full disk";
}

long max_child_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST(OutputSafety, FullDiskFailsEveryChartFormatWithOneLineAndNoFile) {
  TinyDisk disk("render");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  TempDir dir("full_render");
  write_text(dir.file("base.json"), kTrace);
  fill(disk);
  for (const std::string format : {"png", "svg", "pdf"}) {
    const std::string out = disk.file("o." + format);
    expect_one_line_and_no_file(run_cli({"render", dir.file("base.json"), "--" + format, out}), disk, "o." + format);
  }
}

TEST(OutputSafety, FullDiskFailsTraceAndCsvOfARunWithOneLineAndNoFile) {
  TinyDisk disk("run");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  fill(disk);
  expect_one_line_and_no_file(run_cli({"run", "--durations", "0,0", "--quiet", "--trace", disk.file("t.json")}), disk,
                              "t.json");
  expect_one_line_and_no_file(run_cli({"run", "--durations", "0,0", "--quiet", "--csv", disk.file("t.csv")}), disk,
                              "t.csv");
  expect_one_line_and_no_file(run_cli({"run", "--durations", "0,0", "--quiet", "--svg", disk.file("t.svg")}), disk,
                              "t.svg");
}

// One rule for every output: a link under the name is replaced by the new file; its target is untouched.
TEST(OutputSafety, EveryOutputReplacesASymlinkAndLeavesItsTargetAlone) {
  TempDir dir("links");
  const std::vector<std::string> names = {"o.png", "o.svg", "o.pdf", "o.json", "o.csv"};
  for (const auto& name : names) {
    write_text(dir.file("target-" + name), "keep me");
    std::filesystem::create_symlink(dir.file("target-" + name), dir.file(name));
  }
  const CliResult r =
      run_cli({"run", "--durations", "0,0", "--quiet", "--png", dir.file("o.png"), "--svg", dir.file("o.svg"), "--pdf",
               dir.file("o.pdf"), "--trace", dir.file("o.json"), "--csv", dir.file("o.csv"), "--size", "640x360"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& name : names) {
    EXPECT_EQ(read_text(dir.file("target-" + name)), "keep me") << name << " was written through its link";
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(dir.file(name)))) << name;
    EXPECT_GT(std::filesystem::file_size(dir.file(name)), 100u) << name;
  }
}

// poolscope memory draws its own chart: the same rule holds for it.
TEST(OutputSafety, MemoryOutputsReplaceASymlinkAndLeaveItsTargetAlone) {
  TempDir dir("memory_links");
  const std::vector<std::string> names = {"m.png", "m.svg", "m.pdf", "m.csv"};
  for (const auto& name : names) {
    write_text(dir.file("target-" + name), "keep me");
    std::filesystem::create_symlink(dir.file("target-" + name), dir.file(name));
  }
  const CliResult r =
      run_cli({"memory", "--records", "2000", "--mode", "imap", "--workers", "2", "--png", dir.file("m.png"), "--svg",
               dir.file("m.svg"), "--pdf", dir.file("m.pdf"), "--csv", dir.file("m.csv"), "--size", "640x360"},
              120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& name : names) {
    EXPECT_EQ(read_text(dir.file("target-" + name)), "keep me") << name << " was written through its link";
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(dir.file(name)))) << name;
    EXPECT_EQ(read_text(dir.file(name)).rfind("mode,", 0) == 0, name == "m.csv")
        << name << ": only the CSV starts with its header";
    EXPECT_GT(std::filesystem::file_size(dir.file(name)), 20u) << name;
  }
}

TEST(OutputSafety, ADanglingSymlinkDoesNotCreateItsTarget) {
  TempDir dir("dangling");
  write_text(dir.file("base.json"), kTrace);
  std::filesystem::create_symlink(dir.file("nowhere.png"), dir.file("o.png"));
  const CliResult r = run_cli({"render", dir.file("base.json"), "--png", dir.file("o.png"), "--size", "640x360"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("nowhere.png")));
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(dir.file("o.png"))));
}

TEST(OutputSafety, RenderOfAFifoIsRefusedAtOnce) {
  TempDir dir("fifo");
  ASSERT_EQ(::mkfifo(dir.file("fifo.json").c_str(), 0600), 0);
  const CliResult r = run_cli({"render", dir.file("fifo.json"), "--png", dir.file("o.png")}, 10);
  EXPECT_FALSE(r.timed_out) << "render waited for a writer on the FIFO";
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("named pipe (FIFO)"), std::string::npos) << r.err;
  EXPECT_LT(r.wall, 3.0);
  EXPECT_FALSE(std::filesystem::exists(dir.file("o.png")));
}

// The probe's 360-byte file that made render use 1.8 GB: now one sentence, and little memory.
TEST(OutputSafety, SparseTaskIndexIsRefusedWithASentenceAndLittleMemory) {
  TempDir dir("sparse");
  for (const std::string index : {"10000000", "9000000000000000000"}) {
    write_text(
        dir.file("sparse.json"),
        R"({"traceEvents":[{"ph":"X","cat":"task","name":"task","pid":7,"tid":7,"ts":0,"dur":1000,"args":{"mode":"map","index":)" +
            index + R"(,"input":1,"result":2,"worker":1,"status":"ok","emit_order":0}}]})");
    const CliResult r = run_cli({"render", dir.file("sparse.json"), "--png", dir.file("o.png")});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("event 0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("args.index " + index), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.png")));
  }
  EXPECT_LT(max_child_rss_kib(), 400L * 1024) << "render used more memory than a small trace needs";
}

TEST(OutputSafety, AHugeFlagValueIsQuotedShort) {
  const std::string huge(100'000, 'd');
  const CliResult r = run_cli({"run", "--durations", "1", "--theme", huge});
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(r.err_lines().size(), 1u);
  EXPECT_LT(r.err.size(), 300u) << r.err.substr(0, 300);
  EXPECT_NE(r.err.find("ddd"), std::string::npos) << r.err;
}

// Resident memory of a process in KiB (VmRSS), 0 if it is gone.
long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

void expect_prompt_stop_during_export(CliProcess& cli, const TempDir& dir, int signal_number) {
  // A 8000x8000 image takes 256 MB: once the process holds that, it is drawing the chart.
  const double deadline = cli.elapsed() + 60;
  while (rss_kib(cli.pid()) < 200 * 1024 && cli.elapsed() < deadline) ::usleep(1000);
  ASSERT_GE(rss_kib(cli.pid()), 200 * 1024) << "the export never started: " << cli.result().err;
  const double sent_at = cli.elapsed();
  ASSERT_EQ(::kill(cli.pid(), signal_number), 0);
  const CliResult r = cli.finish(sent_at + 10);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 128 + signal_number) << r.err;
  EXPECT_LT(r.wall - sent_at, 0.18) << "the export did not stop within 100 ms";
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(signal_number == SIGINT ? "stopped by SIGINT" : "stopped by SIGTERM"), std::string::npos)
      << r.err;
  const auto left = dir.entries();
  for (const auto& name : left) EXPECT_EQ(name, "base.json") << "left behind after the stop";
}

TEST(OutputSafety, SigintDuringARunsExportStopsAtOnceAndRemovesItsFiles) {
  TempDir dir("sigint_export");
  CliProcess cli({"run", "--durations", "0,0", "--quiet", "--trace", dir.file("t.json"), "--png", dir.file("big.png"),
                  "--size", "8000x8000"});
  // The summary line comes when the run is over and the outputs are about to be written.
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 30)) << cli.result().err;
  expect_prompt_stop_during_export(cli, dir, SIGINT);
}

TEST(OutputSafety, SigtermDuringRenderStopsAtOnce) {
  TempDir dir("sigterm_render");
  write_text(dir.file("base.json"), kTrace);
  CliProcess cli({"render", dir.file("base.json"), "--svg", dir.file("o.svg"), "--png", dir.file("big.png"), "--size",
                  "8000x8000"});
  expect_prompt_stop_during_export(cli, dir, SIGTERM);
}
