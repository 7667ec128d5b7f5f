// Process: plain fork, as Python's default start method on Linux. Forking a threaded process is unsafe,
// so threaded programs (the GUI) run lessons in a child `poolscope lesson run` instead.
#include "poolscope/mp/process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "poolscope/mp/current_process.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

namespace {

ProcessEventHook g_hook = nullptr;

void emit(ProcessEvent::Kind kind, int pid, const std::string& name, int exitcode) {
  if (g_hook != nullptr) g_hook(ProcessEvent{kind, pid, name, monotonic_ns(), exitcode});
}

std::string default_name(const std::vector<int>& identity) {
  std::string name = "Process-";
  for (std::size_t i = 0; i < identity.size(); ++i) {
    if (i != 0) name += ':';
    name += std::to_string(identity[i]);
  }
  return name;
}

int exitcode_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return 1;
}

// Output buffered before fork would otherwise be printed twice, once by each process.
void flush_std_streams() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
}

}  // namespace

void set_process_event_hook(ProcessEventHook hook) { g_hook = hook; }

struct Process::State {
  std::function<void()> target;
  std::vector<int> identity;
  std::string name;
  pid_t pid = 0;
  int pidfd = -1;  // readable when the child ends; lets join() wait with a timeout without polling
  std::optional<int> exitcode;

  ~State() {
    if (pidfd >= 0) ::close(pidfd);
  }
};

Process::Process(std::string name, std::function<void()> target) : s_(std::make_unique<State>()) {
  s_->target = std::move(target);
  s_->identity = process_detail::next_child_identity();
  s_->name = name.empty() ? default_name(s_->identity) : std::move(name);
}

Process::Process(Process&& other) noexcept = default;

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    if (s_ && s_->pid != 0 && !s_->exitcode) reap(true);
    s_ = std::move(other.s_);
  }
  return *this;
}

Process::~Process() {
  if (s_ && s_->pid != 0 && !s_->exitcode) reap(true);
}

void Process::start() {
  if (s_->pid != 0) throw UsageError("a process can only be started once (" + s_->name + ")");
  flush_std_streams();
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw SystemError(std::string("cannot start a process: fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    // A lesson stopped from the GUI kills its parent; the children must not outlive it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    process_detail::enter_child(s_->identity, s_->name);
    const int self = static_cast<int>(getpid());
    emit(ProcessEvent::Kind::started, self, s_->name, 0);
    int code = 0;
    try {
      s_->target();
    } catch (const std::exception& e) {
      std::cerr << "Process " << s_->name << ": " << e.what() << '\n';
      code = 1;
    } catch (...) {
      std::cerr << "Process " << s_->name << ": unknown exception\n";
      code = 1;
    }
    flush_std_streams();
    emit(ProcessEvent::Kind::exited, self, s_->name, code);
    // _exit: the parent's atexit handlers and static destructors belong to the parent.
    _exit(code);
  }
  s_->pid = pid;
  s_->pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

bool Process::reap(bool block) {
  if (s_->exitcode) return true;
  if (s_->pid == 0) return false;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(s_->pid, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  s_->exitcode = r == s_->pid ? exitcode_of(status) : 1;  // ECHILD: someone else reaped it
  if (s_->pidfd >= 0) {
    ::close(s_->pidfd);
    s_->pidfd = -1;
  }
  emit(ProcessEvent::Kind::reaped, s_->pid, s_->name, *s_->exitcode);
  return true;
}

bool Process::join(std::optional<double> timeout_seconds) {
  if (s_->pid == 0) throw UsageError("cannot join a process that was not started (" + s_->name + ")");
  if (s_->exitcode) return true;
  if (!timeout_seconds) return reap(true);
  const std::int64_t deadline = monotonic_ns() + static_cast<std::int64_t>(std::max(0.0, *timeout_seconds) * 1e9);
  while (!reap(false)) {
    const std::int64_t left = deadline - monotonic_ns();
    if (left <= 0) return false;
    if (s_->pidfd >= 0) {
      pollfd p{s_->pidfd, POLLIN, 0};
      poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left / 1'000'000 + 1, 1000)));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // kernels without pidfd_open
    }
  }
  return true;
}

const std::string& Process::name() const { return s_->name; }
void Process::set_name(std::string name) { s_->name = std::move(name); }
int Process::pid() const { return static_cast<int>(s_->pid); }

std::optional<int> Process::exitcode() {
  reap(false);
  return s_->exitcode;
}

bool Process::is_alive() { return s_->pid != 0 && !reap(false); }

void Process::terminate() {
  if (s_->pid != 0 && !s_->exitcode) ::kill(s_->pid, SIGTERM);
}

void Process::kill() {
  if (s_->pid != 0 && !s_->exitcode) ::kill(s_->pid, SIGKILL);
}

}  // namespace poolscope
