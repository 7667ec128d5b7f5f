// The lessons' print / time helpers and their event side channel for the Lesson view's timeline.
#include "lessons/lesson_support.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <thread>

#include "lessons/lesson_events.hpp"
#include "poolscope/trace/trace_sink.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::lessons {

namespace detail {
void write_line(const std::string& line) {
  // One write() per line: lines printed by concurrent processes interleave whole, never torn.
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stdout closed (the viewer went away): nothing useful to do
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}
}  // namespace detail

double time_now() { return static_cast<double>(monotonic_ns()) / 1e9; }

void time_sleep(double seconds) {
  const double scaled = seconds * events::settings().time_scale;
  if (scaled > 0) std::this_thread::sleep_for(std::chrono::duration<double>(scaled));
}

std::string fixed1(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", seconds);
  return buf;
}

namespace {

// Turns the pool's task snapshots into `task_started` / `task` / `emit` events, each once.
class TimelineSink final : public TraceSink {
 public:
  void publish(std::span<const TaskRecord> changed) override {
    for (const TaskRecord& r : changed) {
      if (r.start_ns != 0 && started_.insert(r.index).second) events::task_started(r);
      if (is_finished(r.status) && finished_.insert(r.index).second) events::task_finished(r);
      if (r.emit_ns != 0 && emitted_.insert(r.index).second) events::task_emitted(r);
    }
  }

 private:
  std::set<std::uint64_t> started_, finished_, emitted_;
};

}  // namespace

PoolOptions timeline() {
  PoolOptions options;
  if (events::settings().events) {
    static TimelineSink sink;  // one cell runs per process
    options.sink = &sink;
  }
  return options;
}

}  // namespace poolscope::lessons
