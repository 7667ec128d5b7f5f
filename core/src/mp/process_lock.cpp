// Robust process-shared pthread mutex: Boost's interprocess_mutex stays locked forever when its holder is
// SIGKILLed; a PTHREAD_MUTEX_ROBUST mutex reports EOWNERDEAD to the next locker, which recovers it.
#include "poolscope/mp/process_lock.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>

#include "poolscope/util/errors.hpp"

namespace poolscope {

namespace {
void check(int rc, const char* what) {
  if (rc != 0) throw SystemError(std::string("cannot ") + what + ": " + std::strerror(rc));
}
}  // namespace

ProcessLock::ProcessLock() {
  pthread_mutexattr_t attr;
  check(pthread_mutexattr_init(&attr), "initialise a process lock");
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  const int rc = pthread_mutex_init(&mutex_, &attr);
  pthread_mutexattr_destroy(&attr);
  check(rc, "initialise a process lock");
}

ProcessLock::~ProcessLock() { pthread_mutex_destroy(&mutex_); }

bool ProcessLock::acquired(int rc) {
  if (rc == 0) return true;
  if (rc == EOWNERDEAD) {
    // The previous holder died inside its critical section: mark the mutex usable again.
    pthread_mutex_consistent(&mutex_);
    recovered_ = true;
    return true;
  }
  if (rc == EBUSY || rc == ETIMEDOUT) return false;
  check(rc, "take a process lock");
  return false;
}

void ProcessLock::lock() { acquired(pthread_mutex_lock(&mutex_)); }

bool ProcessLock::try_lock() { return acquired(pthread_mutex_trylock(&mutex_)); }

bool ProcessLock::try_lock_for(std::chrono::duration<double> timeout) {
  // pthread_mutex_timedlock measures against CLOCK_REALTIME.
  timespec deadline{};
  clock_gettime(CLOCK_REALTIME, &deadline);
  const double seconds = timeout.count() > 0 ? timeout.count() : 0.0;
  const double whole = std::floor(seconds);
  deadline.tv_sec += static_cast<time_t>(whole);
  deadline.tv_nsec += static_cast<long>((seconds - whole) * 1e9);
  if (deadline.tv_nsec >= 1'000'000'000) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1'000'000'000;
  }
  return acquired(pthread_mutex_timedlock(&mutex_, &deadline));
}

void ProcessLock::unlock() { pthread_mutex_unlock(&mutex_); }

bool ProcessLock::take_recovered() noexcept {
  const bool was = recovered_;
  recovered_ = false;
  return was;
}

}  // namespace poolscope
