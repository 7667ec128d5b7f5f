// Identity of the running process. Kept per pid so a forked child that was never told its name
// (a pool worker forked by the engine) falls back to its OS name instead of claiming "MainProcess".
#include "poolscope/mp/current_process.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace poolscope {

namespace {

struct Identity {
  int pid = 0;  // the process these values belong to
  std::string name;
  std::vector<int> identity;  // empty in the main process
  int children = 0;           // Process objects created here so far
};

const int g_main_pid = static_cast<int>(getpid());

Identity& state() {
  static Identity id{g_main_pid, "MainProcess", {}, 0};
  return id;
}

// A process forked by someone else (e.g. a pool worker): start from a clean slate named after the OS name.
Identity& current_state() {
  Identity& id = state();
  const int pid = static_cast<int>(getpid());
  if (id.pid != pid) {
    std::array<char, 17> comm{};
    prctl(PR_GET_NAME, comm.data(), 0, 0, 0);
    id = Identity{pid, pid == g_main_pid ? std::string("MainProcess") : std::string(comm.data()), {}, 0};
  }
  return id;
}

}  // namespace

CurrentProcess current_process() {
  const Identity& id = current_state();
  return {id.name, id.pid};
}

void set_current_process_name(const std::string& name) {
  current_state().name = name;
  const std::string os_name = name.substr(0, 15);
  prctl(PR_SET_NAME, os_name.c_str(), 0, 0, 0);
}

namespace process_detail {

std::vector<int> next_child_identity() {
  Identity& id = current_state();
  std::vector<int> child = id.identity;
  child.push_back(++id.children);
  return child;
}

void skip_child_identities(int count) {
  if (count > 0) current_state().children += count;
}

void enter_child(const std::vector<int>& identity, const std::string& name) {
  Identity& id = state();
  id = Identity{static_cast<int>(getpid()), name, identity, 0};
  set_current_process_name(name);
}

}  // namespace process_detail

}  // namespace poolscope
