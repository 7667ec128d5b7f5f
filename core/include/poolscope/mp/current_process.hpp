// Python's multiprocessing.current_process(): the name and pid of the process running this code —
// "MainProcess" in the parent, "Process-1", "Test", ... in a Process child, "Worker-N" in a pool worker.
#pragma once

#include <string>
#include <vector>

namespace poolscope {

struct CurrentProcess {
  std::string name;
  int pid = 0;
};

CurrentProcess current_process();

// Gives this process the name current_process() reports (and that `ps` shows, cut to 15 bytes).
void set_current_process_name(const std::string& name);

namespace process_detail {
// Python numbers children per creating process: Process-1, Process-2 in the main process,
// Process-1:1 for the first child of Process-1. Returns the next identity, e.g. {1, 2} for "Process-1:2".
std::vector<int> next_child_identity();
// Takes `count` numbers from this process's child counter, as if that many Process objects had been
// created here: a lesson cell goes on from the numbers the notebook's earlier cells used in its kernel.
void skip_child_identities(int count);
// Called in a freshly forked child: adopts its identity and name, and restarts the child counter.
void enter_child(const std::vector<int>& identity, const std::string& name);
}  // namespace process_detail

}  // namespace poolscope
