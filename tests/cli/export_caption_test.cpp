// The settings line under an exported chart: `poolscope run` writes it (with the durations asked for),
// `poolscope render` writes it from the trace (the measured durations), --no-caption leaves it out, and
// `poolscope memory` refuses the flag (its chart always names its settings).
#include <gtest/gtest.h>

#include <string>

#include "cli_process.hpp"

using namespace poolscope::test;

TEST(ExportCaption, RunWritesTheSettingsLineUnderTheChartUnlessToldNotTo) {
  TempDir dir("caption");
  const std::vector<std::string> run = {"run",         "--mode",  "imap",     "--workers",       "2",
                                        "--chunksize", "1",       "--inputs", "1,2,3",           "--durations",
                                        "0.1,0.2,0.1", "--quiet", "--trace",  dir.file("t.json")};
  std::vector<std::string> captioned = run;
  captioned.insert(captioned.end(), {"--svg", dir.file("with.svg")});
  const CliResult with = run_cli(captioned);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const std::string svg = read_text(dir.file("with.svg"));
  EXPECT_NE(svg.find("imap · Pool(2) · chunksize 1 · sleep · durations 0.1, 0.2, 0.1 s"), std::string::npos)
      << "no settings line in the SVG";

  std::vector<std::string> bare = run;
  bare.insert(bare.end(), {"--svg", dir.file("bare.svg"), "--no-caption"});
  const CliResult without = run_cli(bare);
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(read_text(dir.file("bare.svg")).find("Pool(2)"), std::string::npos) << "--no-caption left a caption";
  EXPECT_NE(read_text(dir.file("bare.svg")).find("<svg"), std::string::npos);

  // render knows only the trace: the durations it names are the measured ones.
  const CliResult render = run_cli({"render", dir.file("t.json"), "--svg", dir.file("render.svg")});
  ASSERT_EQ(render.exit_code, 0) << render.err;
  EXPECT_NE(read_text(dir.file("render.svg")).find("imap · Pool(2) · chunksize 1 · sleep · measured 0.1"),
            std::string::npos);
}

TEST(ExportCaption, MemoryRefusesNoCaption) {
  TempDir dir("caption_memory");
  const CliResult r = run_cli({"memory", "--records", "100", "--no-caption", "--png", dir.file("m.png")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-caption"), std::string::npos) << r.err;
  EXPECT_TRUE(dir.entries().empty());
}
