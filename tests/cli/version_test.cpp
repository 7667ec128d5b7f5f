// `poolscope --version` / `-V` print the version set in project(PoolScope VERSION ...), and the man page
// installed with the program documents every command that `poolscope --help` lists.
#include "poolscope/version.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "cli_process.hpp"

using namespace poolscope::test;

namespace {

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(POOLSCOPE_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string project_version() {
  std::smatch m;
  const std::string top = read_source("CMakeLists.txt");
  if (!std::regex_search(top, m, std::regex(R"(project\(PoolScope VERSION ([0-9.]+))"))) return "";
  return m[1];
}

}  // namespace

TEST(Version, BothFlagsPrintTheProjectVersionAndExit0) {
  const std::string expected = "poolscope " + project_version() + "\n";
  ASSERT_NE(project_version(), "");
  EXPECT_EQ(poolscope::version, project_version());
  for (const std::string flag : {"--version", "-V"}) {
    const CliResult r = run_cli({flag});
    EXPECT_EQ(r.exit_code, 0) << flag;
    EXPECT_EQ(r.out(), expected) << flag;
    EXPECT_EQ(r.err, "") << flag;
  }
}

TEST(Version, AMistypedFlagIsOneLineAndExit2) {
  for (const std::string flag : {"--versoin", "-v", "--version=1"}) {
    const CliResult r = run_cli({flag});
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_EQ(r.out(), "") << flag;
    ASSERT_EQ(r.err_lines().size(), 1u) << flag << ": " << r.err;
    EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
  }
}

TEST(ManPage, DocumentsEveryCommandOfHelpAndTheExitCodes) {
  const CliResult help = run_cli({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::string man = read_source("resources/man/poolscope.1.in");
  ASSERT_FALSE(man.empty());

  // Each usage line "poolscope <command> ..." needs a synopsis line ".B poolscope <command>" (roff escapes '-').
  std::vector<std::string> commands;
  const std::regex usage(R"(^(?:usage:)?\s*poolscope ([a-z-]+))");
  for (const Line& line : help.lines) {
    std::smatch m;
    if (std::regex_search(line.text, m, usage)) commands.push_back(m[1]);
  }
  EXPECT_GE(commands.size(), 5u) << help.out();
  for (const std::string& command : commands) {
    const std::string synopsis = "\n.B poolscope " + std::regex_replace(command, std::regex("-"), "\\-");
    const bool found = man.find(synopsis + "\n") != std::string::npos || man.find(synopsis + " ") != std::string::npos;
    EXPECT_TRUE(found) << "the man page lacks `poolscope " << command << "`";
  }
  const std::size_t exit_status = man.find("\n.SH EXIT STATUS\n");
  ASSERT_NE(exit_status, std::string::npos);
  for (const char* code : {"0", "2", "3"}) {
    EXPECT_NE(man.find(std::string("\n.B ") + code + "\n", exit_status), std::string::npos) << "exit code " << code;
  }
}
