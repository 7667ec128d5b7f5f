// The lessons' Python stand-ins (print, str.format, time, %%time, Manager) and the pools' timeline sink.
#include "lessons/lesson_support.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>
#include <thread>
#include <tuple>

#include "lessons/lesson_events.hpp"
#include "poolscope/mp/current_process.hpp"
#include "poolscope/trace/trace_sink.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

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

std::string format_fields(std::string_view pattern, const std::vector<std::string>& values) {
  std::string out;
  std::size_t next_auto = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out += c;  // {{ and }} are literal braces
      ++i;
    } else if (c == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) throw InputError("format: a '{' without its '}'");
      const std::string_view field = pattern.substr(i + 1, close - i - 1);
      std::size_t index = next_auto++;
      if (!field.empty()) {
        const auto parsed = std::from_chars(field.data(), field.data() + field.size(), index);
        if (parsed.ec != std::errc() || parsed.ptr != field.data() + field.size()) {
          throw InputError("format: only {N} and {} fields are supported, not {" + std::string(field) + "}");
        }
      }
      if (index >= values.size()) throw InputError("format: there is no value for field " + std::to_string(index));
      out += values[index];
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace detail

int PythonOs::getpid() const { return static_cast<int>(::getpid()); }

void PythonTime::sleep(double seconds) const {
  const double scaled = seconds * events::settings().time_scale;
  if (scaled > 0) std::this_thread::sleep_for(std::chrono::duration<double>(scaled));
}

std::string PythonTime::ctime() const {
  // Python spells the names in English whatever the locale, and pads the day with a space ("Dec  1").
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm t{};
  localtime_r(&now, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d", days[t.tm_wday % 7], months[t.tm_mon % 12], t.tm_mday,
                t.tm_hour, t.tm_min, t.tm_sec, t.tm_year + 1900);
  return buf;
}

double PythonTime::time() const {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
// User and system CPU seconds of this process, as IPython's clock2() reads them.
std::pair<double, double> cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}
}  // namespace

TimeMagic::TimeMagic() : wall_start_ns_(monotonic_ns()) { std::tie(user_start_, sys_start_) = cpu_seconds(); }

TimeMagic::~TimeMagic() {
  const double wall = static_cast<double>(monotonic_ns() - wall_start_ns_) / 1e9;
  const auto [user_end, sys_end] = cpu_seconds();
  const double user = user_end - user_start_, sys = sys_end - sys_start_;
  detail::write_line("CPU times: user " + ipython_time(user) + ", sys: " + ipython_time(sys) +
                     ", total: " + ipython_time(user + sys) + "\n");
  detail::write_line("Wall time: " + ipython_time(wall) + "\n");
}

std::string ipython_time(double seconds) {
  if (seconds >= 60.0) {  // IPython's long form: "1min 5s"
    std::string text;
    double left = seconds;
    for (const auto& [suffix, length] : {std::pair{"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}, {"s", 1.0}}) {
      const auto value = static_cast<long>(left / length);
      if (value > 0) {
        left = std::fmod(left, length);
        text += (text.empty() ? "" : " ") + std::to_string(value) + suffix;
      }
      if (left < 1) break;
    }
    return text;
  }
  static constexpr const char* units[] = {"s", "ms", "\u00b5s", "ns"};
  static constexpr double scaling[] = {1, 1e3, 1e6, 1e9};
  int order = 3;
  if (seconds > 0.0) order = std::min(-static_cast<int>(std::floor(std::floor(std::log10(seconds)) / 3)), 3);
  order = std::max(order, 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g %s", seconds * scaling[order], units[order]);
  return buf;
}

Manager::Manager() { process_detail::next_child_identity(); }

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
