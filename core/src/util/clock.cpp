// StampClock: the time-stamp counter mapped onto CLOCK_MONOTONIC; see clock.hpp.
#include "poolscope/util/clock.hpp"

#include <atomic>
#include <bit>
#include <cstdio>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace poolscope {
namespace {

constexpr std::int64_t kRefreshNs = 1'000'000;
constexpr std::int64_t kShareNs = 10'000'000;  // a rate measured over this long is good enough to lend
// Two counter readings around one clock reading: further apart than this (a few microseconds at any
// clock rate of today), the pair was interrupted.
constexpr std::uint64_t kPairTicks = 20'000;

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
// The counter's rate is the machine's: the first clock to measure it shares it with every later one in
// the process (and, through fork, in the workers), so a new clock needs no millisecond to calibrate.
std::atomic<std::uint64_t> shared_ns_per_tick{0};  // the bits of a double; 0 = not measured yet
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
      const std::uint64_t after = __rdtsc();
      // An anchor is only as good as the pairing of its two readings: one taken around a preemption or
      // an interrupt is not used (the real reading is returned, and the next call tries again).
      if (after - ticks < kPairTicks) {
        const std::uint64_t at = ticks + (after - ticks) / 2;
        if (base_ns_ == 0) {
          base_ns_ = anchor_ns_ = ns;
          base_ticks_ = anchor_ticks_ = at;
          const std::uint64_t shared = shared_ns_per_tick.load(std::memory_order_relaxed);
          if (shared != 0) {
            ns_per_tick_ = std::bit_cast<double>(shared);
            refresh_ticks_ = static_cast<std::uint64_t>(static_cast<double>(kRefreshNs) / ns_per_tick_);
          }
        } else if (ns - anchor_ns_ >= kRefreshNs && at > base_ticks_) {
          // The rate over everything since the first anchor: the longer the baseline, the better.
          ns_per_tick_ = static_cast<double>(ns - base_ns_) / static_cast<double>(at - base_ticks_);
          refresh_ticks_ = static_cast<std::uint64_t>(static_cast<double>(kRefreshNs) / ns_per_tick_);
          anchor_ns_ = ns;
          anchor_ticks_ = at;
          if (ns - base_ns_ >= kShareNs) {
            shared_ns_per_tick.store(std::bit_cast<std::uint64_t>(ns_per_tick_), std::memory_order_relaxed);
          }
        }
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
