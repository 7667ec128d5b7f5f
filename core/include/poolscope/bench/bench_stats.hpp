// Summary statistics for benchmark samples: median and tail percentiles of latencies, rates of runs.
// Nearest-rank percentiles, so a reported p99 is a value that was actually measured.
#pragma once

#include <cstdint>
#include <vector>

namespace poolscope::bench {

struct LatencySummary {
  double median_us = 0.0;
  double p99_us = 0.0;
  double max_us = 0.0;
  std::size_t samples = 0;
};

// Nearest-rank percentile (0 < p <= 100) of `values`; 0 for an empty list. Sorts a copy.
double percentile(std::vector<double> values, double p);

// Summarises latencies given in nanoseconds, reported in microseconds.
LatencySummary summarize_ns(const std::vector<std::int64_t>& latencies_ns);

// Tasks per second for `tasks` tasks that took `elapsed_ns`.
double rate_per_second(std::size_t tasks, std::int64_t elapsed_ns);

}  // namespace poolscope::bench
