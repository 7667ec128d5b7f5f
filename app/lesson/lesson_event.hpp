// One `@event {json}` line of `poolscope lesson run --events`, parsed: a process started or exited, or a
// pool task started, finished or reached the caller. Times are seconds since the cell began.
#pragma once

#include <optional>

#include <QString>

namespace poolscope::lesson {

struct LessonEvent {
  enum class Kind { started, exited, reaped, taskStarted, task, emitted };
  Kind kind = Kind::started;
  int pid = 0;
  QString name;      // Process-1, Test, Worker-2, ...
  double t = 0;      // started / exited / reaped / emit
  int exitcode = 0;  // exited / reaped
  int index = -1;    // taskStarted / task / emit: the task's position in the input
  int worker = 0;
  QString input;  // JSON literal, e.g. "5"
  QString result;
  QString status;     // ok, error, crashed
  double start = 0;   // taskStarted / task
  double finish = 0;  // task
};

// nullopt for a line that is not an event (or a malformed one).
std::optional<LessonEvent> parseLessonEvent(const QString& line);

}  // namespace poolscope::lesson
