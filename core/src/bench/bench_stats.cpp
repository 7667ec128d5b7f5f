// Nearest-rank percentiles and rates for the benchmark figures.
#include "poolscope/bench/bench_stats.hpp"

#include <algorithm>
#include <cmath>

namespace poolscope::bench {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  const auto index = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(values.size()))) - 1;
  return values[index];
}

LatencySummary summarize_ns(const std::vector<std::int64_t>& latencies_ns) {
  std::vector<double> us;
  us.reserve(latencies_ns.size());
  for (const std::int64_t ns : latencies_ns) us.push_back(static_cast<double>(ns) / 1000.0);
  LatencySummary summary;
  summary.samples = us.size();
  summary.median_us = percentile(us, 50.0);
  summary.p99_us = percentile(us, 99.0);
  summary.max_us = percentile(us, 100.0);
  return summary;
}

double rate_per_second(std::size_t tasks, std::int64_t elapsed_ns) {
  // A run too fast for the clock still did its tasks: count it as one nanosecond, not infinity.
  const auto ns = std::max<std::int64_t>(elapsed_ns, 1);
  return static_cast<double>(tasks) * 1e9 / static_cast<double>(ns);
}

}  // namespace poolscope::bench
