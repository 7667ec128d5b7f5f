// Forks, watches and reaps the pool's workers. A worker is watched through a pidfd (polled with the
// parent's eventfd, so one ppoll waits for results and deaths alike), or by waitpid when it has none.
#include "pool/worker_set.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <utility>

#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {
namespace {

// The fork server did not report how a worker ended (it reports within milliseconds normally).
constexpr int kUnknownStatus = -1;

int pidfd_open(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

int pidfd_send_signal(int pidfd, int sig) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

}  // namespace

WorkerSet::WorkerSet(SharedRegion& region, StartMethod method, int processes, ExitHandler on_exit)
    : region_(region), method_(method), on_exit_(std::move(on_exit)) {
  if (method_ == StartMethod::forkserver) {
    server_ = ForkServerConnection::open();
    server_->attach(region_.memfd(), region_.eventfd());
  }
  workers_.resize(static_cast<std::size_t>(processes));
  for (std::size_t w = 0; w < workers_.size(); ++w) workers_[w].id = static_cast<int>(w) + 1;
}

WorkerSet::~WorkerSet() { kill_all(); }

bool WorkerSet::any_alive() const {
  for (const auto& w : workers_) {
    if (w.alive) return true;
  }
  return false;
}

std::vector<WorkerProcess> WorkerSet::alive() const {
  std::vector<WorkerProcess> out;
  for (const auto& w : workers_) {
    if (w.alive) out.push_back({w.id, w.pid});
  }
  return out;
}

void WorkerSet::spawn(std::uint32_t slot) {
  std::string last;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (attempt > 0) {
      // A process that dies before it is ready dies for a reason no task caused (a missing library, a
      // resource limit, a failing start hook): retrying at once would only spin.
      const auto pause = kFirstStartPauseNs << (attempt - 1);
      const timespec ts{static_cast<time_t>(pause / 1'000'000'000), static_cast<long>(pause % 1'000'000'000)};
      while (nanosleep(&ts, nullptr) != 0 && errno == EINTR) {}
    }
    int status = 0;
    if (start(slot, status)) return;
    last = describe_exit(slot, status);
  }
  throw WorkerStartError(
      "Worker-" + std::to_string(workers_[slot].id) + " could not start: it died " + std::to_string(kStartAttempts) +
      " times in a row before it was ready to take a task, so the pool was stopped (last: " + last + ")");
}

bool WorkerSet::start(std::uint32_t slot, int& status) {
  Slot& w = workers_[slot];
  pid_t pid;
  if (method_ == StartMethod::fork) {
    const pid_t parent = getpid();
    pid = fork();
    if (pid < 0) throw SystemError(std::string("cannot fork a worker: ") + std::strerror(errno));
    if (pid == 0) worker_main(region_.base(), slot, region_.eventfd(), parent);
  } else {
    pid = server_->spawn(slot);
  }
  w.pid = pid;
  w.alive = true;
  w.pidfd = pidfd_open(pid);  // may fail (out of fds, or it already died): then waitpid or the server tells
  // Return once it is ready (it has named itself, so `ps` / pgrep -x Worker-N see it as soon as the pool
  // exists), or once it has died before that.
  const auto deadline = monotonic_ns() + 2'000'000'000;
  while (region_.view().rings[slot].ready_pid.load(std::memory_order_acquire) != pid && monotonic_ns() < deadline) {
    bool died = false;
    if (w.pidfd >= 0) {
      pollfd p{w.pidfd, POLLIN, 0};
      died = ::poll(&p, 1, 0) > 0;
    } else if (method_ == StartMethod::fork) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        w.alive = false;
        return false;
      }
    } else {
      died = server_->take_exit_of(pid, 0, status);
      if (died) {
        w.alive = false;
        return false;
      }
    }
    if (died) {
      // It may have become ready just before it died: then it is a worker's death like any other.
      if (region_.view().rings[slot].ready_pid.load(std::memory_order_acquire) == pid) return true;
      if (method_ == StartMethod::fork) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
      } else if (!server_->take_exit_of(pid, 2000, status)) {
        status = kUnknownStatus;
      }
      ::close(w.pidfd);
      w.pidfd = -1;
      w.alive = false;
      return false;
    }
    const timespec pause{0, 20'000};
    nanosleep(&pause, nullptr);
  }
  return true;
}

std::string WorkerSet::describe_exit(std::uint32_t slot, int status) const {
  const Slot& w = workers_[slot];
  std::string who = "Worker-" + std::to_string(w.id) + " (pid " + std::to_string(w.pid) + ")";
  if (status == kUnknownStatus) return who + " died";
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return who + " was killed by signal " + std::to_string(sig) +
           (abbrev != nullptr ? " (SIG" + std::string(abbrev) + ")" : std::string());
  }
  if (WIFEXITED(status)) return who + " exited with code " + std::to_string(WEXITSTATUS(status));
  return who + " died";
}

void WorkerSet::exited(std::uint32_t slot, int status) {
  Slot& w = workers_[slot];
  if (!w.alive) return;
  w.alive = false;
  if (w.pidfd >= 0) ::close(w.pidfd);
  w.pidfd = -1;
  on_exit_(slot, status);
}

void WorkerSet::poll(std::int64_t timeout_ns) {
  std::vector<pollfd> fds;
  fds.push_back({region_.eventfd(), POLLIN, 0});
  if (server_) fds.push_back({server_->fd(), POLLIN, 0});
  const std::size_t first_worker = fds.size();
  std::vector<std::uint32_t> slots;
  for (std::uint32_t w = 0; w < workers_.size(); ++w) {
    if (workers_[w].alive && workers_[w].pidfd >= 0) {
      fds.push_back({workers_[w].pidfd, POLLIN, 0});
      slots.push_back(w);
    }
  }
  const timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
  const int n = ppoll(fds.data(), fds.size(), &ts, nullptr);
  if (method_ == StartMethod::fork) {
    // pidfd_open fails when the process is out of file descriptors: such a worker is checked by waitpid,
    // or its death would never be noticed and the caller would wait forever for its task.
    for (std::uint32_t w = 0; w < workers_.size(); ++w) {
      int status = 0;
      if (workers_[w].alive && workers_[w].pidfd < 0 && waitpid(workers_[w].pid, &status, WNOHANG) == workers_[w].pid) {
        exited(w, status);
      }
    }
  }
  if (n <= 0) return;
  if (fds[0].revents != 0) region_.clear_eventfd();
  bool server_exits = server_ && fds[1].revents != 0;
  for (std::size_t i = first_worker; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    const auto slot = slots[i - first_worker];
    if (method_ == StartMethod::fork) {
      int status = 0;
      if (waitpid(workers_[slot].pid, &status, WNOHANG) == workers_[slot].pid) exited(slot, status);
    } else {
      server_exits = true;  // the server reaps it and reports the status
    }
  }
  if (server_ && server_->has_queued_exits()) server_exits = true;
  if (server_exits) take_server_exits(server_ && fds[1].revents == 0 && !server_->has_queued_exits() ? 2000 : 0);
}

void WorkerSet::take_server_exits(int timeout_ms) {
  for (const WorkerExit& e : server_->take_exits(timeout_ms)) {
    for (std::uint32_t w = 0; w < workers_.size(); ++w) {
      if (workers_[w].alive && workers_[w].pid == e.pid) exited(w, e.status);
    }
  }
}

void WorkerSet::kill_all() noexcept {
  bool ask_server = false;
  for (auto& w : workers_) {
    if (!w.alive) continue;
    // Through the pidfd: it names this process and no other, even if it has died and its pid was reused
    // (the fork server reaps its workers, so a raw pid seen here may already belong to someone else).
    if (w.pidfd >= 0 && (pidfd_send_signal(w.pidfd, SIGKILL) == 0 || errno == ESRCH)) continue;
    // No pidfd (pidfd_open failed, e.g. out of descriptors). A worker we forked ourselves is our child and
    // keeps its pid until we reap it below, so kill() is safe; the fork server's are killed by the server.
    if (method_ == StartMethod::fork) {
      kill(w.pid, SIGKILL);
    } else {
      ask_server = true;
    }
  }
  if (ask_server) server_->kill_workers();
  if (method_ == StartMethod::fork) {
    for (auto& w : workers_) {
      if (!w.alive) continue;
      while (waitpid(w.pid, nullptr, 0) < 0 && errno == EINTR) {}
      w.alive = false;
    }
  }
  if (server_) {
    // The server reaps them; wait for its reports so no worker outlives terminate().
    const auto deadline = monotonic_ns() + 5'000'000'000;
    try {
      while (any_alive() && monotonic_ns() <= deadline) {
        for (const WorkerExit& e : server_->take_exits(100)) {
          for (auto& w : workers_) {
            if (w.alive && w.pid == e.pid) w.alive = false;
          }
        }
      }
    } catch (const std::exception&) {}
  }
  for (auto& w : workers_) {
    if (w.pidfd >= 0) ::close(w.pidfd);
    w.pidfd = -1;
    w.alive = false;
  }
}

}  // namespace poolscope::detail
