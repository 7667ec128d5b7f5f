// Runs the built `poolscope` (or python3) as a child process for the benchmark tests and captures
// its exit code, stdout and stderr. A deadline kills a hung child so a test can never hang.
#pragma once

#include <string>
#include <vector>

namespace bench_test {

struct ProcessResult {
  int exit_code = -1;  // -1: killed at the deadline or by a signal
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, double deadline_seconds = 100.0);

}  // namespace bench_test
