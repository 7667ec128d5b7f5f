// `poolscope python`: prints the Python program for the tasks `poolscope run` would run with the same flags.
// The flags go through run's own parser, so every flag and every bad-input rule is the same.
#include <algorithm>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/run_request.hpp"
#include "poolscope/scenario/python_program.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::cli {
namespace {

// An argument as a shell would need it, for the program's first comment.
std::string shellQuoted(const std::string& arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789-_=.,/:+") == std::string::npos;
  if (plain) return arg;
  std::string quoted = "'";
  for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The program writes no files: run's output flags would be silently ignored, so they are refused.
void refuseOutputFlags(const Args& args) {
  for (const std::string& arg : args) {
    for (const char* flag : {"--trace", "--csv", "--png", "--svg", "--pdf", "--size", "--theme", "--no-caption"}) {
      const std::string name = flag;
      if (arg == name || arg.starts_with(name + "=")) {
        throw InputError("poolscope python prints a program and writes no file: " + name +
                         " belongs to poolscope run (leave it out)");
      }
    }
  }
}

std::string pythonHelp() {
  return "usage: poolscope python [the options of poolscope run]\n"
         "Prints a complete Python 3 program (standard library only) that runs the same tasks on\n"
         "multiprocessing.Pool and prints each result as `poolscope run` does, for example\n"
         "  poolscope python --preset in14-imap > in14.py && python3 in14.py\n"
         "Worker names are Python's own: ForkPoolWorker-N, ForkServerPoolWorker-N or SpawnPoolWorker-N,\n"
         "depending on the start method. Output options (--trace, --csv, --png, --svg, --pdf, --size,\n"
         "--theme, --no-caption) are refused: the program writes no files. With --workload crash the\n"
         "program gives up waiting after a while, because CPython's Pool waits forever for a task whose\n"
         "worker was killed.\n"
         "\n"
         "Options (as poolscope run):\n"
         "  --preset NAME, --scenario FILE, --mode MODE (or all), --workers N, --chunksize K,\n"
         "  --inputs 5,10,20, --durations 3,3,3, --workload sleep|spin|crash|raise, --fail-task I,\n"
         "  --quiet (the program prints only its summary lines); see poolscope run --help.\n"
         "\n"
         "Exit status: 0 the program was printed; 2 bad usage or input (nothing is printed on stdout).\n";
}

}  // namespace

int pythonCommand(const Args& args) {
  RunRequest request;
  try {
    if (std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
      std::cout << pythonHelp();
      return 0;
    }
    refuseOutputFlags(args);  // before parsing, so `--png /no/such/dir/x.png` is refused for the right reason
    request = parseRunRequest(args);
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  PythonProgramOptions options;
  options.modes = request.modes;
  options.quiet = request.quiet;
  options.made_by = "poolscope python";
  for (const std::string& arg : args) options.made_by += " " + shellQuoted(arg);
  std::cout << python_program(request.scenario, options);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace poolscope::cli
