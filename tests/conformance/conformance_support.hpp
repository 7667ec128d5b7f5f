// Shared by the conformance tests: runs a program with a deadline, finds python3, and predicts the
// schedule a pool of idle-pulling workers must produce (the one Python and PoolScope should both draw).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace poolscope::conformance {

struct ProgramResult {
  int exit_code = -1;  // -1 if killed at the deadline
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Runs argv[0] (looked up in PATH) and collects its output; kills it if it outlives the deadline.
inline ProgramResult run_program(const std::vector<std::string>& argv, double timeout_seconds) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ProgramResult result;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buffer[4096];
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 200))) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!result.timed_out) result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// The python3 a student would use, or nullopt if this machine has none.
inline std::optional<std::string> find_python() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / "python3";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

inline std::string recorder_script() {
  return (std::filesystem::path(POOLSCOPE_SOURCE_DIR) / "resources" / "python" / "poolscope_record.py").string();
}

// What an ideal pool does: the tasks travel in chunks of `chunksize` consecutive tasks; each chunk goes,
// in input order, to the worker that is free first, which runs its tasks one after the other and hands
// the chunk's results back together when the last one is done. Times in seconds from the run's start.
struct Expected {
  std::vector<double> start, finish, emit;
  std::vector<std::size_t> emission_order;  // task indices in the order the caller receives them
  double wall = 0;
};

inline Expected simulate(const std::string& mode, int workers, const std::vector<double>& durations,
                         std::size_t chunksize = 1) {
  Expected e;
  const std::size_t n = durations.size();
  std::vector<double> free_at(static_cast<std::size_t>(workers), 0.0);
  std::vector<double> chunk_done(n, 0.0);
  for (std::size_t first = 0; first < n; first += chunksize) {
    auto it = std::min_element(free_at.begin(), free_at.end());
    const std::size_t last = std::min(n, first + chunksize);
    for (std::size_t i = first; i < last; ++i) {
      e.start.push_back(*it);
      *it += durations[i];
      e.finish.push_back(*it);
    }
    for (std::size_t i = first; i < last; ++i) chunk_done[i] = *it;
  }
  e.emit.resize(n);
  for (std::size_t i = 0; i < n; ++i) e.emission_order.push_back(i);
  if (mode == "map") {
    const double end = *std::max_element(e.finish.begin(), e.finish.end());
    std::fill(e.emit.begin(), e.emit.end(), end);
  } else if (mode == "imap") {
    double held = 0;
    for (std::size_t i = 0; i < n; ++i) e.emit[i] = held = std::max(held, chunk_done[i]);
  } else {
    e.emit = chunk_done;
    std::stable_sort(e.emission_order.begin(), e.emission_order.end(),
                     [&](std::size_t a, std::size_t b) { return e.emit[a] < e.emit[b]; });
  }
  e.wall = *std::max_element(e.emit.begin(), e.emit.end());
  return e;
}

// One right order needs every two finish times at least `gap` seconds apart (else two results race).
inline bool has_one_right_order(const Expected& e, double gap) {
  std::vector<double> finishes = e.finish;
  std::sort(finishes.begin(), finishes.end());
  for (std::size_t i = 1; i < finishes.size(); ++i) {
    if (finishes[i] - finishes[i - 1] < gap) return false;
  }
  return true;
}

}  // namespace poolscope::conformance
