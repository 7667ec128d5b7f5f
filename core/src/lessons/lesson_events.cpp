// Events are written with one write() to stderr each, so lines from concurrent processes stay whole.
#include "lessons/lesson_events.hpp"

#include <unistd.h>

#include <cerrno>
#include <string>

#include <nlohmann/json.hpp>

#include "poolscope/util/clock.hpp"

namespace poolscope::lessons::events {

namespace {

LessonSettings g_settings;
std::int64_t g_origin_ns = 0;

double seconds(std::int64_t ns) { return static_cast<double>(ns - g_origin_ns) / 1e9; }

void write_event(const nlohmann::json& event) {
  const std::string line = std::string(kLessonEventPrefix) + event.dump() + '\n';
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

nlohmann::json task_base(const TaskRecord& r) {
  return {{"index", r.index},
          {"pid", r.pid},
          {"worker", r.worker},
          {"name", "Worker-" + std::to_string(r.worker)},
          {"input", r.input}};
}

}  // namespace

const LessonSettings& settings() { return g_settings; }

void begin(const LessonSettings& settings) {
  g_settings = settings;
  g_origin_ns = monotonic_ns();
  set_process_event_hook(settings.events ? &process_event : nullptr);
  if (settings.events) {
    // The cell's own process, so the timeline can name its main row with the pid.
    process_event(ProcessEvent{ProcessEvent::Kind::started, static_cast<int>(getpid()), "MainProcess", g_origin_ns, 0});
  }
}

void process_event(const ProcessEvent& event) {
  static constexpr const char* kinds[] = {"started", "exited", "reaped"};
  nlohmann::json e = {{"kind", kinds[static_cast<int>(event.kind)]},
                      {"pid", event.pid},
                      {"name", event.name},
                      {"t", seconds(event.time_ns)}};
  if (event.kind != ProcessEvent::Kind::started) e["exitcode"] = event.exitcode;
  write_event(e);
}

void task_started(const TaskRecord& r) {
  auto e = task_base(r);
  e["kind"] = "task_started";
  e["start"] = seconds(r.start_ns);
  write_event(e);
}

void task_finished(const TaskRecord& r) {
  auto e = task_base(r);
  e["kind"] = "task";
  e["start"] = seconds(r.start_ns);
  e["finish"] = seconds(r.finish_ns);
  e["status"] = std::string(to_string(r.status));
  if (!r.result.empty()) e["result"] = r.result;
  write_event(e);
}

void task_emitted(const TaskRecord& r) {
  write_event({{"kind", "emit"}, {"index", r.index}, {"t", seconds(r.emit_ns)}});
}

}  // namespace poolscope::lessons::events
