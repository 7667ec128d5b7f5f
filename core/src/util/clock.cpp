// StampClock: the time-stamp counter mapped onto CLOCK_MONOTONIC; see clock.hpp.
#include "poolscope/util/clock.hpp"

#include <cstdio>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace poolscope {
namespace {

constexpr std::int64_t kRefreshNs = 1'000'000;

#if defined(__x86_64__) || defined(__i386__)
// The counter is only as good as the kernel's trust in it: it is used when it is the kernel's clocksource
// (then it is invariant and synchronised across cores).
bool counter_is_the_clock() {
  static const bool usable = [] {
    std::FILE* f = std::fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "re");
    if (f == nullptr) return false;
    char name[32] = {};
    const bool read = std::fgets(name, sizeof name, f) != nullptr;
    std::fclose(f);
    return read && std::strncmp(name, "tsc", 3) == 0 && (name[3] == '\n' || name[3] == '\0');
  }();
  return usable;
}
#endif

}  // namespace

std::int64_t StampClock::now() {
#if defined(__x86_64__) || defined(__i386__)
  if (counter_is_the_clock()) {
    const std::uint64_t ticks = __rdtsc();
    std::int64_t ns;
    if (refresh_ticks_ != 0 && ticks - anchor_ticks_ < refresh_ticks_) {
      ns = anchor_ns_ + static_cast<std::int64_t>(static_cast<double>(ticks - anchor_ticks_) * ns_per_tick_);
    } else {
      ns = monotonic_ns();
      if (anchor_ns_ == 0) {
        anchor_ns_ = ns;
        anchor_ticks_ = ticks;
      } else if (ns - anchor_ns_ >= kRefreshNs && ticks > anchor_ticks_) {
        // Calibrated on the last interval, re-anchored at this reading.
        ns_per_tick_ = static_cast<double>(ns - anchor_ns_) / static_cast<double>(ticks - anchor_ticks_);
        refresh_ticks_ = static_cast<std::uint64_t>(static_cast<double>(kRefreshNs) / ns_per_tick_);
        anchor_ns_ = ns;
        anchor_ticks_ = ticks;
      }
    }
    if (ns < last_) return last_;
    last_ = ns;
    return ns;
  }
#endif
  return monotonic_ns();
}

}  // namespace poolscope
