// The pool benchmarks behind `poolscope bench`: throughput, latency, start-up and tracing cost.
// Core only; a traced run drains its sink on a second thread, as the GUI does. The same workloads as
// tests/bench/compare_with_python.py runs in Python.
#pragma once

#include <cstddef>
#include <vector>

#include "poolscope/bench/bench_figures.hpp"

namespace poolscope::bench {

// In a chunksize list: Python's map default for the run, ceil(tasks / (4 x workers)).
inline constexpr int kAutoChunksize = 0;

struct SuiteOptions {
  int workers = 0;              // 0 = number of cores (Python's Pool() default)
  std::size_t tasks = 100'000;  // no-op tasks per throughput run
  // Throughput runs every mode at each of these (kAutoChunksize: Python's map default), tracing off and on.
  std::vector<int> chunksizes{1, 10, 100, 1000, kAutoChunksize};
  std::size_t latency_samples = 2'000;  // apply_async round trips, and emission-latency tasks
  double emission_task_us = 200.0;      // each emission-latency task sleeps this long, so the caller is idle
  int startup_repeats = 5;              // pools created per (method, size); the median is reported
  std::vector<int> startup_workers{2, 4, 8};
  bool throughput = true;
  bool latency = true;  // apply_async round trip and emission latency
  bool startup = true;  // forkserver sizes only if ForkServer::running()
  bool tracing = true;
};

// Runs the selected sections and returns their figures (stream and chart are left empty).
// Throws InputError for nonsensical options.
BenchFigures run_suite(const SuiteOptions& options);

// The pieces, each on its own pool.
// Every mode at every chunksize, untraced then traced, each run on a fresh pool.
std::vector<ThroughputFigure> measure_throughput(int workers, std::size_t tasks, const std::vector<int>& chunksizes);
LatencySummary measure_apply_async(int workers, std::size_t samples);
LatencySummary measure_emission(int workers, std::size_t tasks, double task_us);
std::vector<StartupFigure> measure_startup(const std::vector<int>& sizes, int repeats);
TracingFigure measure_tracing(int workers, std::size_t tasks);

// Throws InputError unless every chunksize is kAutoChunksize or 1..kMaxChunksize, each listed once.
inline constexpr int kMaxChunksize = 1'000'000;
void check_chunksizes(const std::vector<int>& chunksizes);

// Python's map default: ceil(tasks / (4 x workers)), at least 1.
int auto_chunksize(std::size_t tasks, int workers);

// Number of online cores.
int core_count();

}  // namespace poolscope::bench
