// `poolscope memory`: the notebook's conclusion as a behaviour. map holds every result, so the caller's
// peak memory is far above imap's; the samples come out as CSV at >= 20 Hz, the chart as PNG; bad input
// is refused before anything runs.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "cli_process.hpp"

using namespace poolscope::test;

namespace {

struct ModeLine {
  double peak_rss_mib = 0;
  long long peak_held = 0;
  double wall = 0;
};

std::map<std::string, ModeLine> parse_mode_lines(const CliResult& r) {
  static const std::regex pattern(
      R"(^(map|imap|imap_unordered): peak RSS (\d+\.\d) MiB, peak results held (\d+), wall (\d+\.\d\d) s$)");
  std::map<std::string, ModeLine> modes;
  for (const auto& line : r.lines) {
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line.text, m, pattern)) << line.text;
    if (m.empty()) continue;
    modes[m[1]] = ModeLine{std::stod(m[2]), std::stoll(m[3]), std::stod(m[4])};
  }
  return modes;
}

struct CsvRow {
  std::string mode;
  double t = 0;
  double rss = 0;
  long long held = 0;
  long long handed = 0;
};

std::vector<CsvRow> read_csv(const std::string& file, std::string& header) {
  std::ifstream in(file);
  std::getline(in, header);
  std::vector<CsvRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    CsvRow row;
    std::stringstream s(line);
    std::string field;
    std::getline(s, row.mode, ',');
    std::getline(s, field, ',');
    row.t = std::stod(field);
    std::getline(s, field, ',');
    row.rss = std::stod(field);
    std::getline(s, field, ',');
    row.held = std::stoll(field);
    std::getline(s, field, ',');
    row.handed = std::stoll(field);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

// The notebook's rule: 200,000 texts of 1 KB through map fill the caller's memory; imap keeps it flat.
TEST(MemoryCommand, MapHoldsEverythingAndImapDoesNot) {
  TempDir dir("memory");
  const CliResult r = run_cli({"memory", "--records", "200000", "--mode", "all", "--workers", "2", "--csv",
                               dir.file("m.csv"), "--png", dir.file("m.png"), "--size", "1280x720"},
                              120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(r.lines.size(), 3u) << r.out();
  EXPECT_EQ(r.lines[0].text.rfind("map: ", 0), 0u);
  EXPECT_EQ(r.lines[1].text.rfind("imap: ", 0), 0u);
  EXPECT_EQ(r.lines[2].text.rfind("imap_unordered: ", 0), 0u);
  auto modes = parse_mode_lines(r);
  ASSERT_EQ(modes.size(), 3u);
  // 200,000 results of 1 KB held at once are ~200 MiB of text alone; imap's window is a fraction of that.
  EXPECT_GE(modes["map"].peak_rss_mib, modes["imap"].peak_rss_mib + 200.0) << r.out();
  EXPECT_GE(modes["map"].peak_rss_mib, modes["imap_unordered"].peak_rss_mib + 200.0) << r.out();
  EXPECT_EQ(modes["map"].peak_held, 200000);
  EXPECT_LT(modes["imap"].peak_held, 100000);
  for (const auto& [mode, line] : modes) EXPECT_GT(line.wall, 0.0) << mode;

  std::string header;
  const auto rows = read_csv(dir.file("m.csv"), header);
  EXPECT_EQ(header, "mode,t_s,rss_mib,results_held,results_handed_on");
  for (const auto& [mode, line] : modes) {
    SCOPED_TRACE(mode);
    std::vector<CsvRow> own;
    for (const auto& row : rows) {
      if (row.mode == mode) own.push_back(row);
    }
    ASSERT_FALSE(own.empty());
    // At least 20 samples a second over the run, in time order, ending with everything handed on.
    EXPECT_GE(static_cast<double>(own.size()), 20.0 * line.wall * 0.9);
    for (std::size_t i = 1; i < own.size(); ++i) EXPECT_GE(own[i].t, own[i - 1].t);
    EXPECT_EQ(own.back().handed, 200000);
    EXPECT_EQ(own.back().held, 0);
    double peak = 0;
    for (const auto& row : own) peak = std::max(peak, row.rss);
    EXPECT_LE(peak, line.peak_rss_mib + 0.5);  // the kernel's high-water mark is the true peak
  }
  double map_peak = 0;
  double imap_peak = 0;
  for (const auto& row : rows) {
    if (row.mode == "map") map_peak = std::max(map_peak, row.rss);
    if (row.mode == "imap") imap_peak = std::max(imap_peak, row.rss);
  }
  EXPECT_GE(map_peak, imap_peak + 150.0);  // the sampled curves show it too

  const std::string png = read_text(dir.file("m.png"));
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

TEST(MemoryCommand, BadInputIsOneLineAndNothingRuns) {
  TempDir dir("memory_bad");
  const std::vector<std::vector<std::string>> cases = {
      {"--records", "0"},
      {"--records", "many"},
      {"--records", "1000000000"},
      {"--record-bytes", "0"},
      {"--record-bytes", "999999999"},
      {"--workers", "0"},
      {"--chunksize", "0"},
      {"--window", "-1"},
      {"--mode", "fast"},
      {"--bogus"},
      {"extra"},
      {"--size", "10x10", "--png", dir.file("x.png")},
      {"--theme", "pink"},
      {"--png", dir.file("missing/x.png")},
      {"--csv", dir.file("same"), "--png", dir.file("same")},
      // 100 million texts of 16 MiB cannot be held by map on any machine this runs on.
      {"--records", "100000000", "--record-bytes", "16777216", "--mode", "map", "--csv", dir.file("m.csv")},
  };
  for (const auto& flags : cases) {
    std::vector<std::string> args{"memory"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CliResult r = run_cli(args, 20);
    SCOPED_TRACE(r.err);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out(), "");
    ASSERT_EQ(r.err_lines().size(), 1u);
    EXPECT_EQ(r.err_lines()[0].rfind("poolscope: ", 0), 0u);
    EXPECT_LT(r.wall, 5.0);  // refused, not run
  }
  EXPECT_TRUE(dir.entries().empty());
  const CliResult too_big = run_cli({"memory", "--records", "100000000", "--record-bytes", "16777216"});
  EXPECT_NE(too_big.err.find("would need about"), std::string::npos) << too_big.err;
}
