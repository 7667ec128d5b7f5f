// `poolscope render TRACE.json --png FILE ...`: draws a saved trace (ours, the Python recorder's, or any
// Chrome trace) without running anything. Every input is checked before the first file is written.
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/arg_cursor.hpp"
#include "cli/commands.hpp"
#include "cli/export_flags.hpp"
#include "cli/output_guard.hpp"
#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {
namespace {

std::string renderHelp() {
  return "usage: poolscope render TRACE.json [MORE.json...] [--png FILE] [--svg FILE] [--pdf FILE] [--size WxH]\n"
         "                        [--theme light|dark] [--no-caption]\n"
         "Draws a trace file as an image: one written by `poolscope run --trace`, by\n"
         "resources/python/poolscope_record.py (Python's own multiprocessing.Pool), or any Chrome trace JSON with\n"
         "complete (\"X\") events, such as `ray timeline` or a Perfetto export. Several runs (--mode all, or\n"
         "several files, e.g. py.json ours.json for Python beside PoolScope) are drawn as the compare view.\n"
         "\n" +
         exportFlagsHelp() + captionFlagHelp() +
         "  --help              show this help\n"
         "Each image is written whole or not at all; a symbolic link under its name is replaced by the new\n"
         "file (the file it pointed at is left untouched). A trace must be a regular file.\n"
         "\n"
         "Exit status: 0 the images were written; 2 bad usage, or a trace that cannot be read (nothing is written);\n"
         "130 / 143 stopped by SIGINT / SIGTERM (no image is left behind).\n";
}

struct RenderRequest {
  std::vector<std::filesystem::path> traces;
  ExportFlags exports;
};

RenderRequest parseRenderRequest(const Args& args) {
  RenderRequest request;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    const std::string arg = cursor.next();
    if (!cursor.isFlag()) {
      request.traces.emplace_back(arg);
    } else if (!takeExportFlag(cursor, request.exports)) {
      throw InputError("unknown option '" + excerpt(arg) + "' (see poolscope render --help)");
    }
  }
  if (request.traces.empty()) throw InputError("render needs a trace file: poolscope render TRACE.json --png out.png");
  if (!request.exports.any()) {
    throw InputError("nothing to write: give --png FILE, --svg FILE or --pdf FILE (see poolscope render --help)");
  }
  checkExportPaths(request.exports);
  return request;
}

}  // namespace

int renderCommand(const Args& args) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << renderHelp();
      return 0;
    }
  }
  // Installed before the traces are read: a stop at any moment gives the same one line and exit status.
  OutputGuard guard;
  try {
    const RenderRequest request = parseRenderRequest(args);
    // Every file is read before anything is drawn, so one bad file means no image at all.
    Trace trace;
    for (const auto& file : request.traces) {
      Trace more = read_trace(file);
      for (RunTrace& run : more.runs) trace.runs.push_back(std::move(run));
    }
    exportCharts(trace, request.exports, guard);
  } catch (const InputError& e) {
    guard.removeWritten();
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

}  // namespace poolscope::cli
