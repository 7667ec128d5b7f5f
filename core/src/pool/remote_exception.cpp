// The registry of exception types rethrown as themselves in the caller; see remote_exception.hpp.
// Keyed by demangled name: the worker knows the type, the caller only receives its name.
#include "poolscope/pool/remote_exception.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>

namespace poolscope::detail {
namespace {

template <class E> void rethrow_as(const TaskRecord& r) {
  throw RemoteException<E>(r.index, r.exception_type, r.message);
}

struct Registry {
  std::mutex mutex;
  std::map<std::string, RethrowFn, std::less<>> types;
  Registry() {
    add<std::exception>();
    add<std::logic_error>();
    add<std::invalid_argument>();
    add<std::domain_error>();
    add<std::length_error>();
    add<std::out_of_range>();
    add<std::range_error>();
    add<std::overflow_error>();
    add<std::underflow_error>();
    add<std::bad_alloc>();
  }
  template <class E> void add() { types[demangled_type_name(typeid(E))] = &rethrow_as<E>; }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

std::string demangled_type_name(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(type.name());
}

void register_rethrow(const std::type_info& type, RethrowFn rethrow) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.types[demangled_type_name(type)] = rethrow;
}

void rethrow_task_failure(const TaskRecord& record) {
  if (record.status == TaskStatus::crashed) throw WorkerCrashed(record.index, record.message);
  RethrowFn rethrow = nullptr;
  if (!record.exception_type.empty()) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    const auto it = r.types.find(record.exception_type);
    if (it != r.types.end()) rethrow = it->second;
  }
  if (rethrow != nullptr) rethrow(record);
  throw TaskError(record.index, record.message, record.exception_type);
}

}  // namespace poolscope::detail
