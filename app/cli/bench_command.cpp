// `poolscope bench`: measures the pool (and the chart) and prints a table, or one JSON object with --json.
// The figures and their JSON keys are documented in core/include/poolscope/bench_figures.hpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <QApplication>
#include <QtGlobal>

#include "chart/chart_benchmark.hpp"
#include "cli/arg_cursor.hpp"
#include "cli/commands.hpp"
#include "cli/flag_values.hpp"
#include "poolscope/bench/bench_stream.hpp"
#include "poolscope/bench/bench_suite.hpp"
#include "poolscope/pool/fork_server.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {

namespace {

constexpr const char* kUsage =
    "usage: poolscope bench [--json] [--quick] [--workers N] [--tasks N] [--samples N] [--startup-workers 2,4,8]\n"
    "                       [--chunksizes 1,10,100,1000,auto]\n"
    "                       [--only throughput,latency,startup,tracing,chart,stream]\n"
    "                       [--stream N] [--window W] [--record-bytes B] [--stream-chunksize K] [--no-map]\n"
    "                       [--buffer-bytes N | --default-buffers]\n"
    "                       [--chart] [--chart-tasks N] [--chart-render-tasks N]\n"
    "  Default: throughput, latency, start-up, tracing and chart. --stream N and --chart run only those\n"
    "  (unless --only says otherwise). --stream N lower-cases N/100, N/10 and N records of B bytes\n"
    "  through imap (at most W tasks in flight) and through map, each in its own process, and reports\n"
    "  peak RSS. The pool's shared buffers are sized to the window (4 windows of records, at least 1 MiB)\n"
    "  unless --buffer-bytes or --default-buffers (32 MiB input, 8 MiB per worker) says otherwise.\n"
    "  Throughput runs map, imap and imap_unordered at every --chunksizes entry (auto: Python's map default,\n"
    "  ceil(tasks / (4 x workers))), each with tracing off and on (a BufferedSink drained at 60 Hz, as the GUI).\n"
    "  --chart-tasks N sizes the chart's live figures (default 10,000), --chart-render-tasks N its second\n"
    "  full render (default 1,000,000; 0 = none).\n"
    "  --quick uses tiny counts (for tests; its figures are noisy).\n";

const std::set<std::string> kSections{"throughput", "latency", "startup", "tracing", "chart", "stream"};

std::size_t positive(std::string_view text, std::string_view flag) {
  const std::int64_t v = parseInteger(text, flag);
  if (v < 1) throw InputError(std::string(flag) + " must be at least 1");
  return static_cast<std::size_t>(v);
}

std::set<std::string> parseSections(const std::string& text) {
  std::set<std::string> sections;
  std::stringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (!kSections.contains(name)) {
      throw InputError("--only takes throughput, latency, startup, tracing, chart or stream, not '" + excerpt(name) +
                       "'");
    }
    sections.insert(name);
  }
  if (sections.empty()) throw InputError("--only needs at least one section");
  return sections;
}

// "1,10,100,1000,auto": the throughput chunksizes, each listed once (auto = Python's map default).
std::vector<int> parseChunksizes(const std::string& text) {
  std::vector<int> chunksizes;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = text.find(',', from);
    const std::string item = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (item == "auto") {
      chunksizes.push_back(bench::kAutoChunksize);
    } else {
      const std::string expected =
          "--chunksizes takes chunksizes between 1 and " + std::to_string(bench::kMaxChunksize) + ", or auto, not '";
      std::int64_t k = 0;
      try {
        k = parseInteger(item, "--chunksizes");
      } catch (const InputError&) {
        throw InputError(expected + excerpt(item) + "'");
      }
      if (k < 1 || k > bench::kMaxChunksize) throw InputError(expected + std::to_string(k) + "'");
      chunksizes.push_back(static_cast<int>(k));
    }
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  bench::check_chunksizes(chunksizes);
  return chunksizes;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// 1234567.8 -> "1,234,568"
std::string grouped(double v) {
  const std::string digits = std::to_string(static_cast<long long>(std::llround(v)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}
std::string rpad(const std::string& s, std::size_t width) {
  return s.size() >= width ? " " + s : std::string(width - s.size(), ' ') + s;
}

// One grid per tracing setting: a row per mode, a column per chunksize in the order measured.
void printThroughput(const bench::BenchFigures& f, std::ostream& out) {
  std::vector<std::string> columns;
  for (const auto& t : f.throughput) {
    const std::string key = t.auto_chunksize ? "auto" : std::to_string(t.chunksize);
    if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
  }
  out << "\nNo-op throughput (tasks/s, " << grouped(static_cast<double>(f.tasks))
      << " tasks per run; auto = Python's map default, chunksize " << grouped(f.auto_chunksize) << ")\n";
  for (const bool traced : {false, true}) {
    if (std::none_of(f.throughput.begin(), f.throughput.end(), [&](const auto& t) { return t.traced == traced; })) {
      continue;
    }
    out << (traced ? "  tracing on (a BufferedSink drained at 60 Hz)\n" : "  tracing off\n");
    out << "    " << pad("mode", 16);
    for (const auto& c : columns) out << rpad("chunksize " + c, 16);
    out << '\n';
    for (const Mode mode : {Mode::map, Mode::imap, Mode::imap_unordered}) {
      out << "    " << pad(std::string(to_string(mode)), 16);
      for (const auto& c : columns) {
        std::string cell = "-";
        for (const auto& t : f.throughput) {
          if (t.mode == mode && t.traced == traced && (t.auto_chunksize ? "auto" : std::to_string(t.chunksize)) == c) {
            cell = grouped(t.tasks_per_s);
          }
        }
        out << rpad(cell, 16);
      }
      out << '\n';
    }
  }
}

void printTable(const bench::BenchFigures& f, std::ostream& out) {
  out << "PoolScope bench: " << f.cores << " cores, " << f.workers << " workers\n";
  if (!f.throughput.empty()) printThroughput(f, out);
  const auto latencyLine = [&](const char* name, const bench::LatencySummary& s) {
    out << "  " << pad(name, 34) << "median " << rpad(fixed(s.median_us, 1), 8) << " us   p99 "
        << rpad(fixed(s.p99_us, 1), 8) << " us   (" << s.samples << " samples)\n";
  };
  if (f.apply_async || f.emission) out << "\nLatency\n";
  if (f.apply_async) latencyLine("apply_async round trip", *f.apply_async);
  if (f.emission) latencyLine("emission (worker done -> caller)", *f.emission);
  if (!f.startup.empty()) {
    out << "\nPool start-up (constructor to first result, ms, median)\n  " << pad("method", 12);
    std::set<int> sizes;
    for (const auto& s : f.startup) sizes.insert(s.workers);
    for (const int n : sizes) out << rpad(std::to_string(n) + " workers", 12);
    out << '\n';
    for (const std::string method : {"fork", "forkserver"}) {
      bool any = false;
      std::string line = "  " + pad(method, 12);
      for (const int n : sizes) {
        std::string cell = "-";
        for (const auto& s : f.startup) {
          if (s.method == method && s.workers == n) {
            cell = fixed(s.ms, 2);
            any = true;
          }
        }
        line += rpad(cell, 12);
      }
      if (any) out << line << '\n';
    }
  }
  if (f.tracing) {
    out << "\nTracing cost (imap, chunksize 1, tasks/s)\n  untraced " << grouped(f.tracing->untraced_tasks_per_s)
        << "   traced " << grouped(f.tracing->traced_tasks_per_s) << "   overhead "
        << fixed(f.tracing->overhead_percent(), 1) << " %\n";
  }
  if (f.chart) {
    out << "\nGantt chart (" << f.chart->tasks << " tasks, " << f.chart->workers << " workers, offscreen 1920x1080)\n"
        << "  load " << fixed(f.chart->load_ms, 2) << " ms   full render " << fixed(f.chart->render_ms, 2) << " ms\n"
        << "  append " << f.chart->batch << " records: model and scene " << fixed(f.chart->apply_ms, 2)
        << " ms, with the repaint of what changed " << fixed(f.chart->append_ms, 2) << " ms ("
        << fixed(f.chart->dirty_fraction * 100.0, 1) << " % of the image), with a full repaint "
        << fixed(f.chart->append_full_ms, 2) << " ms\n";
    if (f.chart->render_big_tasks > 0) {
      out << "  " << f.chart->render_big_tasks << " tasks: load " << fixed(f.chart->load_big_ms, 2)
          << " ms   full render " << fixed(f.chart->render_big_ms, 2) << " ms\n";
    }
  }
  if (f.stream) {
    const auto& s = *f.stream;
    out << "\nStreaming lower-case (" << s.record_bytes << "-byte records, chunksize " << s.chunksize
        << ", imap window " << s.window << " tasks, shared buffers "
        << fixed(static_cast<double>(s.input_buffer_bytes) / 1048576.0, 1) << " MiB in + "
        << fixed(static_cast<double>(s.result_buffer_bytes) / 1048576.0, 1)
        << " MiB per worker out; each run in its own process)\n  " << pad("route", 8) << rpad("records", 12)
        << rpad("peak RSS MiB", 14) << rpad("records/s", 14) << rpad("max in flight", 15) << '\n';
    for (const auto& r : s.runs) {
      out << "  " << pad(r.via, 8) << rpad(grouped(static_cast<double>(r.records)), 12)
          << rpad(fixed(r.peak_rss_mib, 1), 14)
          << rpad(grouped(r.seconds > 0 ? static_cast<double>(r.records) / r.seconds : 0.0), 14)
          << rpad(r.via == "imap" ? std::to_string(r.max_in_flight) : "all", 15) << '\n';
    }
    for (const std::string via : {"imap", "map"}) {
      if (const auto g = s.growth_mib(via)) {
        out << "  " << via << " peak RSS growth, smallest to largest N: " << fixed(*g, 1) << " MiB\n";
      }
    }
  }
}

bench::ChartFigures runChart(std::size_t tasks, std::size_t bigTasks, int repeats) {
  // The chart draws offscreen: no display is needed, and none is touched.
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "poolscope";
  static char* argv[] = {name, nullptr};
  std::unique_ptr<QApplication> app;
  if (!QApplication::instance()) app = std::make_unique<QApplication>(argc, argv);
  const chart::ChartBenchResult r = chart::runChartBenchmark(tasks, 16, 100, repeats, bigTasks);
  return {r.tasks,    r.workers,      r.batch,         r.loadMs,   r.renderMs,  r.applyMs,
          r.appendMs, r.appendFullMs, r.dirtyFraction, r.bigTasks, r.bigLoadMs, r.bigRenderMs};
}

}  // namespace

int benchCommand(const Args& args) {
  bool json = false;
  bool quick = false;
  bool wantChart = false;
  std::optional<std::set<std::string>> only;
  std::optional<std::size_t> tasks, samples, chartTasks, chartRenderTasks, streamN;
  bench::SuiteOptions suite;
  bench::StreamOptions stream;

  ArgCursor cursor(args);
  while (!cursor.done()) {
    const std::string& flag = cursor.next();
    if (flag == "--help" || flag == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (flag == "--json") {
      cursor.noValue();
      json = true;
    } else if (flag == "--quick") {
      cursor.noValue();
      quick = true;
    } else if (flag == "--chart") {
      cursor.noValue();
      wantChart = true;
    } else if (flag == "--default-buffers") {
      cursor.noValue();
      stream.default_buffers = true;
    } else if (flag == "--buffer-bytes") {
      stream.buffer_bytes = positive(cursor.value(), "--buffer-bytes");
      if (stream.buffer_bytes < 4096) throw InputError("--buffer-bytes must be at least 4096");
    } else if (flag == "--no-map") {
      cursor.noValue();
      stream.with_map = false;
    } else if (flag == "--workers") {
      const auto n = positive(cursor.value(), "--workers");
      if (n > 64) throw InputError("--workers must be between 1 and 64");
      suite.workers = stream.workers = static_cast<int>(n);
    } else if (flag == "--tasks") {
      tasks = positive(cursor.value(), "--tasks");
    } else if (flag == "--samples") {
      samples = positive(cursor.value(), "--samples");
    } else if (flag == "--startup-workers") {
      suite.startup_workers.clear();
      for (const std::int64_t n : parseIntegerList(cursor.value(), "--startup-workers")) {
        if (n < 1 || n > 64) throw InputError("--startup-workers takes pool sizes between 1 and 64");
        suite.startup_workers.push_back(static_cast<int>(n));
      }
    } else if (flag == "--chunksizes") {
      suite.chunksizes = parseChunksizes(cursor.value());
    } else if (flag == "--chart-tasks") {
      chartTasks = positive(cursor.value(), "--chart-tasks");
    } else if (flag == "--chart-render-tasks") {
      const std::int64_t n = parseInteger(cursor.value(), "--chart-render-tasks");
      if (n < 0 || n > 10'000'000) throw InputError("--chart-render-tasks must be between 0 and 10000000");
      chartRenderTasks = static_cast<std::size_t>(n);
    } else if (flag == "--only") {
      only = parseSections(cursor.value());
    } else if (flag == "--stream") {
      streamN = positive(cursor.value(), "--stream");
    } else if (flag == "--window") {
      stream.window = positive(cursor.value(), "--window");
    } else if (flag == "--record-bytes") {
      stream.record_bytes = positive(cursor.value(), "--record-bytes");
    } else if (flag == "--stream-chunksize") {
      stream.chunksize =
          static_cast<int>(std::min<std::size_t>(positive(cursor.value(), "--stream-chunksize"), 1 << 20));
    } else {
      throw InputError("unknown option '" + excerpt(flag) + "' for bench (see poolscope bench --help)");
    }
  }

  std::set<std::string> sections{"throughput", "latency", "startup", "tracing", "chart"};
  if (only) {
    sections = *only;
  } else if (streamN || wantChart) {
    sections.clear();
    if (streamN) sections.insert("stream");
    if (wantChart) sections.insert("chart");
  }
  if (sections.contains("stream") && !streamN) throw InputError("the stream section needs --stream N (a record count)");

  if (quick) {
    suite.tasks = 2'000;
    suite.latency_samples = 200;
    suite.startup_repeats = 1;
  }
  if (tasks) suite.tasks = *tasks;
  if (samples) suite.latency_samples = *samples;
  suite.throughput = sections.contains("throughput");
  suite.latency = sections.contains("latency");
  suite.startup = sections.contains("startup");
  suite.tracing = sections.contains("tracing");

  // Python's forkserver, and ours, must be forked while this process still has one thread. Nothing
  // before this line starts a thread; the chart (Qt) runs last for the same reason.
  if (suite.startup) ForkServer::start();

  bench::BenchFigures figures = bench::run_suite(suite);
  if (sections.contains("stream")) {
    stream.sizes = bench::stream_ladder(*streamN);
    figures.stream = bench::run_stream(stream);
  }
  if (sections.contains("chart")) {
    figures.chart = runChart(chartTasks.value_or(quick ? 1'000 : 10'000),
                             chartRenderTasks.value_or(quick ? 0 : 1'000'000), quick ? 1 : 3);
  }
  if (ForkServer::running()) ForkServer::stop();

  if (json) {
    std::cout << bench::to_json(figures) << '\n';
  } else {
    printTable(figures, std::cout);
  }
  return 0;
}

}  // namespace poolscope::cli
