// Names of task statuses and modes as they appear in trace files and on the command line.
#include "poolscope/trace/task_record.hpp"

namespace poolscope {

std::string_view to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::pending: return "pending";
    case TaskStatus::running: return "running";
    case TaskStatus::ok: return "ok";
    case TaskStatus::error: return "error";
    case TaskStatus::crashed: return "crashed";
  }
  return "pending";
}

std::optional<TaskStatus> task_status_from_string(std::string_view text) {
  for (auto s : {TaskStatus::pending, TaskStatus::running, TaskStatus::ok, TaskStatus::error, TaskStatus::crashed}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::map: return "map";
    case Mode::imap: return "imap";
    case Mode::imap_unordered: return "imap_unordered";
  }
  return "map";
}

std::optional<Mode> mode_from_string(std::string_view text) {
  for (auto m : {Mode::map, Mode::imap, Mode::imap_unordered}) {
    if (to_string(m) == text) return m;
  }
  return std::nullopt;
}

}  // namespace poolscope
