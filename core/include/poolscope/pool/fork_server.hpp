// Python's `forkserver` start method: a small process forked at the top of main(), before any thread
// exists, that forks pool workers on request so threaded programs (the GUI) can create pools safely.
#pragma once

#include <sys/types.h>

namespace poolscope {

class ForkServer {
 public:
  // Forks the server. Call it from main() while the process is small and has a single thread; calling it
  // again is a no-op. The server exits when this process dies (PR_SET_PDEATHSIG) and reaps every worker
  // it forked. Throws SystemError if the server cannot be created.
  static void start();
  // True once start() succeeded and the server is still alive.
  static bool running();
  // Pid of the server process, or 0.
  static pid_t pid();
  // Asks the server to exit and reaps it (optional: it also exits with this process).
  static void stop();
};

}  // namespace poolscope
