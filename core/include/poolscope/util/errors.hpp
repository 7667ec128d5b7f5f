// Typed exceptions of the core library, with messages a person can act on.
// The CLI turns InputError into one line on stderr and exit code 2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace poolscope {

// Bad user input: a flag, a scenario file, a trace file.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A task threw (or its worker died); what() is the task's message.
class TaskError : public std::runtime_error {
 public:
  TaskError(std::uint64_t index, const std::string& message) : std::runtime_error(message), index_(index) {}
  std::uint64_t index() const { return index_; }

 private:
  std::uint64_t index_;
};

// The worker running the task died (SIGKILL, segfault, abort).
class WorkerCrashed : public TaskError {
 public:
  using TaskError::TaskError;
};

// The pool was stopped (terminate() or request_stop()) while a call was waiting on it.
class PoolStopped : public std::runtime_error {
 public:
  PoolStopped() : std::runtime_error("the pool was stopped") {}
};

// The operating system refused something the pool needs (fork, shared memory, ...).
class SystemError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace poolscope
