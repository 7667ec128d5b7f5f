// Task functions and process checks shared by the pool tests: sleeping tasks measured in milliseconds,
// tasks that fail on purpose, and /proc scans for children and shared-memory mappings left behind.
#pragma once

#include <dirent.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "poolscope/pool/fork_server.hpp"
#include "poolscope/util/clock.hpp"

namespace pool_test {

// A task input: the value and how long the task takes.
using Timed = std::pair<int, int>;  // (input, milliseconds)

inline void sleep_until_ns(std::int64_t deadline) {
  for (;;) {
    const auto left = deadline - poolscope::monotonic_ns();
    if (left <= 0) return;
    std::this_thread::sleep_for(std::chrono::nanoseconds(left));
  }
}

inline int sleep_double(Timed t) {
  sleep_until_ns(poolscope::monotonic_ns() + std::int64_t{t.second} * 1'000'000);
  return 2 * t.first;
}

inline int twice(int x) { return 2 * x; }

// Input 13 kills its own worker (like `--workload crash`); the others take `x` ms.
inline int crash_on_13(int x) {
  if (x == 13) raise(SIGKILL);
  sleep_until_ns(poolscope::monotonic_ns() + std::int64_t{x} * 1'000'000);
  return 2 * x;
}

// Input 13 throws (like `--workload raise`).
inline int raise_on_13(int x) {
  if (x == 13) throw std::runtime_error("task 13 refused");
  return 2 * x;
}

inline std::vector<Timed> timed(const std::vector<int>& inputs, const std::vector<int>& ms) {
  std::vector<Timed> out;
  for (std::size_t i = 0; i < inputs.size(); ++i) out.emplace_back(inputs[i], ms[i]);
  return out;
}

inline double seconds_since(std::int64_t t0) { return static_cast<double>(poolscope::monotonic_ns() - t0) / 1e9; }

// Direct children of this process, except the fork server.
inline std::vector<pid_t> children() {
  std::vector<pid_t> out;
  DIR* dir = opendir("/proc");
  if (dir == nullptr) return out;
  const pid_t self = getpid();
  while (dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat("/proc/" + name + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(line.substr(close_paren + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    const pid_t pid = std::stoi(name);
    if (ppid == self && pid != poolscope::ForkServer::pid()) out.push_back(pid);
  }
  closedir(dir);
  return out;
}

// Polls until no child is left (or the deadline passes); returns those still there.
inline std::vector<pid_t> children_after(double seconds) {
  const auto deadline = poolscope::monotonic_ns() + static_cast<std::int64_t>(seconds * 1e9);
  auto left = children();
  while (!left.empty() && poolscope::monotonic_ns() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    left = children();
  }
  return left;
}

// Shared-memory mappings of this process that a pool could have left behind.
inline int pool_mappings() {
  std::ifstream maps("/proc/self/maps");
  int n = 0;
  for (std::string line; std::getline(maps, line);) {
    if (line.find("poolscope-pool") != std::string::npos || line.find("/dev/shm/") != std::string::npos) ++n;
  }
  return n;
}

inline std::set<std::string> dev_shm_entries() {
  std::set<std::string> out;
  if (DIR* dir = opendir("/dev/shm")) {
    while (dirent* e = readdir(dir)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") out.insert(name);
    }
    closedir(dir);
  }
  return out;
}

inline std::string comm_of(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(f, name);
  return name;
}

inline bool alive(pid_t pid) { return kill(pid, 0) == 0 && comm_of(pid) != ""; }

}  // namespace pool_test
