// JSON form of the benchmark figures.
#include "poolscope/bench/bench_figures.hpp"

#include <string>

#include <nlohmann/json.hpp>

namespace poolscope::bench {

double TracingFigure::overhead_percent() const {
  if (traced_tasks_per_s <= 0.0 || untraced_tasks_per_s <= 0.0) return 0.0;
  return (untraced_tasks_per_s / traced_tasks_per_s - 1.0) * 100.0;
}

std::optional<double> StreamFigures::growth_mib(const std::string& via) const {
  const StreamRun* smallest = nullptr;
  const StreamRun* largest = nullptr;
  for (const StreamRun& run : runs) {
    if (run.via != via) continue;
    if (!smallest || run.records < smallest->records) smallest = &run;
    if (!largest || run.records > largest->records) largest = &run;
  }
  if (!smallest || smallest == largest) return std::nullopt;
  return largest->peak_rss_mib - smallest->peak_rss_mib;
}

std::string throughput_key(const ThroughputFigure& figure) {
  return std::string(to_string(figure.mode)) + "_chunksize_" +
         (figure.auto_chunksize ? std::string("auto") : std::to_string(figure.chunksize));
}

namespace {

nlohmann::json latency_json(const LatencySummary& s) {
  return {{"median", s.median_us}, {"p99", s.p99_us}, {"max", s.max_us}, {"samples", s.samples}};
}

nlohmann::json stream_run_json(const StreamRun& run) {
  nlohmann::json j{{"records", run.records},
                   {"peak_rss_mib", run.peak_rss_mib},
                   {"start_rss_mib", run.start_rss_mib},
                   {"seconds", run.seconds},
                   {"records_per_s", run.seconds > 0 ? static_cast<double>(run.records) / run.seconds : 0.0}};
  if (run.via == "imap") j["max_in_flight"] = run.max_in_flight;
  return j;
}

}  // namespace

std::string to_json(const BenchFigures& f, int indent) {
  nlohmann::json j{
      {"cores", f.cores}, {"workers", f.workers}, {"tasks", f.tasks}, {"auto_chunksize", f.auto_chunksize}};
  for (const bool traced : {false, true}) {
    nlohmann::json t = nlohmann::json::object();
    for (const ThroughputFigure& figure : f.throughput) {
      if (figure.traced == traced) t[throughput_key(figure)] = figure.tasks_per_s;
    }
    if (!t.empty()) j[traced ? "traced_throughput_tasks_per_s" : "throughput_tasks_per_s"] = t;
  }
  if (f.apply_async) j["apply_async_us"] = latency_json(*f.apply_async);
  if (f.emission) j["emission_latency_us"] = latency_json(*f.emission);
  if (!f.startup.empty()) {
    nlohmann::json s = nlohmann::json::object();
    for (const StartupFigure& figure : f.startup) s[figure.method + "_" + std::to_string(figure.workers)] = figure.ms;
    j["startup_ms"] = s;
  }
  if (f.tracing) {
    j["tracing"] = {{"traced_tasks_per_s", f.tracing->traced_tasks_per_s},
                    {"untraced_tasks_per_s", f.tracing->untraced_tasks_per_s},
                    {"overhead_percent", f.tracing->overhead_percent()}};
  }
  if (f.stream) {
    nlohmann::json s{{"record_bytes", f.stream->record_bytes},
                     {"window", f.stream->window},
                     {"chunksize", f.stream->chunksize},
                     {"input_buffer_bytes", f.stream->input_buffer_bytes},
                     {"result_buffer_bytes", f.stream->result_buffer_bytes},
                     {"imap", nlohmann::json::array()},
                     {"map", nlohmann::json::array()}};
    for (const StreamRun& run : f.stream->runs) s[run.via].push_back(stream_run_json(run));
    for (const std::string via : {"imap", "map"}) {
      if (const auto growth = f.stream->growth_mib(via)) s[via + "_growth_mib"] = *growth;
    }
    j["stream"] = s;
  }
  if (f.chart) {
    j["chart"] = {{"tasks", f.chart->tasks},
                  {"workers", f.chart->workers},
                  {"batch", f.chart->batch},
                  {"load_ms", f.chart->load_ms},
                  {"render_ms", f.chart->render_ms},
                  {"apply_ms", f.chart->apply_ms},
                  {"append_ms", f.chart->append_ms},
                  {"append_full_ms", f.chart->append_full_ms},
                  {"dirty_fraction", f.chart->dirty_fraction}};
    if (f.chart->render_big_tasks > 0) {
      j["chart"]["render_big_tasks"] = f.chart->render_big_tasks;
      j["chart"]["load_big_ms"] = f.chart->load_big_ms;
      j["chart"]["render_big_ms"] = f.chart->render_big_ms;
    }
  }
  return j.dump(indent);
}

}  // namespace poolscope::bench
