// Exceptions that cross the process boundary: a task's std::invalid_argument is rethrown in the caller as
// a std::invalid_argument with the same message, as CPython re-raises a task's own exception type.
#pragma once

// The worker sends the demangled type name and what(); the caller looks the name up:
//   - std::logic_error, std::invalid_argument, std::domain_error, std::length_error, std::out_of_range,
//     std::range_error, std::overflow_error, std::underflow_error, std::bad_alloc, std::exception: rethrown
//     as RemoteException<that type> (what() is the task's message; catch the standard type as usual);
//   - a type registered once with register_exception<MyError>(): likewise;
//   - std::runtime_error, and every type not registered: TaskError (itself a std::runtime_error), whose
//     type_name() names what the task threw.
// All of them are also a TaskFailure (index(), type_name()) and a poolscope::Error. Only the exact type is
// looked up: a subclass of std::invalid_argument that is not registered arrives as TaskError.

#include <mutex>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

// A task's exception of type E, rethrown in the caller.
template <class E> class RemoteException final : public E, public Error, public TaskFailure {
 public:
  RemoteException(std::uint64_t index, std::string type_name, std::string message)
      : E(make(message)), TaskFailure(index, std::move(type_name)), message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  static E make(const std::string& message) {
    if constexpr (std::is_constructible_v<E, const std::string&>) {
      return E(message);
    } else {
      return E();
    }
  }
  std::string message_;
};

namespace detail {
using RethrowFn = void (*)(const TaskRecord& record);
// "std::invalid_argument" for typeid(std::invalid_argument).
std::string demangled_type_name(const std::type_info& type);
void register_rethrow(const std::type_info& type, RethrowFn rethrow);
// Throws the failure `record` describes (status error or crashed) as the caller receives it.
[[noreturn]] void rethrow_task_failure(const TaskRecord& record);
}  // namespace detail

// Makes a task's exception of type E arrive in the caller as RemoteException<E> (an E whose what() is the
// task's message) instead of TaskError. Call it once, before the tasks run (any thread; repeating is
// harmless). E must be a class derived from std::exception, not final.
template <class E> void register_exception() {
  static_assert(std::is_base_of_v<std::exception, E>, "register_exception: E must derive from std::exception");
  detail::register_rethrow(typeid(E),
                           [](const TaskRecord& r) { throw RemoteException<E>(r.index, r.exception_type, r.message); });
}

}  // namespace poolscope
