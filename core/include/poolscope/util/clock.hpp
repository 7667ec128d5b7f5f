// The one clock every process of a run shares: CLOCK_MONOTONIC in nanoseconds, and a cheaper reading of
// it for stamping millions of tasks.
#pragma once

#include <cstdint>
#include <ctime>

namespace poolscope {

inline std::int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// CLOCK_MONOTONIC read through the CPU's time-stamp counter where the kernel itself keeps time with it
// (clocksource "tsc"): a counter read costs a third of clock_gettime here, and a real reading at least
// every millisecond maps it onto the clock, so a stamp strays from monotonic_ns() by tens of
// nanoseconds at most. Elsewhere it is monotonic_ns(). Never goes backwards. One per thread.
class StampClock {
 public:
  std::int64_t now();

 private:
  std::int64_t base_ns_ = 0;  // the first anchor: the rate is measured from it
  std::uint64_t base_ticks_ = 0;
  std::int64_t anchor_ns_ = 0;  // the latest: stamps are counted from it
  std::uint64_t anchor_ticks_ = 0;
  std::uint64_t refresh_ticks_ = 0;  // counter ticks in about a millisecond, once calibrated
  double ns_per_tick_ = 0.0;
  std::int64_t last_ = 0;
};

}  // namespace poolscope
