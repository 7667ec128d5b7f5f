// The Python behind a scenario: a complete Python 3 program (standard library only) that runs the same
// tasks on multiprocessing.Pool and prints each result the way `poolscope run` does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope {

struct PythonProgramOptions {
  std::vector<Mode> modes;  // run one after the other, each on a fresh Pool; empty = the scenario's mode
  bool quiet = false;       // print only the summary line of each mode
  std::string made_by;      // the command line that made it, quoted in the program's first comment
};

// Throws InputError for an invalid scenario (validate()).
std::string python_program(const Scenario& scenario, const PythonProgramOptions& options);

}  // namespace poolscope
