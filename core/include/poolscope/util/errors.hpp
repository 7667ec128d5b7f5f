// Typed exceptions of the core library, with messages a person can act on.
// The CLI turns InputError into one line on stderr and exit code 2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace poolscope {

// The base of every exception the library throws: catch (const poolscope::Error&) catches them all.
// Each one also derives from the standard exception of its kind (std::runtime_error, std::invalid_argument,
// std::logic_error, std::out_of_range), so code that catches those, or std::exception, works unchanged.
// Error itself is not a std::exception: a class deriving from it and from std::invalid_argument would
// otherwise hold two std::exception bases, and catch (const std::exception&) would miss it.
class Error {
 public:
  virtual ~Error() = default;
  virtual const char* what() const noexcept = 0;

 protected:
  Error() = default;
  Error(const Error&) = default;
  Error& operator=(const Error&) = default;
};

// An Error that is also the standard exception `Std`.
template <class Std> class BasicError : public Error, public Std {
 public:
  using Std::Std;
  const char* what() const noexcept override { return Std::what(); }
};

// Bad user input: a flag, a scenario file, a trace file.
class InputError : public BasicError<std::runtime_error> {
 public:
  using BasicError::BasicError;
};

// An argument a call never accepts, like Python's ValueError: Pool(0), a chunksize below 1.
class InvalidArgument : public BasicError<std::invalid_argument> {
 public:
  using BasicError::BasicError;
};

// A call made in a state that does not allow it: submitting to a closed pool, joining a running one,
// starting a process twice.
class UsageError : public BasicError<std::logic_error> {
 public:
  using BasicError::BasicError;
};

// An index or key that is not there, like Python's IndexError / KeyError.
class LookupError : public BasicError<std::out_of_range> {
 public:
  using BasicError::BasicError;
};

// What every failure of a task carries, whatever the type it is rethrown as in the caller: catch
// (const poolscope::TaskFailure&) catches them all. Not a std::exception itself (see Error).
class TaskFailure {
 public:
  virtual ~TaskFailure() = default;
  // The index of the failed task in its call.
  std::uint64_t index() const { return index_; }
  // The demangled C++ type the task threw ("std::invalid_argument"); empty if it was not a
  // std::exception, or the worker died.
  const std::string& type_name() const { return type_name_; }

 protected:
  TaskFailure(std::uint64_t index, std::string type_name) : index_(index), type_name_(std::move(type_name)) {}
  TaskFailure(const TaskFailure&) = default;
  TaskFailure& operator=(const TaskFailure&) = default;

 private:
  std::uint64_t index_;
  std::string type_name_;
};

// A task threw (or its worker died); what() is the task's message. Tasks that throw std::runtime_error,
// or a type not registered with poolscope::register_exception (see pool/remote_exception.hpp), arrive as
// this; type_name() names what they threw.
class TaskError : public BasicError<std::runtime_error>, public TaskFailure {
 public:
  TaskError(std::uint64_t index, const std::string& message, std::string type_name = {})
      : BasicError(message), TaskFailure(index, std::move(type_name)) {}
  using TaskFailure::index;
};

// The worker running the task died (SIGKILL, segfault, abort).
class WorkerCrashed : public TaskError {
 public:
  using TaskError::TaskError;
};

// The pool was stopped (terminate() or request_stop()) while a call was waiting on it.
class PoolStopped : public BasicError<std::runtime_error> {
 public:
  PoolStopped() : BasicError("the pool was stopped") {}
};

// The operating system refused something the pool needs (fork, shared memory, ...).
class SystemError : public BasicError<std::runtime_error> {
 public:
  using BasicError::BasicError;
};

// A new worker process died again and again before it was ready to take a task (so no task is to blame):
// after a few attempts with a growing pause the pool gives up, stops, and says so with this.
class WorkerStartError : public SystemError {
 public:
  using SystemError::SystemError;
};

// A result was not ready within the time asked for, like Python's multiprocessing.TimeoutError.
class TimeoutError : public BasicError<std::runtime_error> {
 public:
  using BasicError::BasicError;
};

}  // namespace poolscope
