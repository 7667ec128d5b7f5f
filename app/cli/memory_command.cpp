// `poolscope memory`: the notebook's conclusion measured. Lower-cases N generated texts through each mode,
// each mode in a child process of its own, prints one line per mode, then writes the samples and the chart.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/arg_cursor.hpp"
#include "cli/commands.hpp"
#include "cli/export_flags.hpp"
#include "cli/flag_values.hpp"
#include "cli/output_guard.hpp"
#include "memory/memory_chart.hpp"
#include "memory/memory_export.hpp"
#include "poolscope/bench/bench_suite.hpp"
#include "poolscope/bench/memory_run.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {
namespace {

struct MemoryRequest {
  bench::MemoryOptions options;
  std::vector<Mode> modes;  // empty until parsed: all three
  std::optional<std::filesystem::path> csv;
  ExportFlags exports;
  bool live = false;  // print every sample as it is taken (the Memory view reads them)
  bool help = false;
};

std::string memoryHelp() {
  return "usage: poolscope memory [--records N] [--record-bytes B] [--workers W] [--chunksize K]\n"
         "                        [--mode map|imap|imap_unordered|all] [--window W] [--csv FILE]\n"
         "                        [--png/--svg/--pdf FILE] [--size WxH] [--theme light|dark]\n"
         "The notebook's conclusion, measured: N generated texts of B bytes are read from a stream, lower-cased\n"
         "by the pool and written on to a discarding sink, through each mode in a process of its own. Prints\n"
         "one line per mode: the caller's peak resident memory, the most results it held (read from the\n"
         "stream but not yet handed on) and the wall time, e.g.\n"
         "  map: peak RSS 463.8 MiB, peak results held 200000, wall 2.04 s\n"
         "\n"
         "  --records N         texts to lower-case, 1 to 100,000,000 (default 200,000)\n"
         "  --record-bytes B    bytes per text, 1 to 16 MiB (default 1024)\n"
         "  --workers W         worker processes, 1 to 64 (default: one per core, as Pool())\n"
         "  --chunksize K       texts per task message, 1 to 1,000,000 (default 1)\n"
         "  --mode MODE         map, imap, imap_unordered, or all (default: all, one after the other)\n"
         "  --window W          bound imap / imap_unordered to W texts in flight (max_in_flight); default 0:\n"
         "                      unbounded, reading ahead as far as the pool's input buffer allows, as CPython\n"
         "  --csv FILE          write the samples (50 a second): mode,t_s,rss_mib,results_held,results_handed_on\n"
         "  --live              also print each sample as it is taken: `sample MODE T_S RSS_MIB HELD HANDED_ON`\n" +
         exportFlagsHelp() +
         "  --help              show this help\n"
         "\n"
         "A run that would not fit in memory is refused before it starts, with what it would need.\n"
         "Exit status: 0 done; 2 bad usage or input (nothing is run or written); 1 a run failed (e.g. killed).\n";
}

std::size_t countFlag(ArgCursor& cursor, const std::string& flag) {
  const std::int64_t v = parseInteger(cursor.value(), flag);
  if (v < 1) throw InputError(flag + " must be at least 1, not " + std::to_string(v));
  return static_cast<std::size_t>(v);
}

MemoryRequest parseMemoryRequest(const Args& args) {
  MemoryRequest request;
  if (std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
    request.help = true;
    return request;
  }
  bench::MemoryOptions& o = request.options;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    const std::string flag = cursor.next();
    if (!cursor.isFlag()) throw InputError("unexpected argument '" + flag + "' (see poolscope memory --help)");
    if (flag == "--records") {
      o.records = countFlag(cursor, flag);
    } else if (flag == "--record-bytes") {
      o.record_bytes = countFlag(cursor, flag);
    } else if (flag == "--workers") {
      const std::int64_t v = parseInteger(cursor.value(), flag);
      if (v < 1 || v > 64) throw InputError("--workers must be between 1 and 64, not " + std::to_string(v));
      o.workers = static_cast<int>(v);
    } else if (flag == "--chunksize") {
      const std::int64_t v = parseInteger(cursor.value(), flag);
      if (v < 1 || v > 1'000'000)
        throw InputError("--chunksize must be between 1 and 1000000, not " + std::to_string(v));
      o.chunksize = static_cast<int>(v);
    } else if (flag == "--window") {
      const std::int64_t v = parseInteger(cursor.value(), flag);
      if (v < 0) throw InputError("--window must be 0 (unbounded) or more, not " + std::to_string(v));
      o.window = static_cast<std::size_t>(v);
    } else if (flag == "--mode") {
      const std::string text = cursor.value();
      if (text != "all") {
        const auto mode = mode_from_string(text);
        if (!mode) throw InputError("--mode must be map, imap, imap_unordered or all, not '" + text + "'");
        request.modes = {*mode};
      }
    } else if (flag == "--csv") {
      request.csv = cursor.value();
    } else if (flag == "--live") {
      cursor.noValue();
      request.live = true;
    } else if (!takeExportFlag(cursor, request.exports)) {
      throw InputError("unknown option '" + flag + "' (see poolscope memory --help)");
    }
  }
  if (!request.exports.caption) {
    throw InputError("--no-caption belongs to poolscope run and render: the memory chart always names its settings");
  }
  if (request.modes.empty()) request.modes = {Mode::map, Mode::imap, Mode::imap_unordered};
  bench::validate_memory_options(o, request.modes);
  if (request.csv) check_output_path(*request.csv, "--csv");
  checkExportPaths(request.exports);
  const std::optional<std::filesystem::path>* outputs[] = {&request.csv, &request.exports.png, &request.exports.svg,
                                                           &request.exports.pdf};
  for (std::size_t a = 0; a < std::size(outputs); ++a) {
    for (std::size_t b = a + 1; b < std::size(outputs); ++b) {
      std::error_code ec;
      if (*outputs[a] && *outputs[b] &&
          std::filesystem::weakly_canonical(**outputs[a], ec) == std::filesystem::weakly_canonical(**outputs[b], ec)) {
        throw InputError("two outputs name the same file " + outputs[a]->value().string() +
                         "; give each output its own file");
      }
    }
  }
  return request;
}

std::string samplesCsv(const std::vector<bench::MemoryModeRun>& runs) {
  std::string csv = "mode,t_s,rss_mib,results_held,results_handed_on\n";
  char line[160];
  for (const auto& run : runs) {
    for (const auto& s : run.samples) {
      std::snprintf(line, sizeof line, "%s,%.4f,%.2f,%llu,%llu\n", std::string(to_string(run.mode)).c_str(), s.t_s,
                    s.rss_mib, static_cast<unsigned long long>(s.held), static_cast<unsigned long long>(s.handed_on));
      csv += line;
    }
  }
  return csv;
}

}  // namespace

int memoryCommand(const Args& args) {
  MemoryRequest request;
  try {
    request = parseMemoryRequest(args);
  } catch (const InputError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  if (request.help) {
    std::cout << memoryHelp();
    return 0;
  }
  const int workers = request.options.workers > 0 ? request.options.workers : bench::core_count();
  std::vector<bench::MemoryModeRun> runs;
  try {
    for (const Mode mode : request.modes) {
      std::function<void(const bench::MemorySample&)> on_sample;
      if (request.live) {
        on_sample = [mode](const bench::MemorySample& s) {
          std::printf("sample %s %.4f %.2f %llu %llu\n", std::string(to_string(mode)).c_str(), s.t_s, s.rss_mib,
                      static_cast<unsigned long long>(s.held), static_cast<unsigned long long>(s.handed_on));
          std::fflush(stdout);
        };
      }
      runs.push_back(bench::run_memory_mode(mode, request.options, on_sample));
      std::cout << memory::MemoryChart::summaryLine(runs.back()).toStdString() << std::endl;
    }
  } catch (const SystemError& e) {
    std::cerr << "poolscope: " << e.what() << '\n';
    return 1;
  }
  // Every fork is done: Qt (and its threads) may start now. Each file is written whole, through the guard: a
  // failure or a stop while they are drawn or written removes the ones this run already wrote.
  OutputGuard guard("no file was written");
  try {
    if (request.csv) guard.write(*request.csv, samplesCsv(runs));
    if (request.exports.any()) {
      HeadlessApp app;
      if (!app.runtimeDir().empty()) guard.removeOnStop(app.runtimeDir());
      memory::MemoryChart chart(request.options, workers,
                                chart::ChartTheme::make(request.exports.theme, /*presenter=*/true));
      chart.setRuns(runs);
      const std::pair<const std::optional<std::filesystem::path>*, chart::ExportFormat> files[] = {
          {&request.exports.png, chart::ExportFormat::png},
          {&request.exports.svg, chart::ExportFormat::svg},
          {&request.exports.pdf, chart::ExportFormat::pdf}};
      for (const auto& [file, format] : files) {
        if (!*file) continue;
        QByteArray bytes;
        try {
          bytes = memory::encodeMemoryChart(chart, format, request.exports.size);
        } catch (const InputError& e) {
          throw InputError("cannot write " + excerpt_path(**file) + ": " + e.what());
        }
        guard.write(**file, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
      }
    }
  } catch (const InputError& e) {
    guard.removeWritten();
    std::cerr << "poolscope: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

}  // namespace poolscope::cli
