// Parses the lines `poolscope run` prints: `10 doubled to 20 by Worker-2 (pid 5582) at +1.003 s`
// and the summary `imap: 3 results from 3 workers in 3.004 s`.
#pragma once

#include <optional>
#include <regex>
#include <string>

namespace poolscope::test {

struct ResultLine {
  long long input = 0;
  long long result = 0;
  int worker = 0;
  int pid = 0;
  double at = 0;
};

inline std::optional<ResultLine> parse_result_line(const std::string& line) {
  static const std::regex pattern(R"(^(-?\d+) doubled to (-?\d+) by Worker-(\d+) \(pid (\d+)\) at \+(\d+\.\d{3}) s$)");
  std::smatch m;
  if (!std::regex_match(line, m, pattern)) return std::nullopt;
  return ResultLine{std::stoll(m[1]), std::stoll(m[2]), std::stoi(m[3]), std::stoi(m[4]), std::stod(m[5])};
}

struct SummaryLine {
  std::string mode;
  int results = 0;
  int workers = 0;
  double wall = 0;
};

inline std::optional<SummaryLine> parse_summary_line(const std::string& line) {
  static const std::regex pattern(
      R"(^(map|imap|imap_unordered): (\d+) results? from (\d+) workers? in (\d+\.\d{3}) s( \(.*\))?$)");
  std::smatch m;
  if (!std::regex_match(line, m, pattern)) return std::nullopt;
  return SummaryLine{m[1], std::stoi(m[2]), std::stoi(m[3]), std::stod(m[4])};
}

}  // namespace poolscope::test
