// `poolscope watch [--png FILE] [--trace FILE] -- python3 SCRIPT.py [ARGS]`: runs a user's program with
// every Pool / executor / Dask Client call recorded, live in the window, or headless with an image at the end.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/arg_cursor.hpp"
#include "cli/commands.hpp"
#include "cli/export_flags.hpp"
#include "cli/output_guard.hpp"
#include "cli/watched_script.hpp"
#include "gui/watch_main.hpp"
#include "poolscope/trace/trace_stream_reader.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::cli {
namespace {

const char* const kUsage =
    "usage: poolscope watch [--png FILE] [--svg FILE] [--pdf FILE] [--size WxH] [--theme light|dark]\n"
    "                       [--trace FILE] -- python3 SCRIPT.py [ARGS...]\n"
    "Runs your Python program unchanged, with every multiprocessing.Pool, ProcessPoolExecutor and Dask\n"
    "Client call it makes recorded, and draws them live in the window as they happen: each pool call is one\n"
    "run of the compare view. With --png / --svg / --pdf nothing opens: the charts are written when the\n"
    "program ends. The program's output passes through, and its exit status is poolscope's. Stop, closing\n"
    "the window, Ctrl-C or SIGTERM kill the program and every process it started.\n"
    "\n"
    "  --trace FILE        also write what was recorded as a trace file (opens in PoolScope and Perfetto)\n"
    "  --no-caption        images without the settings line under the chart\n";

int g_signalPipe[2] = {-1, -1};
volatile std::sig_atomic_t gSignal = 0;

extern "C" void onWatchSignal(int signalNumber) {
  gSignal = signalNumber;
  const int saved = errno;
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
  errno = saved;
}

struct WatchRequest {
  ExportFlags exports;
  std::optional<std::filesystem::path> trace;
  std::vector<std::string> command;
};

WatchRequest parseWatchRequest(const Args& args) {
  WatchRequest request;
  std::vector<std::string> flags;
  std::size_t i = 0;
  for (; i < args.size() && args[i] != "--"; ++i) flags.push_back(args[i]);
  if (i == args.size()) {
    throw InputError(
        "watch needs the program after --: poolscope watch -- python3 SCRIPT.py (see poolscope watch --help)");
  }
  request.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  if (request.command.empty()) throw InputError("watch needs a program after --: poolscope watch -- python3 SCRIPT.py");
  ArgCursor cursor(flags);
  while (!cursor.done()) {
    const std::string arg = cursor.next();
    if (!cursor.isFlag()) {
      throw InputError("unexpected '" + arg + "': the program to watch goes after -- (see poolscope watch --help)");
    }
    if (arg == "--trace") {
      request.trace = cursor.value();
    } else if (!takeExportFlag(cursor, request.exports)) {
      throw InputError("unknown option '" + arg + "' (see poolscope watch --help)");
    }
  }
  checkExportPaths(request.exports);
  if (request.trace) check_output_path(*request.trace, "--trace");
  return request;
}

// Headless: stream into the reader until the program ends, then write the files.
int watchHeadless(const WatchRequest& request) {
  if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) throw InputError("cannot create a pipe");
  struct sigaction action {};
  action.sa_handler = onWatchSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  WatchedScript script(request.command);
  script.start();
  TraceStreamReader reader;
  std::string bytes;
  bool streamOpen = true;
  while (!script.poll() && gSignal == 0) {
    pollfd fds[2] = {{streamOpen ? script.streamFd() : -1, POLLIN, 0}, {g_signalPipe[0], POLLIN, 0}};
    ::poll(fds, 2, 50);
    if (streamOpen) streamOpen = script.readAvailable(bytes);
    reader.feed(bytes);
    bytes.clear();
  }
  if (gSignal != 0) script.kill();
  script.finish(bytes);
  reader.feed(bytes);
  const Trace& trace = reader.finish();
  if (gSignal != 0) {
    std::cerr << "poolscope: stopped by " << (gSignal == SIGTERM ? "SIGTERM" : "SIGINT")
              << "; the program and every process it started were killed, no file was written\n";
    return 128 + static_cast<int>(gSignal);
  }
  if (trace.runs.empty()) {
    std::cerr << "poolscope: the program made no Pool, ProcessPoolExecutor or Dask call: nothing to draw\n";
    return script.exitStatus();
  }
  // Written whole or not at all; a stop while they are drawn or written removes what was written.
  OutputGuard guard("the program had ended; no file was written");
  try {
    if (request.trace) guard.write(*request.trace, trace_to_json(trace));
    exportCharts(trace, request.exports, guard);
  } catch (const InputError& e) {
    guard.removeWritten();
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  return script.exitStatus();
}

}  // namespace

int watchCommand(const Args& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
  }
  try {
    const WatchRequest request = parseWatchRequest(args);
    if (!request.exports.any() && !request.trace) return gui::runWatchGui(request.command);
    return watchHeadless(request);
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace poolscope::cli
